// Explorer: state caching for optimal DPOR — prune a state whose subtree is explored, with conservative race summaries.
import type { KObject } from '../../kernel/object.ts';
import type { Step } from '../../kernel/step.ts';
import type { Task } from '../../kernel/task.ts';
import type { ExecContext } from '../engine.ts';
import { Fingerprinter, Histories } from '../stateful/state.ts';
import { K_SLEEP, K_WRITE, type Desc, type EventStore } from './events.ts';

/**
 * What the exploration below a cached state did: the sleep set it started with (stable thread ids) and every event
 * it executed, as descriptors (thread, kind, location), deduplicated. Complete once its node left the DFS stack.
 */
export class Summary {
  readonly descs: Desc[] = [];
  private readonly keys = new Set<string>();
  complete = false;
  constructor(readonly sleep: readonly number[]) {}

  add(d: Desc): void {
    const k = `${d.t},${d.k},${d.loc},${d.base},${d.halt ? 1 : 0}`;
    if (this.keys.has(k)) return;
    this.keys.add(k);
    this.descs.push(d);
  }

  addAll(s: Summary): void {
    for (const d of s.descs) this.add(d);
  }
}

/** A thread cut off at the end of an execution with a pending step: dependent with everything (conservative). */
export function wildcard(t: number): Desc {
  return { t, k: K_WRITE, loc: -2, base: -2, halt: true };
}

/**
 * The state table of cached DPOR: fingerprints (`../stateful/state.ts`: heap by stable names plus every thread's
 * observation history) of scheduling points where two or more threads are enabled and the previous event ended a
 * critical section or a thread's program, each with the `Summary` of its subtree.
 */
export class DporCache {
  readonly hist = new Histories();
  private readonly fp = new Fingerprinter();
  constructor(private readonly mark: ((i: number) => string) | null) {}
  private readonly key = new Int32Array(4);
  readonly table = new Map<string, Summary>();
  readonly allocated: KObject[] = [];
  private ctx: ExecContext | null = null;
  private lastTi = -1;
  private lastRelease = false;
  /** Executions cut at a cached state. */
  hits = 0;
  /** Prefix nodes given every enabled thread as a branch because a summarised event may race with them. */
  expansions = 0;

  reset(): void {
    this.allocated.length = 0;
    this.lastTi = -1;
    this.lastRelease = false;
  }

  begin(ctx: ExecContext): void {
    this.ctx = ctx;
    const h = this.hist;
    const mark = this.mark;
    const n = ctx.machine.tasks.length;
    h.nInitial = n;
    const which = new Map<number, number>();
    ctx.threads.forEach((t, j) => which.set(ctx.machine.tasks.indexOf(t), j));
    h.mark =
      mark === null
        ? null
        : (i: number): string => {
            const j = which.get(i);
            return j === undefined ? '' : mark(j);
          };
    for (let i = 0; i < n; i++) h.seed(i);
  }

  readonly onAlloc = (obj: KObject): void => {
    this.allocated.push(obj);
  };

  before(ti: number, s: Step): void {
    const m = (this.ctx as ExecContext).machine;
    this.hist.observe(m, ti, m.tasks[ti] as Task, s);
    this.lastTi = ti;
    this.lastRelease = s.k === 'release';
  }

  spawned(child: number, parent: number): void {
    const m = (this.ctx as ExecContext).machine;
    this.hist.spawned(child, parent, (m.tasks[child] as Task).comm);
  }

  /** Is the current scheduling point one to cache (a critical section or a thread's program just ended)? */
  worthCaching(): boolean {
    if (this.lastTi < 0) return false;
    const m = (this.ctx as ExecContext).machine;
    return this.lastRelease || (m.tasks[this.lastTi] as Task).done;
  }

  /** The current state's key. */
  fingerprint(): string {
    const m = (this.ctx as ExecContext).machine;
    this.fp.compute(m, this.allocated, this.hist, this.key);
    return `${this.key[0]},${this.key[1]},${this.key[2]},${this.key[3]}`;
  }
}

/**
 * The prefix events a pruned subtree may race with: event `e` (before `pos`) of another thread than a summarised
 * event's, dependent with it, and not already in that thread's causal past at `pos` (a thread spawned below the
 * state has no past yet). Pairs (event, stable thread of the summarised event); for each, the caller adds that
 * thread as a branch at the event's node when it is enabled there, else every enabled thread (the backtracking rule
 * of Flanagan and Godefroid's DPOR, applied to every such event rather than the last one: more branches, never
 * fewer).
 */
export function racingPrefix(ev: EventStore, s: Summary, from: number, pos: number): [number, number][] {
  const out: [number, number][] = [];
  const idxOf = new Map<number, number>();
  for (let i = 0; i < ev.nThreads; i++) idxOf.set(ev.thrStable[i] as number, i);
  for (let e = from; e < pos; e++) {
    const te = ev.thrStable[ev.evT[e] as number] as number;
    for (const d of s.descs) {
      if (d.t === te || d.k === K_SLEEP || !ev.dep(d, e)) continue;
      const u = idxOf.get(d.t);
      if (u !== undefined && ev.before(e, ev.thr, u * ev.W)) continue;
      out.push([e, d.t]);
    }
  }
  return out;
}
