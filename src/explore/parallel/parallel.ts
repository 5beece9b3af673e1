// Explorer, parallel: the coordinator — hands subtrees to workers, splits on demand, stops, checkpoints, merges in DFS order.
import type { ViolationKind } from '../../kernel/violation.ts';
import type { ExploreResult } from '../explore.ts';
import { hashOf } from '../scenario.ts';
import { readCheckpoint, writeCheckpoint, type Checkpoint, type Identity } from './checkpoint.ts';
import { perr, type ParallelError, type ShardSpec } from './errors.ts';
import { expandTop } from './expand.ts';
import { mergeResults, toExploreResult } from './merge.ts';
import { defaultWorkers, inlineRunner, threadRunner, type Runner } from './pool.ts';
import { CONTROL_RUNS, CONTROL_STOP, newControl } from './subtree.ts';
import { progressLine, type ProgressSink } from './progress.ts';
import { resolveScenario, type ScenarioRef } from './ref.ts';
import { planShards } from './plan.ts';
import { resultFile, type ResultFile } from './shard.ts';
import {
  comparePaths,
  DEFAULT_GRANULARITY,
  DFS_GRANULARITY,
  ROOT,
  type SubtreeTask,
  type TaskAnswer,
  type TaskResult,
  type TreeSpec,
} from './task.ts';

export interface ParallelOptions {
  /** `naive` or `dpor` (default); with `bound`, preemption-bounded DFS. */
  readonly mode?: 'naive' | 'dpor';
  readonly bound?: number;
  /** Worker threads (default: the cores available); 1 runs on the calling thread. Results do not depend on it. */
  readonly workers?: number;
  /** See `TreeSpec.granularity` (default: `DEFAULT_GRANULARITY` for DPOR, `DFS_GRANULARITY` for naive and bounded DFS). */
  readonly granularity?: number;
  readonly lockdep?: boolean;
  readonly stopOn?: ViolationKind | readonly ViolationKind[] | true;
  /** Stop handing out subtrees after this many runs; subtrees cut by it are redone on resume. */
  readonly maxExecutions?: number;
  readonly timeoutMs?: number;
  /** Explore only this shard's deterministic share of the subtrees. */
  readonly shard?: ShardSpec;
  /** Checkpoint file: resumed from when it exists, rewritten every `checkpointEveryMs` (default 5,000) and at the end. */
  readonly checkpoint?: string;
  readonly checkpointEveryMs?: number;
  /** Progress sink; default: the progress line when stderr is a TTY. `false`: none. */
  readonly progress?: ProgressSink | false;
  /**
   * Stops the exploration (the CLI's SIGINT/SIGTERM): no subtree is handed out any more, those in progress are
   * abandoned (pending again in the checkpoint), and the result is the finished subtrees' with limit `interrupted`.
   */
  readonly signal?: AbortSignal;
}

/** The longest the coordinator waits without redrawing the progress line or looking at the clock and the signal. */
const TICK_MS = 1000;

/** Subtrees per worker thread the coordinator aims at before handing any out, within `PRESPLIT_MS` of its time. */
const PRESPLIT_PER_WORKER = 4;
const PRESPLIT_MS = 1000;

/** A finished (or stopped) parallel exploration: the usual result and its mergeable file form. */
export interface ParallelRun {
  readonly ok: true;
  readonly result: ExploreResult;
  readonly file: ResultFile;
}

export function treeSpec(o: ParallelOptions): TreeSpec {
  const mode = o.bound !== undefined ? 'bounded' : (o.mode ?? 'dpor');
  return {
    mode,
    bound: o.bound ?? null,
    granularity: o.granularity ?? (mode === 'dpor' ? DEFAULT_GRANULARITY : DFS_GRANULARITY),
    lockdep: o.lockdep !== false,
    stopOn: o.stopOn ?? null,
  };
}

/**
 * Explores a scenario on worker threads. The tree is split into subtrees deterministically (see DESIGN.md,
 * "Parallel and sharded exploration"): outcome sets and counts equal the sequential explorer's, and every recorded
 * token, violation and stop is the first in the decomposed tree's DFS order, whatever the number of workers.
 */
