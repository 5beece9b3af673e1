// Explorer, parallel: the coordinator — hands subtrees to workers, splits on demand, stops, checkpoints, merges in DFS order.
import type { ViolationKind } from '../../kernel/violation.ts';
import { symmetryReduces, type ExploreResult } from '../explore.ts';
import { hashOf } from '../scenario.ts';
import { readCheckpoint, writeCheckpoint, type Checkpoint, type Identity } from './checkpoint.ts';
import { perr, type ParallelError, type ShardSpec } from './errors.ts';
import { expandTop } from './expand.ts';
import { closeMerged, mergeResults, toExploreResult } from './merge.ts';
import { defaultWorkers } from './cores.ts';
import { inlineRunner, threadRunner, type Runner } from './pool.ts';
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
  /**
   * The symmetry reduction (`explore`'s option of that name): subtrees explore the gated program and the merged
   * outcomes are renamed. Ignored when the scenario has no interchangeable threads or the mode is `bounded`.
   */
  readonly symmetry?: boolean;
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
  /**
   * Why a checkpoint written during the run failed (the first time), or null. The exploration went on: its result is
   * whole, but the checkpoint file is older than it (or missing). A checkpoint that cannot be written at the start is
   * EPM171 instead, before anything is explored.
   */
  readonly checkpointError: string | null;
}

export function treeSpec(o: ParallelOptions): TreeSpec {
  const mode = o.bound !== undefined ? 'bounded' : (o.mode ?? 'dpor');
  return {
    mode,
    bound: o.bound ?? null,
    granularity: o.granularity ?? (mode === 'dpor' ? DEFAULT_GRANULARITY : DFS_GRANULARITY),
    lockdep: o.lockdep !== false,
    stopOn: o.stopOn ?? null,
    ...(o.symmetry === true && o.bound === undefined ? { symmetry: true as const } : {}),
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
  const spec = treeSpec({
    ...opts,
    // The reduction applies only where the scenario declares interchangeable threads.
    symmetry: opts.symmetry === true && symmetryReduces(sc, opts.mode ?? 'dpor', opts.bound !== undefined),
  });
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
  if (opts.checkpoint !== undefined) {
    // A checkpoint that cannot be written is found out now, not after the exploration it was meant to save.
    const why = writeCheckpoint(opts.checkpoint, checkpointOf(id, done, pending, before));
    if (why !== null) return perr('EPM171', `cannot write the checkpoint ${opts.checkpoint}: ${why}`);
  }
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
    const result = closeMerged(sc, spec, toExploreResult(sc.name, spec, merged, ms, out.limit));
    const file = resultFile(id, result, out.results, out.complete);
    return { ok: true, result, file, checkpointError: out.checkpointError };
  } finally {
    sink?.stop();
    await runner.close();
  }
}

/** A checkpoint of the finished subtrees `done` and the frontier `pending` (kept in DFS order). */
function checkpointOf(
  identity: Identity,
  done: readonly TaskResult[],
  pending: readonly SubtreeTask[],
  elapsedMs: number,
): Checkpoint {
  const sorted = [...pending].sort((a, b) => comparePaths(a.path, b.path));
  return { format: 'epoll-lab-checkpoint/1', identity, done, pending: sorted, elapsedMs };
}

interface Coordinated {
  readonly results: TaskResult[];
  readonly limit: 'executions' | 'timeout' | 'interrupted' | null;
  /** Every subtree explored, or stopped for good (violation, model error). */
  readonly complete: boolean;
  /** `ParallelRun.checkpointError`. */
  readonly checkpointError: string | null;
}

function coordinate(
  runner: Runner,
  done0: readonly TaskResult[],
  pending0: readonly SubtreeTask[],
  opts: ParallelOptions,
  io: CoordinatorIo,
  id: Identity,
  before: number,
): Promise<Coordinated> {
  return new Coordinator(runner, done0, pending0, opts, io, id, before).run();
}

interface CoordinatorIo {
  readonly sink: ProgressSink | null;
  readonly control: Int32Array;
}

interface Inflight {
  readonly task: SubtreeTask;
  readonly abort: AbortController;
  readonly p: Promise<void>;
}

/** A subtree's share of the progress fraction, from its estimated size. */
function weight(t: SubtreeTask): number {
  return Math.exp(Math.min(50, t.estimate));
}

/**
 * One parallel run: hands pending subtrees to the runner in DFS order, takes their answers (splits, results), stops at
 * the first violation in DFS order and at the limits, and reports progress and checkpoints on the way.
 */
class Coordinator {
  readonly results: TaskResult[];
  private readonly pending: SubtreeTask[];
  private readonly inflight = new Map<string, Inflight>();
  /** Subtrees a limit cut short: pending again on resume. */
  private readonly cut: SubtreeTask[] = [];
  private readonly max: number;
  private readonly deadline: number;
  private runs: number;
  private readonly runs0: number;
  /** The first violation's path in DFS order: nothing beyond it is explored or kept. */
  private stopPath: readonly number[] | null = null;
  private limit: Coordinated['limit'] = null;
  private readonly t0 = performance.now();
  private lastCp = this.t0;
  private readonly every: number;
  private doneW = 0;
  private knownW = 0;
  /** The first checkpoint write that failed (the run goes on: its result is whole, the file is older). */
  private checkpointError: string | null = null;

