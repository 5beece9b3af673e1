// `epoll-lab check --workers/--shard/--checkpoint`: one litmus test × variant on the parallel explorer, as a check result.
import { writeFileAtomic } from '../util/write-atomic.ts';
import { basename } from 'node:path';
import { symmetryReduces, type ExploreOptions, type ExploreResult } from '../explore/explore.ts';
import { exploreInterruptible, type SliceProgress } from '../explore/interruptible.ts';
// The parallel explorer (and its thread pool) is loaded only when a check goes parallel: most checks finish first.
import { defaultWorkers } from '../explore/parallel/cores.ts';
import { parseShard, parseWorkers, type ShardSpec } from '../explore/parallel/errors.ts';
import { progressLine, type ProgressSink } from '../explore/parallel/progress.ts';
import type { ResultFile } from '../explore/parallel/shard.ts';
import { replay } from '../explore/replay.ts';
import type { Scenario } from '../explore/scenario.ts';
import type { Variant } from '../kernel/variant.ts';
import type { ViolationKind } from '../kernel/violation.ts';
import type { LitmusTest } from '../litmus/ast.ts';
import { checkResultOf, type CheckOptions, type CheckResult } from '../litmus/check.ts';
import { handsOver, valuesByDefault } from '../litmus/check-values.ts';
import { compileLitmus, type CompiledLitmus } from '../litmus/compile.ts';
import { litmusRef } from '../litmus/ref.ts';
import type { ScriptError } from '../script/errors.ts';

/** The parallel options as commander hands them over (strings). */
export interface ParallelFlags {
  readonly workers?: string;
  readonly shard?: string;
  readonly out?: string;
  readonly checkpoint?: string;
  /** Split threshold of the decomposition (see `TreeSpec.granularity`); a number, `2^30` allowed. */
  readonly granularity?: string;
  /**
   * Explorations that finish within this many executions run sequentially on the calling thread (default
   * `SEQUENTIAL_UP_TO`); not a command-line option (tests set 0 to force the worker threads).
   */
  readonly sequentialUpTo?: number;
}

/** How `check` runs each test × variant. */
export interface ParallelPlan {
  readonly workers: number;
  readonly shard: ShardSpec | null;
  readonly out: string | null;
  readonly checkpoint: string | null;
  /** null: the mode's default. */
  readonly granularity: number | null;
  readonly sequentialUpTo: number;
}

/** `--granularity`: a number of at least 1, written `1073741824`, `1e9` or `2^30`; null when it is not one. */
export function parseGranularity(text: string): number | null {
  const pow = /^\s*(\d+)\s*\^\s*(\d+)\s*$/.exec(text);
  const g = pow !== null ? Number(pow[1]) ** Number(pow[2]) : text.trim() === '' ? NaN : Number(text);
  return Number.isFinite(g) && g >= 1 ? g : null;
}

/**
 * `check` first explores sequentially up to this many executions and goes parallel only when that does not finish:
 * below it (a second or two at the model's speed) starting worker threads (about 1 s) and the split probes cost more
 * than a second core saves. A run that goes parallel redoes those executions (at most this many, once).
 */
export const SEQUENTIAL_UP_TO = 5000;

