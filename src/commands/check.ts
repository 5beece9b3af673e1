// `epoll-lab check FILE...`: explores litmus tests on variants and prints herd7-style blocks (or JSON lines).
import { expandFiles } from '../litmus/corpus.ts';
import { readLitmusFile } from '../litmus/file.ts';
import { resolveVariants, resultOk, type CheckOptions, type CheckResult } from '../litmus/check.ts';
import { checkVariantPlanned, parallelPlan, type LiveOptions, type ParallelFlags } from './check-parallel.ts';
import { formatCheck, formatCheckJson } from '../litmus/format.ts';
import { parseLitmus } from '../litmus/parse.ts';
import type { LitmusTest } from '../litmus/ast.ts';
import { EpmError, type ScriptError } from '../script/errors.ts';
import { errorLine, exploreOptions, type ExploreFlags } from './litmus-opts.ts';
import { EXIT_ON_SIGNAL } from './interrupts.ts';
import { lines, output, type CommandOutput } from './output.ts';
import type { WriteCheckReport } from './check-html.ts';
import { cannotWrite } from '../util/write-atomic.ts';

export interface CheckFlags extends ExploreFlags, ParallelFlags {
  readonly variant?: string;
  readonly json?: boolean;
  /** Also write the HTML report (src/report/) of every test and variant to this file. */
  readonly html?: string;
}

export interface Prepared {
  readonly tests: readonly { readonly test: LitmusTest; readonly source: string }[];
  readonly opts: CheckOptions;
}

/** Parses every file first: any input error is exit 2 before anything runs. */
export function prepare(paths: readonly string[], flags: CheckFlags): Prepared | CommandOutput {
  const files = expandFiles(paths);
  if (files.length === 0) return output('', `epoll-lab check: EPM172 no .litmus files in ${paths.join(', ')}\n`, 2);
  const opts = exploreOptions(flags);
  if (typeof opts === 'string') return output('', `epoll-lab check: ${opts}\n`, 2);
  // Output files are looked at now: a bad path is an error before the run, not after it.
  for (const [flag, path] of [
    ['--html', flags.html],
    ['--out', flags.out],
  ] as const) {
    const why = path === undefined ? null : cannotWrite(path);
    if (why !== null) return output('', `epoll-lab check: EPM171 cannot write ${path}: ${why} (${flag})\n`, 2);
  }
  const tests: { test: LitmusTest; source: string }[] = [];
  const errors: ScriptError[] = [];
  for (const f of files) {
    const src = readLitmusFile(f);
    if (typeof src !== 'string') {
      errors.push(src);
      continue;
    }
    const p = parseLitmus(src, { file: f });
    if (p.ok) tests.push({ test: p.test, source: src });
    else errors.push(...p.errors);
  }
  if (errors.length > 0) return output('', lines(errors.map(errorLine)), 2);
  return { tests, opts };
}

/** Collects the printed blocks, the complaints and the results of the runs. */
/** Collects the blocks of a check; `writeReport` writes the HTML report (given whenever `--html` is). */
export class Printer {
  readonly results: CheckResult[] = [];
  readonly out: string[] = [];
  readonly err: string[] = [];
  constructor(
    private readonly flags: CheckFlags,
    private readonly writeReport: WriteCheckReport | null,
  ) {}
  add(full: CheckResult): void {
    // A limited run profiles its races for the note below; the block shows them only when --races asked.
    const r = this.flags.races === true || full.stats.races === undefined ? full : withoutRaces(full);
    this.results.push(r);
    this.out.push(this.flags.json === true ? formatCheckJson(r) : `${formatCheck(r)}\n`);
    for (const e of r.expectations)
      if (e.status === 'fail')
        this.err.push(`${r.file}:${e.line}: expectation failed on ${r.variant}: expect ${e.text} (${e.message})`);
    if (r.modelError !== null) this.err.push(`${r.file}: model error on ${r.variant}: ${r.modelError.message}`);
    const note = boundedNote(full);
    if (note !== null) this.err.push(note);
  }
  fail(message: string): CommandOutput {
    return output(lines(this.out), lines([...this.err, message]), 2);
  }
  finish(tests: readonly LitmusTest[], interrupted = false): CommandOutput {
    const { results, out, err } = this;
    if (this.flags.html !== undefined) {
      if (this.writeReport === null) throw new Error('check: --html without a report writer');
      const entries = tests.map((test) => ({ test, results: results.filter((r) => r.file === test.file) }));
      const w = this.writeReport(this.flags.html, entries);
      if (!w.ok) return this.fail(`epoll-lab check: ${w.message}`);
    }
    if (this.flags.json !== true && results.length > 1) out.push(summary(results));
    const code = interrupted ? EXIT_ON_SIGNAL : results.every(resultOk) ? 0 : 1;
    return output(lines(out), lines(err), code);
  }
}

