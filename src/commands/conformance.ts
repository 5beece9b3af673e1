// `epoll-lab conformance`: example scripts plus seeded random scripts on the model and the host kernel, per group.
import { writeFileAtomic } from '../util/write-atomic.ts';
import { relative } from 'node:path';
import { renderConformanceDoc } from '../conformance/doc.ts';
import { GROUPS } from '../conformance/checklist.ts';
import { runConformance, type ConformanceReport, type ScriptReport } from '../conformance/run.ts';
import { Helper } from '../oracle/helper.ts';
import { EpmError } from '../script/errors.ts';
import { toJson, type JsonValue } from '../script/json.ts';
import { resolveVariant } from '../script/runner.ts';
import { exampleScripts } from './start.ts';
import { lines, output, type CommandOutput } from './output.ts';

export interface ConformanceCommandOptions {
  readonly random?: number;
  readonly seed?: number;
  readonly json?: boolean;
  /** Write the conformance table (markdown) to this file after the run. */
  readonly doc?: string;
  /** Script files instead of the example corpus. */
  readonly files?: readonly string[];
  /** The model's variant (default `host`: the knobs of the running kernel). */
  readonly variant?: string;
}

/** `conformance: N scripts, N agree, N diverge`, the last line of the text output. */
export function summaryLine(r: ConformanceReport): string {
  return `conformance: ${r.totals.scripts} scripts, ${r.totals.agree} agree, ${r.totals.diverge} diverge`;
}

function indent(s: string): string[] {
  return s
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`);
}

function divergenceLines(r: ScriptReport): string[] {
  const v = r.checked.verdict;
  if (v.kind !== 'diverge') return [];
  const out = [
    `EPM305 ${r.name} diverges at line ${v.diff.line}: ${v.diff.call}`,
    `  model:  ${v.diff.model}`,
    `  kernel: ${v.diff.kernel}`,
  ];
  if (r.shrunk !== undefined) {
    const n = r.shrunk.trimEnd().split('\n').length;
    out.push(`  shortest reproducing script (${n} line${n === 1 ? '' : 's'}):`, ...indent(r.shrunk));
  } else {
    out.push('  script:', ...indent(r.source));
  }
  return out;
}

function textReport(r: ConformanceReport): string[] {
  const out: string[] = ['group  scripts  agree  diverge'];
  for (const [g, c] of Object.entries(r.groups)) {
    const title = GROUPS[g] ?? 'scripts outside the epoll groups (fds, pipes, mounts, processes)';
    const num = (n: number, w: number): string => String(n).padStart(w);
    out.push(`${g.padEnd(5)}  ${num(c.scripts, 7)}  ${num(c.agree, 5)}  ${num(c.diverge, 7)}  ${title}`);
  }
  for (const s of r.skipped) {
    const v = s.checked.verdict;
    out.push(`skipped ${s.name}: ${v.kind === 'skip' ? v.reason : ''}`);
  }
  for (const s of r.reports) out.push(...divergenceLines(s));
  for (const s of r.errors) {
    const v = s.checked.verdict;
    if (v.kind === 'error') out.push(`${s.name}: ${v.error.code} ${v.error.message}`);
  }
  out.push(`random: ${r.random} scripts, seed ${r.seed}; ${(r.elapsedMs / 1000).toFixed(1)} s`);
  return out;
}

function jsonReport(r: ConformanceReport): string[] {
  const out = r.reports.map((s) => {
    const v = s.checked.verdict;
    const o: { [k: string]: JsonValue } = {
      name: s.name,
      verdict: v.kind,
      groups: [...s.checked.groups],
      rows: [...s.checked.rows],
    };
    if (v.kind === 'diverge') o['diff'] = { ...v.diff };
    if (v.kind === 'skip') o['reason'] = v.reason;
    if (v.kind === 'error') o['error'] = `${v.error.code} ${v.error.message}`;
    if (v.kind === 'diverge') o['script'] = s.shrunk ?? s.source;
    return toJson(o);
  });
  const groups: { [k: string]: JsonValue } = {};
  for (const [g, c] of Object.entries(r.groups)) groups[g] = { ...c };
  out.push(
    toJson({
      summary: {
        ...r.totals,
        skipped: r.skipped.length,
        errors: r.errors.length,
        seed: r.seed,
        random: r.random,
        groups,
      },
    }),
  );
  return out;
}

/**
 * Runs the conformance check. Exit 0 when every script agrees, 1 on a divergence, 2 when the oracle cannot run
 * (EPM30x) or a script cannot be checked.
 */
export async function conformance(opts: ConformanceCommandOptions = {}): Promise<CommandOutput> {
  const random = opts.random ?? 0;
  if (!Number.isSafeInteger(random) || random < 0)
    return output('', `epoll-lab conformance: EPM170 --random takes a count, not ${random}\n`, 2);
  const seed = opts.seed ?? 1;
  if (!Number.isSafeInteger(seed))
    return output('', `epoll-lab conformance: EPM170 --seed takes an integer, not ${seed}\n`, 2);
  const variant = opts.variant ?? 'host';
  try {
    resolveVariant(variant);
  } catch (e) {
    if (EpmError.is(e)) return output('', `${e.code} ${e.message}\n`, 2);
    throw e;
  }
  const opened = await Helper.open();
  if (!opened.ok) return output('', `${opened.error.code} ${opened.error.message}\n`, 2);
  let r: ConformanceReport;
  try {
    const files = (opts.files ?? exampleScripts()).map((f) => relative(process.cwd(), f));
    r = await runConformance(opened.helper, { files, random, seed, check: { variant } });
  } finally {
    await opened.helper.close();
  }
  let stderr = '';
  if (opts.doc !== undefined) {
    const bad = writeFileAtomic(opts.doc, renderConformanceDoc(r));
    if (bad !== null) stderr += `${opts.doc}: EPM171 cannot write the conformance table: ${bad}\n`;
  }
  const code = r.errors.length > 0 || stderr !== '' ? 2 : r.totals.diverge > 0 ? 1 : 0;
  if (opts.json === true) return output(lines(jsonReport(r)), `${stderr}${summaryLine(r)}\n`, code);
  return output(lines([...textReport(r), summaryLine(r)]), stderr, code);
}