/** The plan of the flags, or `EPM153 message` for a bad one. */
export function parallelPlan(
  f: ParallelFlags,
  opts: CheckOptions,
  runs: number,
  env: NodeJS.ProcessEnv = process.env,
): ParallelPlan | string {
  // A run bounded by --timeout or --max-executions stays on one worker unless told otherwise: the budget is the
  // user's, and a parallel run would spend part of it starting threads and splitting the tree.
  const bounded = opts.timeoutMs !== undefined || opts.maxExecutions !== undefined;
  // --races profiles one explorer: the run stays on the calling thread.
  let workers = bounded || opts.races === true ? 1 : defaultWorkers();
  if (opts.races === true && (f.workers !== undefined || f.shard !== undefined || f.checkpoint !== undefined))
    return 'EPM153 --races profiles one sequential exploration: leave out --workers, --shard and --checkpoint';
  if (f.workers !== undefined) {
    const w = parseWorkers(f.workers);
    if (typeof w !== 'number') return `${w.code} ${w.message}`;
    workers = w;
  }
  let shard: ShardSpec | null = null;
  if (f.shard !== undefined) {
    const s = parseShard(f.shard, env);
    if ('ok' in s) return `${s.code} ${s.message}`;
    shard = s;
  }
  let granularity: number | null = null;
  if (f.granularity !== undefined) {
    granularity = parseGranularity(f.granularity);
    if (granularity === null)
      return `EPM153 --granularity takes a number of at least 1 (1e9, 2^30), not '${f.granularity}'`;
  }
  // Sampling has no tree to split; the stateful mode's visited table would have to be shared (docs/scaling.md).
  const unsplit = opts.mode === 'random' || opts.mode === 'pct' || opts.mode === 'stateful';
  if (unsplit && (shard !== null || f.checkpoint !== undefined || granularity !== null))
    return `EPM153 --shard, --checkpoint and --granularity split a naive, dpor or --bound tree, not --mode ${opts.mode}`;
  if (f.out !== undefined && shard === null) return 'EPM153 --out names the result file of a --shard run';
  if (f.out !== undefined && runs > 1)
    return `EPM153 --out takes one test and variant (this check has ${runs}); leave it out for one file per run`;
  if (f.checkpoint !== undefined && runs > 1)
    return `EPM153 --checkpoint takes one test and variant (this check has ${runs})`;
  return {
    workers,
    shard,
    out: f.out ?? null,
    checkpoint: f.checkpoint ?? null,
    granularity,
    sequentialUpTo: f.sequentialUpTo ?? SEQUENTIAL_UP_TO,
  };
}

/** The default result file of a shard: `<test file stem>.<variant>.shard-K-of-N.json` in the working directory. */
export function shardFileName(file: string, variant: string, s: ShardSpec): string {
  const stem = basename(file).replace(/\.litmus$/, '');
  const safe = (x: string): string => x.replace(/[^A-Za-z0-9._-]/g, '_');
  return `${safe(stem)}.${safe(variant)}.shard-${s.index}-of-${s.count}.json`;
}

/** What one test × variant gave: a check result, a written shard file, or a user error. */
export type ParallelOutcome =
  | { readonly kind: 'check'; readonly result: CheckResult }
  | { readonly kind: 'shard'; readonly path: string; readonly summary: string; readonly file: ResultFile }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'script-error'; readonly error: ScriptError };

/** What a running check listens to and reports on: an abort signal (SIGINT/SIGTERM) and the progress line. */
export interface LiveOptions {
  readonly signal?: AbortSignal;
  /** Default: the progress line on stderr when it is a terminal, from the first second on. `false`: none. */
  readonly progress?: ProgressSink | false;
  /** Where a warning goes while the check runs (a large exploration); default: nowhere. */
  readonly warn?: (line: string) => void;
}

/** A sequential exploration still running after this long gets the one-line warning, when its tree looks large. */
const LARGE_AFTER_MS = 5000;
/** The naive estimate above which a tree counts as large. */
const LARGE_ESTIMATE = 1e6;

/**
 * The warning for a large exploration, with what to do about it. `violations`: distinct violations found so far, when
 * the check is not already stopping at the first (then `--stop-on violation` is the quicker answer for a bug hunt).
 */