/** When the exploration last found something new (`ExploreStats.lastNew`), as a clause of the bounded note. */
function lastNewNote(r: CheckResult): string {
  const n = r.stats.lastNew;
  if (n === undefined) return '';
  return `. The last new state or violation came after ${n.runs.toLocaleString('en-US')} runs (${(n.ms / 1000).toFixed(1)} s in)`;
}

/** What stderr says about a result that is not the whole exploration (a limit, an interruption), or null. */
function boundedNote(r: CheckResult): string | null {
  if (r.complete || r.limit === 'bound' || r.limit === 'violation') return null;
  const at = `${r.file} on ${r.variant}: ${r.executions} executions`;
  if (r.limit === 'interrupted') return `${at}, then interrupted: the states are a subset${lastNewNote(r)}`;
  const flag = r.limit === 'timeout' ? '--timeout' : '--max-executions';
  const top = r.stats.races?.pairs[0];
  const b = r.stats.races?.branches ?? 0;
  const why =
    top === undefined || b === 0
      ? ''
      : `. The race that added the most executions (${Math.round((100 * top.branches) / b)}%): ${top.a} against ${top.b}; --races lists them`;
  return `${at}, then the ${flag} limit stopped the exploration: the states are a subset (raise ${flag}; or narrow the test, or --bound K)${lastNewNote(r)}${why}`;
}

function withoutRaces(r: CheckResult): CheckResult {
  const { races: _, ...stats } = r.stats;
  return { ...r, stats };
}

/**
 * `check` with the parallel options (docs/scaling.md): `--workers` (default: the cores; the printed states, counts,
 * conditions and expectations are the sequential check's), `--shard K/N` (writes the shard's result file and prints
 * no block: `epoll-lab merge --litmus` gives the verdict), `--checkpoint` (resumes when the file exists).
 */
export async function checkFilesAsync(
  paths: readonly string[],
  flags: CheckFlags = {},
  live: LiveOptions = {},
): Promise<CommandOutput> {
  const p = prepare(paths, flags);
  if ('code' in p) return p;
  // The report modules load only when a report is asked for: a plain check starts faster without them.
  const pr = new Printer(flags, flags.html === undefined ? null : (await import('./check-html.ts')).writeCheckReport);
  const shardLines: string[] = [];
  try {
    const runs = p.tests.flatMap(({ test, source }) =>
      resolveVariants(test, flags.variant).map((v) => ({ test, source, v })),
    );
    const plan = parallelPlan(flags, p.opts, runs.length);
    if (typeof plan === 'string') return output('', `epoll-lab check: ${plan}\n`, 2);
    for (const { test, source, v } of runs) {
      if (live.signal?.aborted === true) break;
      const r = await checkVariantPlanned(test, source, v, p.opts, plan, live);
      if (r.kind === 'script-error') return pr.fail(errorLine(r.error));
      if (r.kind === 'error') return pr.fail(`epoll-lab check: ${r.message}`);
      if (r.kind === 'shard') shardLines.push(r.summary);
      else pr.add(r.result);
    }
    if (plan.shard !== null) return output('', lines(shardLines), live.signal?.aborted === true ? EXIT_ON_SIGNAL : 0);
  } catch (e) {
    if (EpmError.is(e)) return pr.fail(`${e.code} ${e.message}`);
    throw e;
  }
  return pr.finish(
    p.tests.map((t) => t.test),
    live.signal?.aborted === true,
  );
}

/** `Summary: 3 tests, 12 runs (11 exhaustive), 20 expectations: 19 pass, 1 fail, 0 unknown`. */
function summary(rs: readonly CheckResult[]): string {
  const tests = new Set(rs.map((r) => r.file)).size;
  const es = rs.flatMap((r) => r.expectations);
  const n = (s: string): number => es.filter((e) => e.status === s).length;
  const exhaustive = rs.filter((r) => r.complete).length;
  const errs = rs.filter((r) => r.modelError !== null).length;
  return (
    `Summary: ${tests} test${tests === 1 ? '' : 's'}, ${rs.length} runs (${exhaustive} exhaustive), ` +
    `${es.length} expectations: ${n('pass')} pass, ${n('fail')} fail, ${n('unknown')} unknown` +
    (errs > 0 ? `, ${errs} model errors` : '')
  );
}
