// `epoll-lab start`, the main job: the seed case study (litmus/seed.list) across the variant presets, a table of
// the bad outcomes each variant allows, and the answers to Brauner's two questions, each with a replay token.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { CASE_STUDY_PRESETS } from '../kernel/variant.ts';
import { checkLitmusFile, resultOk, type CheckResult } from '../litmus/index.ts';
import { isBug } from '../litmus/kinds.ts';
import { formatScriptError } from '../script/errors.ts';
import { runScript } from '../script/runner.ts';
import { answerDyingEvents, answerSpuriousEbusy, type Answer, type SeedCheck } from './answers.ts';
import { seedEntries } from '../litmus/corpus.ts';
import { lines, output, type CommandOutput } from './output.ts';
import { renderRun } from './run-output.ts';

/** The variants of the case study's table (the case-study presets), in column order. */
export const CASE_STUDY_VARIANTS: readonly string[] = CASE_STUDY_PRESETS;

/** Everything the case study derived: per-test check results and the two answers. */
export interface CaseStudy {
  readonly checks: readonly SeedCheck[];
  readonly answers: readonly Answer[];
  readonly errors: readonly string[];
  readonly timeMs: number;
}

/**
 * The report hook: called with the case study once it has run (e.g. to write report.html). It returns lines to add
 * to the output (a path written) or nothing.
 */
export type CaseStudyHook = (cs: CaseStudy) => string | void;

export interface StartOptions {
  readonly dir?: string;
  /** Formats a header line (the CLI makes it bold on a terminal). */
  readonly header?: (s: string) => string;
  /** Per-variant execution cap; results that hit it are marked bounded. */
  readonly maxExecutions?: number;
  readonly onResults?: CaseStudyHook;
  /** Width of the terminal the table must fit (default: stdout's when it is a terminal, else 146 columns). */
  readonly width?: number;
}

/** The table's width when nothing says otherwise: what fits every column's longest line without wrapping much. */
const DEFAULT_TABLE_WIDTH = 146;

/** Column widths (padding included) for a first column and `n` variant columns within `width` (borders included). */
export function tableWidths(n: number, width: number): number[] {
  const borders = n + 2;
  const first = Math.max(14, Math.min(24, Math.floor(width / 6)));
  const each = Math.max(8, Math.min(16, Math.floor((width - borders - first) / n)));
  return [first, ...Array.from({ length: n }, () => each)];
}

/** A variant column's header: its spec (what `--variant` takes), broken after `,` and `=` to fit a narrow column. */
export function specHeader(spec: string): string {
  return spec.replace(/([,=])/g, '$1\n');
}

/** Default execution cap of the case study: every seed test finishes far below it. */
export const START_MAX_EXECUTIONS = 50_000;

/** Runs the seed tests on the variants their expectations name and derives the answers. */
export function runCaseStudy(opts: StartOptions = {}): CaseStudy {
  const t0 = performance.now();
  const checks: SeedCheck[] = [];
  const errors: string[] = [];
  for (const e of seedEntries(opts.dir)) {
    const r = checkLitmusFile(e.path, { maxExecutions: opts.maxExecutions ?? START_MAX_EXECUTIONS });
    if (!r.ok) {
      errors.push(...r.errors.map(formatScriptError));
      continue;
    }
    const test = r.results[0]?.test ?? basename(e.path, '.litmus');
    checks.push({ file: e.path, test, label: e.label, results: r.results });
  }
  const answers = [answerDyingEvents(checks, CASE_STUDY_VARIANTS), answerSpuriousEbusy(checks, CASE_STUDY_VARIANTS)];
  return { checks, answers, errors, timeMs: performance.now() - t0 };
}

const SHORT: Readonly<Record<string, string>> = {
  'use-after-free': 'UAF',
  'refcount-addition-on-0': 'ref+0',
  'refcount-underflow': 'ref-underflow',
  'double-fput': 'double-fput',
  'bug-on': 'BUG',
  'hung-task': 'hung task',
  'event-from-dying-file': 'dying-file event',
  'event-dropped-dying-file': 'dropped',
};

/** A table cell: the condition's bad outcome (when it can happen), the bug kinds, then the observations. */
export function cellText(r: CheckResult, label: string): string {
  const parts: string[] = [];
  const c = r.condition;
  if (label !== '' && c !== null && c.quantifier === 'exists' && c.holds) parts.push(label);
  if (c !== null && c.quantifier !== 'exists' && !c.holds) parts.push(`${c.quantifier} fails`);
  const kinds = [...new Set(r.outcomes.flatMap((o) => [...o.state.kinds]))].sort();
  const bugs = kinds.filter(isBug).map((k) => SHORT[k] ?? k);
  const obs = kinds.filter((k) => !isBug(k)).map((k) => SHORT[k] ?? k);
  parts.push(...bugs);
  let s = parts.length === 0 ? '-' : parts.join(', ');
  if (obs.length > 0) s += ` (${obs.join(', ')})`;
  if (!r.complete) s += ' [bounded]';
  if (r.expectations.some((e) => e.status === 'fail')) s += ' EXPECTATION FAILED';
  return s;
}