  constructor(
    private readonly runner: Runner,
    done0: readonly TaskResult[],
    pending0: readonly SubtreeTask[],
    private readonly opts: ParallelOptions,
    private readonly io: CoordinatorIo,
    private readonly id: Identity,
    private readonly before: number,
  ) {
    this.results = [...done0];
    this.pending = [...pending0].sort((a, b) => comparePaths(a.path, b.path));
    this.max = opts.maxExecutions ?? Infinity;
    this.deadline = opts.timeoutMs === undefined ? Infinity : Date.now() + opts.timeoutMs;
    this.runs = this.results.reduce((s, x) => s + x.stats.runs, 0);
    this.runs0 = this.runs;
    for (const x of this.results)
      if (x.end === 'violation' || x.end === 'model-error') this.stopPath = minPath(this.stopPath, x.path);
    this.every = opts.checkpointEveryMs ?? 5000;
    for (const t of this.pending) this.knownW += weight(t);
  }

  async run(): Promise<Coordinated> {
    const interrupted = this.opts.signal === undefined ? new Promise<void>(() => {}) : once(this.opts.signal);
    for (;;) {
      this.checkLimits();
      this.handOut();
      if (this.inflight.size === 0) break;
      await this.nextEvent(interrupted);
      this.tick();
    }
    if (this.limit === null && this.pending.length > 0) this.limit = 'executions';
    this.checkpoint();
    const complete = this.pending.length === 0 && this.cut.length === 0 && this.limit === null;
    const limit = complete ? null : (this.limit ?? 'executions');
    return { results: this.results, limit, complete, checkpointError: this.checkpointError };
  }

  private beyond(path: readonly number[]): boolean {
    return this.stopPath !== null && comparePaths(path, this.stopPath) > 0;
  }

  /** The signal, the execution budget and the deadline. */
  private checkLimits(): void {
    if (this.limit === null && this.opts.signal?.aborted === true) {
      this.limit = 'interrupted';
      // The subtrees in progress stop at their next execution and answer what they found (`limit`: redone on resume).
      Atomics.store(this.io.control, CONTROL_STOP, 1);
    }
    if (this.limit === null && this.runs >= this.max) this.limit = 'executions';
    if (this.limit === null && Date.now() > this.deadline) this.limit = 'timeout';
  }

  /** Starts pending subtrees, first in DFS order, while a worker is free and no limit is reached. */
  private handOut(): void {
    const { max, deadline } = this;
    while (this.limit === null && this.inflight.size < this.runner.size && this.pending.length > 0) {
      const task = this.pending.shift() as SubtreeTask;
      if (this.beyond(task.path)) continue;
      const abort = new AbortController();
      const key = task.path.join('.');
      const job = {
        task,
        ...(max === Infinity ? {} : { budget: Math.max(1, max - this.runs) }),
        ...(deadline === Infinity ? {} : { deadline }),
      };
      const p = this.runner.run(job, abort.signal).then(
        (a) => {
          this.inflight.delete(key);
          this.onAnswer(task, a);
        },
        (e: unknown) => {
          this.inflight.delete(key);
          if (!abort.signal.aborted) throw e;
        },
      );
      this.inflight.set(key, { task, abort, p });
    }
  }

  /** A subtree's answer: its children to explore, or its result (a violation stops everything beyond it). */
  private onAnswer(task: SubtreeTask, a: TaskAnswer): void {
    if (a.kind === 'split') {
      this.knownW -= weight(task);
      for (const c of a.children) {
        if (this.beyond(c.path)) continue;
        this.pending.push(c);
        this.knownW += weight(c);
      }
      this.pending.sort((x, y) => comparePaths(x.path, y.path));
      return;
    }
    const res = a.result;
    this.runs += res.stats.runs;
    this.doneW += weight(task);
    if (this.beyond(res.path)) return;
    this.results.push(res);
    if (res.end === 'limit') this.cut.push(task);
    if (res.end === 'violation' || res.end === 'model-error') {
      this.stopPath = minPath(this.stopPath, res.path);
      const { pending } = this;
      for (let i = pending.length - 1; i >= 0; i--)
        if (this.beyond((pending[i] as SubtreeTask).path)) pending.splice(i, 1);
      for (const f of this.inflight.values()) if (this.beyond(f.task.path)) f.abort.abort();
    }
  }

  /** A subtree finishing, the signal, or a second passing (progress, checkpoint period, the signal). */
  private async nextEvent(interrupted: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const tick = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.min(TICK_MS, this.every));
    });
    const also = this.limit === 'interrupted' ? [] : [interrupted];
    await Promise.race([...this.inflight.values()].map((f) => f.p).concat(tick, ...also));
    clearTimeout(timer);
  }

  /** The progress line, and a checkpoint once per period. */
  private tick(): void {
    const now = performance.now();
    const { results, pending, inflight } = this;
    this.io.sink?.update({
      executions: this.runs0 + Atomics.load(this.io.control, CONTROL_RUNS),
      elapsedMs: this.before + now - this.t0,
      subtreesDone: results.length,
      subtreesKnown: results.length + pending.length + inflight.size,
      fraction: this.knownW > 0 ? this.doneW / this.knownW : null,
    });
    if (now - this.lastCp >= this.every) {
      this.checkpoint();
      this.lastCp = now;
    }
  }

  private checkpoint(): void {
    if (this.opts.checkpoint === undefined) return;
    const c = checkpointOf(
      this.id,
      this.results.filter((x) => x.end !== 'limit'),
      [...this.pending, ...[...this.inflight.values()].map((f) => f.task), ...this.cut],
      this.before + performance.now() - this.t0,
    );
    const why = writeCheckpoint(this.opts.checkpoint, c);
    if (why !== null) this.checkpointError ??= why;
  }
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