export function largeTreeWarning(
  what: string,
  p: { executions: number; naiveEstimate: number; violations?: number },
): string {
  const est = Number.isFinite(p.naiveEstimate) ? p.naiveEstimate.toExponential(0) : 'more than 1e308';
  const v = p.violations ?? 0;
  const found =
    v > 0
      ? `; ${v} violation${v === 1 ? '' : 's'} found already: --stop-on violation ends at the first with its replay ` +
        'token and minimised counterexample'
      : '';
  return (
    `epoll-lab: ${what}: a large exploration (${p.executions.toLocaleString('en-US')} executions so far, up to ~${est} ` +
    'interleavings): --bound 2 or --max-executions/--timeout give a partial answer sooner; Ctrl-C prints the states so far' +
    found
  );
}

/** A progress sink for the calling thread's sequential explorer: shown from the first second on (small checks never). */
function sequentialProgress(
  live: LiveOptions,
  what: string,
  stopping: boolean,
): {
  update: (p: { executions: number; elapsedMs: number; naiveEstimate: number; violations: number }) => void;
  stop: () => void;
} {
  const sink = live.progress === false ? null : (live.progress ?? (process.stderr.isTTY ? progressLine() : null));
  let warned = false;
  return {
    update(p) {
      if (!warned && p.elapsedMs >= LARGE_AFTER_MS && p.naiveEstimate > LARGE_ESTIMATE) {
        warned = true;
        sink?.stop();
        live.warn?.(`${largeTreeWarning(what, stopping ? { ...p, violations: 0 } : p)}\n`);
      }
      if (sink !== null && p.elapsedMs >= 1000)
        sink.update({
          executions: p.executions,
          elapsedMs: p.elapsedMs,
          subtreesDone: null,
          subtreesKnown: null,
          fraction: null,
        });
    },
    stop: () => sink?.stop(),
  };
}

/**
 * Checks one test on one variant by the plan. Without shard or checkpoint, one worker, a sampling mode, or an
 * exploration that finishes within `sequentialUpTo` executions are the sequential check itself; otherwise the
 * parallel explorer runs and the states are rebuilt by replaying each outcome's token on the calling thread.
 */
export async function checkVariantPlanned(
  test: LitmusTest,
  source: string,
  variant: Variant,
  opts: CheckOptions,
  plan: ParallelPlan,
  live: LiveOptions = {},
): Promise<ParallelOutcome> {
  const c = compileLitmus(test, variant);
  if (!c.ok) return { kind: 'script-error', error: c.error };
  const compiled = c.compiled;
  const started = Date.now();
  if (plan.shard === null && plan.checkpoint === null) {
    const done = await sequentialFirst(test, variant, compiled, opts, plan, live, started);
    if (done !== null) return done;
  }
  if (opts.values === true)
    return { kind: 'error', message: 'EPM160 --values runs sequentially: not with --shard or --checkpoint' };
  const timeLeft = opts.timeoutMs === undefined ? undefined : Math.max(1, opts.timeoutMs - (Date.now() - started));
  const { exploreParallel } = await import('../explore/parallel/parallel.ts');
  const p = await exploreParallel(litmusRef(source, test.file, variant.name), {
    ...(opts.mode === 'naive' ? { mode: 'naive' as const } : {}),
    ...(opts.bound === undefined ? {} : { bound: opts.bound }),
    ...(opts.maxExecutions === undefined ? {} : { maxExecutions: opts.maxExecutions }),
    ...(opts.stopOn === undefined ? {} : { stopOn: opts.stopOn }),
    ...(timeLeft === undefined ? {} : { timeoutMs: timeLeft }),
    ...(plan.shard === null ? {} : { shard: plan.shard }),
    ...(plan.checkpoint === null ? {} : { checkpoint: plan.checkpoint }),
    ...(plan.granularity === null ? {} : { granularity: plan.granularity }),
    ...(symmetryApplies(opts, compiled.scenario) ? { symmetry: true } : {}),
    ...(live.signal === undefined ? {} : { signal: live.signal }),
    ...(live.progress === undefined ? {} : { progress: live.progress }),
    workers: plan.workers,
  });
  if (!p.ok) return { kind: 'error', message: `${p.code} ${p.message}` };
  if (p.checkpointError !== null)
    live.warn?.(
      `epoll-lab: EPM171 cannot write the checkpoint ${plan.checkpoint ?? ''}: ${p.checkpointError}; the result is whole, the checkpoint older\n`,
    );
  // The time a user waited: the sequential probe's, then the parallel exploration's.
  const result = { ...p.result, stats: { ...p.result.stats, ms: Date.now() - started } };
  if (plan.shard !== null) {
    const path = plan.out ?? shardFileName(test.file, variant.name, plan.shard);
    const w = writeFileAtomic(path, `${JSON.stringify(p.file, null, 2)}\n`);
    if (w !== null) return { kind: 'error', message: `EPM171 cannot write ${path}: ${w}` };
    const s = plan.shard;
    const summary =
      `${test.file}: shard ${s.index}/${s.count} on ${variant.name} (${p.result.mode}): ` +
      `${p.result.stats.executions} executions, ${p.result.outcomes.size} outcomes, ` +
      `${p.result.violations.length} violations${p.file.complete ? '' : ' (unfinished)'} -> ${path}`;
    return { kind: 'shard', path, summary, file: p.file };
  }
  const checked = checkFromExploration(test, variant, compiled, result, opts.stopOn);
  if (typeof checked === 'string') return { kind: 'error', message: checked };
  return { kind: 'check', result: checked };
}