/** The case study as text: table, answers with tokens, timing. */
export function renderCaseStudy(
  cs: CaseStudy,
  header: (s: string) => string = (s) => s,
  width: number = process.stdout.isTTY ? process.stdout.columns : DEFAULT_TABLE_WIDTH,
): string {
  const extra = [...new Set(cs.checks.flatMap((c) => c.results.map((r) => r.variant)))].filter(
    (v) => !CASE_STUDY_VARIANTS.includes(v),
  );
  const cols = [...CASE_STUDY_VARIANTS, ...extra];
  const table = new Table({
    head: ['test', ...cols.map(specHeader)],
    wordWrap: true,
    colWidths: tableWidths(cols.length, width),
    style: { head: [], border: [] },
  });
  for (const c of cs.checks) {
    table.push([
      c.test,
      ...cols.map((v) => {
        const r = c.results.find((x) => x.variant === v);
        return r === undefined ? '' : cellText(r, c.label);
      }),
    ]);
  }
  const out: string[] = [];
  out.push(header('epoll-lab case study: lifetime-races.md I1-I10 on the kernel model'));
  out.push('Bad outcomes each variant allows ("-": none; UAF use-after-free, ref+0 refcount addition on 0; in');
  const boundedCells = cs.checks.flatMap((c) => c.results).filter((r) => !r.complete).length;
  out.push(
    `parentheses: observations of ep_item_poll, not bugs). ${boundedCells === 0 ? 'Every cell comes from exploring every interleaving.' : 'Cells marked [bounded] explored a subset of the interleavings.'}`,
  );
  out.push(table.toString());
  cs.answers.forEach((a, i) => {
    out.push('');
    out.push(header(`Brauner's question ${i + 1}: ${a.question}`));
    out.push(`Answer: ${a.verdict}.`);
    for (const l of a.lines) out.push(`  - ${l}`);
    out.push('  Replay:');
    for (const e of a.evidence)
      out.push(`    ${e.test} on ${e.variant}: ${e.what}\n      epoll-lab replay ${e.token} --trace`);
  });
  const exec = cs.checks.reduce((n, c) => n + c.results.reduce((m, r) => m + r.executions, 0), 0);
  out.push('');
  out.push(
    `${cs.checks.length} seed tests, ${exec} executions, ${boundedCells === 0 ? 'all exhaustive' : `${boundedCells} bounded`}, ${(cs.timeMs / 1000).toFixed(1)} s. ` +
      'Every litmus file: epoll-lab check litmus/*.litmus',
  );
  out.push('Every known epoll lifetime bug on every kernel release (litmus/bugs/): epoll-lab atlas');
  return `${out.join('\n')}\n`;
}

/** `epoll-lab start`: the case study; exit 1 when a seed expectation fails, 2 when a seed file does not parse. */
export function runStart(opts: StartOptions = {}): CommandOutput {
  const cs = runCaseStudy(opts);
  let stdout = renderCaseStudy(cs, opts.header, opts.width);
  const extra = opts.onResults?.(cs);
  if (typeof extra === 'string' && extra !== '') stdout += `${extra}\n`;
  const failed = cs.checks.some((c) => !c.results.every(resultOk));
  return output(stdout, lines([...cs.errors]), cs.errors.length > 0 ? 2 : failed ? 1 : 0);
}

/** The package's example scripts directory (the same relative place from src/ and dist/). */
export const EXAMPLES_DIR: string = fileURLToPath(new URL('../../examples/scripts/', import.meta.url));

/** Example scripts, sorted by name. */
export function exampleScripts(dir: string = EXAMPLES_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.script'))
    .sort()
    .map((f) => join(dir, f));
}

/** `epoll-lab start --examples`: runs every example script; exit code 0 unless a script fails or the model reports. */
export function runExamples(opts: StartOptions = {}): CommandOutput {
  const header = opts.header ?? ((s: string) => s);
  const files = exampleScripts(opts.dir);
  let stdout = '';
  let stderr = '';
  let code = 0;
  for (const path of files) {
    const name = relative(process.cwd(), path);
    const r = runScript(readFileSync(path, 'utf8'), { file: name });
    if (!r.ok) {
      stdout += `${header(`== ${name} ==`)}\n`;
      stderr += lines(r.errors.map(formatScriptError));
      code = 2;
      continue;
    }
    const note = r.script.modelOnly === null ? '' : ` (model-only: ${r.script.modelOnly})`;
    stdout += `${header(`== ${name}${note} ==`)}\n`;
    const o = renderRun(r, false);
    stdout += `${o.stdout}\n`;
    stderr += o.stderr;
    code = Math.max(code, o.code);
  }
  stdout += `${files.length} example scripts ran.\n`;
  return output(stdout, stderr, code);
}
