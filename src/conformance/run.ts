// The differential run: example scripts and seeded random scripts on the model and on the host kernel, with shrinking.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { Helper } from '../oracle/helper.ts';
import { opsArbitrary, renderScript, type Op, type ScriptShape } from './arbitrary.ts';
import { GROUPS } from './checklist.ts';
import { checkSource, type Checked, type CheckOptions } from './compare.ts';
import { shrinkLines } from './shrink.ts';

/** Random scripts for the oracle: every call that runs on a real kernel, blocking calls and mounts included. */
export const ORACLE_SHAPE: ScriptShape = { blocking: true, mounts: true, maxLines: 40 };

export interface ScriptReport {
  /** The file (as given) or `random #I (seed S)`. */
  readonly name: string;
  readonly source: string;
  readonly checked: Checked;
  /** For a divergence: the shortest script found that still diverges. */
  readonly shrunk?: string;
}

export interface ConformanceOptions {
  /** Script files to check (the example corpus). */
  readonly files?: readonly string[];
  /** How many random scripts (default 0). */
  readonly random?: number;
  readonly seed?: number;
  readonly shape?: ScriptShape;
  /** Oracle budgets and the model variant (default `host`). */
  readonly check?: CheckOptions;
  /** Shrink at most this many divergences (default 3): shrinking runs the oracle hundreds of times. */
  readonly shrinkLimit?: number;
  /** Called after each script (progress). */
  readonly onScript?: (r: ScriptReport) => void;
}

export interface GroupCount {
  scripts: number;
  agree: number;
  diverge: number;
}

export interface ConformanceReport {
  readonly reports: readonly ScriptReport[];
  readonly seed: number;
  readonly random: number;
  /** Per group A..J, and `-` for scripts outside every group; skipped and failed scripts are not counted. */
  readonly groups: Readonly<Record<string, GroupCount>>;
  readonly totals: { readonly scripts: number; readonly agree: number; readonly diverge: number };
  readonly skipped: readonly ScriptReport[];
  readonly errors: readonly ScriptReport[];
  readonly elapsedMs: number;
}

/** The shortest ops (fast-check's shrinking, starting from `ops`) whose script still diverges. */
async function shrinkOps(ops: readonly Op[], shape: ScriptShape, helper: Helper, check: CheckOptions): Promise<string> {
  const arb = opsArbitrary(shape);
  const r = await fc.check(
    fc.asyncProperty(arb, async (o) => {
      const c = await checkSource(renderScript(o, shape), 'shrink', helper, check);
      return c.verdict.kind !== 'diverge';
    }),
    { examples: [[[...ops]]], numRuns: 1, seed: 0 },
  );
  const best = r.counterexample?.[0] ?? ops;
  // fast-check keeps a script's setup lines (the first quarter creates files); drop the ones that do not matter.
  return shrinkLines(renderScript(best, shape), (s) => stillDiverges(s, helper, check));
}

async function stillDiverges(source: string, helper: Helper, check: CheckOptions): Promise<boolean> {
  return (await checkSource(source, 'shrink', helper, check)).verdict.kind === 'diverge';
}

/** Runs every file, then the random scripts, on both sides; shrinks the first divergences. */
export async function runConformance(helper: Helper, opts: ConformanceOptions = {}): Promise<ConformanceReport> {
  const t0 = Date.now();
  const check = opts.check ?? {};
  const shape = opts.shape ?? ORACLE_SHAPE;
  const seed = opts.seed ?? 1;
  const random = opts.random ?? 0;
  let shrinks = opts.shrinkLimit ?? 3;
  const reports: ScriptReport[] = [];
  const add = (r: ScriptReport): void => {
    reports.push(r);
    opts.onScript?.(r);
  };
  for (const file of opts.files ?? []) {
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch (e) {
      const why = e instanceof Error && 'code' in e ? String(e.code) : 'unreadable';
      const error = { code: 'EPM100' as const, message: `${file}: cannot read script (${why})` };
      add({ name: file, source: '', checked: { verdict: { kind: 'error', error }, groups: [], rows: [], lines: 0 } });
      continue;
    }
    const checked = await checkSource(source, file, helper, check);
    if (checked.verdict.kind === 'diverge' && shrinks-- > 0) {
      const shrunk = await shrinkLines(source, (s) => stillDiverges(s, helper, check));
      add({ name: file, source, checked, shrunk });
    } else add({ name: file, source, checked });
  }
  const samples = random > 0 ? fc.sample(opsArbitrary(shape), { seed, numRuns: random }) : [];
  for (const [i, ops] of samples.entries()) {
    const source = renderScript(ops, shape);
    const name = `random #${i} (seed ${seed})`;
    const checked = await checkSource(source, name, helper, check);
    if (checked.verdict.kind === 'diverge' && shrinks-- > 0) {
      add({ name, source, checked, shrunk: await shrinkOps(ops, shape, helper, check) });
    } else add({ name, source, checked });
  }
  return summarise(reports, seed, random, Date.now() - t0);
}

function summarise(
  reports: readonly ScriptReport[],
  seed: number,
  random: number,
  elapsedMs: number,
): ConformanceReport {
  const groups: Record<string, GroupCount> = {};
  for (const g of [...Object.keys(GROUPS), '-']) groups[g] = { scripts: 0, agree: 0, diverge: 0 };
  const totals = { scripts: 0, agree: 0, diverge: 0 };
  for (const r of reports) {
    const k = r.checked.verdict.kind;
    if (k !== 'agree' && k !== 'diverge') continue;
    totals.scripts++;
    totals[k]++;
    const gs = r.checked.groups.length === 0 ? ['-'] : r.checked.groups;
    for (const g of gs) {
      const c = groups[g] as GroupCount;
      c.scripts++;
      c[k]++;
    }
  }
  return {
    reports,
    seed,
    random,
    groups,
    totals,
    skipped: reports.filter((r) => r.checked.verdict.kind === 'skip'),
    errors: reports.filter((r) => r.checked.verdict.kind === 'error'),
    elapsedMs,
  };
}