/**
 * The check result of an exploration run elsewhere (worker threads, merged shards): the outcomes' states are
 * recorded by replaying their tokens on `compiled.scenario`, then conditions and expectations are judged as in a
 * sequential check. An outcome whose token does not replay to it is EPM157: the results came from a checkpoint or
 * shard file that was edited or belongs elsewhere.
 */
export function checkFromExploration(
  test: LitmusTest,
  variant: Variant,
  compiled: CompiledLitmus,
  r: ExploreResult,
  stopOn?: readonly ViolationKind[],
): CheckResult | string {
  for (const [outcome, info] of r.outcomes) {
    const x = replay(compiled.scenario, info.token);
    const why = !x.ok ? x.message : x.outcome !== outcome ? `its token gives '${x.outcome}'` : null;
    if (why !== null)
      return `EPM157 outcome '${outcome}' does not replay (${why}): an edited checkpoint or result file?`;
  }
  return checkResultOf(test, variant, compiled, r, stopOn);
}

/**
 * The sequential part of a check (no shard, no checkpoint): the whole check on one worker, in a sampling or stateful
 * mode or with `--values`; otherwise DPOR up to `plan.sequentialUpTo` executions, and when that does not finish, null:
 * the parallel explorer's turn. By default (`valuesByDefault`) a DPOR run that `handsOver` gives the test to value
 * branches, which then run to the end on this thread (`exploreForCheck` is the library's synchronous twin).
 */
