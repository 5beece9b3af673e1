// The bug atlas: every expressible bug's litmus test explored on every version preset, each cell compared with what
// the version table says the release has.
import { join } from 'node:path';
import { CORPUS_DIR } from '../litmus/corpus.ts';
import { PRESETS, VERSION_PRESETS } from '../kernel/variant.ts';
import type { CheckResult } from '../litmus/check.ts';
import { checkLitmusFile } from '../litmus/file.ts';
import { affected, ATLAS_BUGS, type AtlasBug } from './bugs.ts';

/** One bug on one release. */
export interface AtlasCell {
  readonly variant: string;
  /** The litmus test's `exists` condition holds in some execution (exhaustive exploration). */
  readonly reproduced: boolean;
  /** The version table says this release has the bug. */
  readonly expected: boolean;
  /** A replay token of an execution that reproduces it, or null; `outcome` is that execution's final state. */
  readonly token: string | null;
  readonly outcome: string | null;
  readonly executions: number;
  readonly complete: boolean;
}

export interface AtlasRow {
  readonly bug: AtlasBug;
  /** The litmus file and its check results, one per preset (for the HTML report). */
  readonly file: string;
  readonly results: readonly CheckResult[];
  readonly cells: readonly AtlasCell[];
  /** The litmus test's own expectations that failed (`file:line: text: message`). */
  readonly failedExpectations: readonly string[];
}

export interface AtlasOptions {
  /** Where the bug litmus tests are (default litmus/bugs/ of the package). */
  readonly dir?: string;
  /** Version presets to explore (default every one). */
  readonly variants?: readonly string[];
}

export const BUGS_DIR: string = join(CORPUS_DIR, 'bugs');

function row(bug: AtlasBug, dir: string, variants: readonly string[]): AtlasRow | string {
  const file = join(dir, bug.litmus);
  const r = checkLitmusFile(file, { variants });
  if (!r.ok)
    return r.errors.map((e) => `${e.file ?? bug.litmus}:${e.line}:${e.col}: ${e.code} ${e.message}`).join('\n');
  const failed: string[] = [];
  const cells = r.results.map((res): AtlasCell => {
    for (const e of res.expectations)
      if (e.status === 'fail') failed.push(`${bug.litmus}:${e.line}: ${e.text} on ${res.variant}: ${e.message}`);
    const hit = res.outcomes.find((o) => o.satisfies === true);
    const knobs = PRESETS[res.variant]?.knobs;
    return {
      variant: res.variant,
      reproduced: hit !== undefined,
      expected: knobs !== undefined && affected(bug, knobs),
      token: hit?.token ?? null,
      outcome: hit?.outcome ?? null,
      executions: res.executions,
      complete: res.complete,
    };
  });
  return { bug, file, results: r.results, cells, failedExpectations: failed };
}

/** Explores every bug on every preset; a test that does not parse is a message. */
export function runAtlas(opts: AtlasOptions = {}): { ok: true; rows: AtlasRow[] } | { ok: false; message: string } {
  const dir = opts.dir ?? BUGS_DIR;
  const variants = opts.variants ?? VERSION_PRESETS;
  const rows: AtlasRow[] = [];
  for (const bug of ATLAS_BUGS) {
    const r = row(bug, dir, variants);
    if (typeof r === 'string') return { ok: false, message: r };
    rows.push(r);
  }
  return { ok: true, rows };
}

/** A cell agrees when it is reproduced exactly where the version table puts the bug, by an exhaustive exploration. */
export function agrees(c: AtlasCell): boolean {
  return c.complete && c.reproduced === c.expected;
}