export async function exploreParallel(
  ref: ScenarioRef,
  opts: ParallelOptions = {},
): Promise<ParallelRun | ParallelError> {
  const r = await resolveScenario(ref);
  if (!r.ok) return perr('EPM155', r.message);
  const sc = r.scenario;
  const spec = treeSpec(opts);
  const id: Identity = {
    scenario: sc.name,
    hash: hashOf(sc),
    variant: sc.variant.name,
    spec,
    shard: opts.shard ?? null,
  };
  let done: TaskResult[] = [];
  let pending: SubtreeTask[];
  let before = 0;
  const cp = opts.checkpoint === undefined ? null : readCheckpoint(opts.checkpoint, id);
  if (cp !== null && 'ok' in cp) return cp;
  if (cp !== null) {
    done = [...cp.done];
    pending = [...cp.pending];
    before = cp.elapsedMs;
  } else if (opts.shard !== undefined) {
    // Planning explores (measures) subtrees: its time is the shard's too.
    const tp = performance.now();
    const share = planShards(sc, spec, opts.shard.count)[opts.shard.index];
    pending = share?.pending ?? [];
    done = share?.done ?? [];
    before = performance.now() - tp;
  } else pending = [ROOT];
  const workers = opts.workers ?? defaultWorkers();
  const control = newControl();
  const runner = workers <= 1 ? inlineRunner(sc, spec, control) : threadRunner(ref, spec, workers, control);
  const sink = opts.progress === false ? null : (opts.progress ?? (process.stderr.isTTY ? progressLine() : null));
  try {
    const t0 = performance.now();
    // The worker threads boot (load the model, ~0.7 s each under tsx) while this thread splits the top of the tree,
    // so that they start with subtrees for all of them instead of one splitting the root while the others wait. The
    // time counts in the exploration's (elapsed time, checkpoints, the timeout), at most a tenth of a timeout.
    if (runner.size > 1) {
      const cap = Math.min(PRESPLIT_MS, (opts.timeoutMs ?? Infinity) / 10);
      pending = expandTop(sc, spec, pending, PRESPLIT_PER_WORKER * runner.size, () => performance.now() - t0 > cap);
    }
    const pre = performance.now() - t0;
    const rest = opts.timeoutMs === undefined ? opts : { ...opts, timeoutMs: Math.max(0, opts.timeoutMs - pre) };
    const out = await coordinate(runner, done, pending, rest, { sink, control }, id, before + pre);
    const ms = before + performance.now() - t0;
    const merged = mergeResults(out.results);
    const result = toExploreResult(sc.name, spec, merged, ms, out.limit);
    return { ok: true, result, file: resultFile(id, result, out.results, out.complete) };
  } finally {
    sink?.stop();
    await runner.close();
  }
}

interface Coordinated {
  readonly results: TaskResult[];
  readonly limit: 'executions' | 'timeout' | 'interrupted' | null;
  /** Every subtree explored, or stopped for good (violation, model error). */
  readonly complete: boolean;
}