async function sequentialFirst(
  test: LitmusTest,
  variant: Variant,
  compiled: CompiledLitmus,
  opts: CheckOptions,
  plan: ParallelPlan,
  live: LiveOptions,
  started: number,
): Promise<ParallelOutcome | null> {
  const symmetric = symmetryApplies(opts, compiled.scenario);
  // Value branches run in the sequential explorer only (the parallel one splits plain DPOR's tree).
  const oneThread = opts.mode === 'random' || opts.mode === 'pct' || opts.mode === 'stateful' || opts.values === true;
  const upTo = plan.workers <= 1 || oneThread ? Infinity : plan.sequentialUpTo;
  const max = Math.min(opts.maxExecutions ?? Infinity, upTo);
  if (max <= 0) return null;
  // `sequentialUpTo` 0 (tests forcing the worker threads) leaves the default out too.
  const auto = valuesByDefault(opts) && !oneThread && plan.sequentialUpTo > 0;
  /** Stops the DPOR run when value branches take over; the user's signal stops it too. */
  let handover = new AbortController();
  const onAbort = (): void => handover.abort();
  live.signal?.addEventListener('abort', onAbort, { once: true });
  const unlisten = (): void => live.signal?.removeEventListener('abort', onAbort);
  let switched = false;
  let gaveUp = false;
  /** Runs of the DPOR part when it handed over: `--max-executions` bounds both parts together. */
  let spent = 0;
  const run = async (o: CheckOptions, cap: number, signal?: AbortSignal): Promise<ExploreResult> => {
    const progress = sequentialProgress(live, `${test.file} on ${variant.name}`, opts.stopOn !== undefined);
    const timeLeft = o.timeoutMs === undefined ? {} : { timeoutMs: Math.max(1, o.timeoutMs - (Date.now() - started)) };
    const onProgress = (p: SliceProgress): void => {
      progress.update(p);
      if (auto && o.values !== true && handsOver(p)) {
        switched = live.signal?.aborted !== true;
        spent = p.runs;
        handover.abort();
      }
      // Value branches the default turned on and that gave up: plain DPOR again, on the worker threads if any.
      if (auto && o.values === true && p.valuesOff && plan.workers > 1) {
        gaveUp = live.signal?.aborted !== true;
        handover.abort();
      }
    };
    return exploreInterruptible(
      compiled.scenario,
      { ...exploreOpts(o, symmetric), ...timeLeft, ...(cap === Infinity ? {} : { maxExecutions: cap }) },
      { ...(signal === undefined ? {} : { signal }), onProgress },
    ).finally(progress.stop);
  };
  const r = await run(opts, max, handover.signal);
  if (switched) {
    // Value branches from the start (their tree is not DPOR's); the time is what the user waited for both runs.
    handover = new AbortController();
    const cap = opts.maxExecutions === undefined ? Infinity : Math.max(1, opts.maxExecutions - spent);
    const v = await run({ ...opts, values: true }, cap, handover.signal).finally(unlisten);
    if (gaveUp) {
      live.warn?.(
        `epoll-lab: ${test.file} on ${variant.name}: value branches turned off (a halt, or their infeasible runs ` +
          'outnumbering the kept ones); plain DPOR on the worker threads\n',
      );
      return null;
    }
    const waited = { ...v, stats: { ...v.stats, ms: Date.now() - started } };
    const result = checkResultOf(test, variant, compiled, waited, opts.stopOn);
    const values = result.values === null ? null : { ...result.values, afterProbe: r.stats.executions };
    return { kind: 'check', result: { ...result, values } };
  }
  unlisten();
  const cut = r.kind === 'bound-reached' && r.limit === 'executions' && max < (opts.maxExecutions ?? Infinity);
  return cut ? null : { kind: 'check', result: checkResultOf(test, variant, compiled, r, opts.stopOn) };
}

/** The symmetry reduction is on (`--symmetry`, or by default), and the scenario and mode let it reduce. */
function symmetryApplies(opts: CheckOptions, sc: Scenario): boolean {
  return opts.symmetry !== false && symmetryReduces(sc, opts.mode ?? 'dpor', opts.bound !== undefined);
}

function exploreOpts(opts: CheckOptions, symmetry: boolean): ExploreOptions {
  return {
    ...(symmetry ? { symmetry: true } : {}),
    ...(opts.values === true ? { values: true } : {}),
    ...(opts.mode === undefined ? {} : { mode: opts.mode }),
    ...(opts.bound === undefined ? {} : { bound: opts.bound }),
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
    ...(opts.seed === undefined ? {} : { seed: opts.seed }),
    ...(opts.stopOn === undefined ? {} : { stopOn: opts.stopOn }),
    ...(opts.maxStates === undefined ? {} : { maxStates: opts.maxStates }),
    // A run the user limited gets its race profile anyway (two stores per event): the note on stderr names the race
    // that added the most executions when the limit stops it.
    ...(opts.races === true || opts.timeoutMs !== undefined || opts.maxExecutions !== undefined ? { races: true } : {}),
  };
}