async function coordinate(
  runner: Runner,
  done0: readonly TaskResult[],
  pending0: readonly SubtreeTask[],
  opts: ParallelOptions,
  { sink, control }: { readonly sink: ProgressSink | null; readonly control: Int32Array },
  id: Identity,
  before: number,
): Promise<Coordinated> {
  const results: TaskResult[] = [...done0];
  const pending = [...pending0].sort((a, b) => comparePaths(a.path, b.path));
  const inflight = new Map<string, { task: SubtreeTask; abort: AbortController; p: Promise<void> }>();
  const cut: SubtreeTask[] = [];
  const max = opts.maxExecutions ?? Infinity;
  const deadline = opts.timeoutMs === undefined ? Infinity : Date.now() + opts.timeoutMs;
  let runs = results.reduce((s, x) => s + x.stats.runs, 0);
  const runs0 = runs;
  let stopPath: readonly number[] | null = null;
  for (const x of results) if (x.end === 'violation' || x.end === 'model-error') stopPath = minPath(stopPath, x.path);
  let limit: Coordinated['limit'] = null;
  const t0 = performance.now();
  let lastCp = t0;
  const every = opts.checkpointEveryMs ?? 5000;
  let doneW = 0;
  let knownW = 0;
  const weight = (t: SubtreeTask): number => Math.exp(Math.min(50, t.estimate));
  for (const t of pending) knownW += weight(t);

  const interrupted = opts.signal === undefined ? new Promise<void>(() => {}) : once(opts.signal);
  const beyond = (path: readonly number[]): boolean => stopPath !== null && comparePaths(path, stopPath) > 0;
  const checkpoint = (): void => {
    if (opts.checkpoint === undefined) return;
    const c: Checkpoint = {
      format: 'epoll-lab-checkpoint/1',
      identity: id,
      done: results.filter((x) => x.end !== 'limit'),
      pending: [...pending, ...[...inflight.values()].map((f) => f.task), ...cut].sort((a, b) =>
        comparePaths(a.path, b.path),
      ),
      elapsedMs: before + performance.now() - t0,
    };
    writeCheckpoint(opts.checkpoint, c);
  };
  const onAnswer = (task: SubtreeTask, a: TaskAnswer): void => {
    if (a.kind === 'split') {
      knownW -= weight(task);
      for (const c of a.children) {
        if (beyond(c.path)) continue;
        pending.push(c);
        knownW += weight(c);
      }
      pending.sort((x, y) => comparePaths(x.path, y.path));
      return;
    }
    const res = a.result;
    runs += res.stats.runs;
    doneW += weight(task);
    if (beyond(res.path)) return;
    results.push(res);
    if (res.end === 'limit') cut.push(task);
    if (res.end === 'violation' || res.end === 'model-error') {
      stopPath = minPath(stopPath, res.path);
      for (let i = pending.length - 1; i >= 0; i--) if (beyond((pending[i] as SubtreeTask).path)) pending.splice(i, 1);
      for (const f of inflight.values()) if (beyond(f.task.path)) f.abort.abort();
    }
  };

  for (;;) {
    if (limit === null && opts.signal?.aborted === true) {
      limit = 'interrupted';
      // The subtrees in progress stop at their next execution and answer what they found (`limit`: redone on resume).
      Atomics.store(control, CONTROL_STOP, 1);
    }
    if (limit === null && runs >= max) limit = 'executions';
    if (limit === null && Date.now() > deadline) limit = 'timeout';
    while (limit === null && inflight.size < runner.size && pending.length > 0) {
      const task = pending.shift() as SubtreeTask;
      if (beyond(task.path)) continue;
      const abort = new AbortController();
      const key = task.path.join('.');
      const job = {
        task,
        ...(max === Infinity ? {} : { budget: Math.max(1, max - runs) }),
        ...(deadline === Infinity ? {} : { deadline }),
      };
      const p = runner.run(job, abort.signal).then(
        (a) => {
          inflight.delete(key);
          onAnswer(task, a);
        },
        (e: unknown) => {
          inflight.delete(key);
          if (!abort.signal.aborted) throw e;
        },
      );
      inflight.set(key, { task, abort, p });
    }
    if (inflight.size === 0) break;
    // Wake at least once a second (progress, checkpoint period, the signal), not only when a subtree finishes.
    let timer: NodeJS.Timeout | undefined;
    const tick = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.min(TICK_MS, every));
    });
    const also = limit === 'interrupted' ? [] : [interrupted];
    await Promise.race([...inflight.values()].map((f) => f.p).concat(tick, ...also));
    clearTimeout(timer);
    const now = performance.now();
    if (sink !== null)
      sink.update({
        executions: runs0 + Atomics.load(control, CONTROL_RUNS),
        elapsedMs: before + now - t0,
        subtreesDone: results.length,
        subtreesKnown: results.length + pending.length + inflight.size,
        fraction: knownW > 0 ? doneW / knownW : null,
      });
    if (now - lastCp >= every) {
      checkpoint();
      lastCp = now;
    }
  }
  if (limit === null && pending.length > 0) limit = 'executions';
  checkpoint();
  const complete = pending.length === 0 && cut.length === 0 && limit === null;
  return { results, limit: complete ? null : (limit ?? 'executions'), complete };
}

/** Resolves when the signal aborts. */
function once(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

function minPath(a: readonly number[] | null, b: readonly number[]): readonly number[] {
  return a === null || comparePaths(b, a) < 0 ? b : a;
}
