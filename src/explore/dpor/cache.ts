// Explorer: state caching for optimal DPOR — prune a state whose subtree is explored, with conservative race summaries.
import type { KObject } from '../../kernel/object.ts';
import type { Step } from '../../kernel/step.ts';
import type { Task } from '../../kernel/task.ts';
import type { ExecContext } from '../engine.ts';
import { Fingerprinter, Histories, type HistorySnapshot } from '../stateful/state.ts';
import * as events from './events.ts';
import type { Desc, EventStore } from './events.ts';
import type { Seq } from './wakeup.ts';

// Local copies: the hot loops below would otherwise go through the module namespace's getters under tsx.
const K_FREE = events.K_FREE;
const releaseOrdersAcquire = events.releaseOrdersAcquire;
const K_READ = events.K_READ;
const K_SLEEP = events.K_SLEEP;
const K_WRITE = events.K_WRITE;

/**
 * What the exploration below a cached state did: the sleep set it started with (stable thread ids) and every event
 * it executed, as descriptors (thread, kind, location), deduplicated. Complete once its node left the DFS stack.
 */
/**
 * A witness path without copies: events `arr[from..to)` of one execution's descriptor array, then `next`. Paths of
 * many summarised events share their executions' arrays (a copied path per event took gigabytes on 3 waiters).
 */
export interface Path {
  readonly arr: readonly Desc[];
  readonly from: number;
  readonly to: number;
  readonly next: Path | null;
}

/** The path's descriptors, in order. */
export function pathDescs(p: Path): Desc[] {
  const out: Desc[] = [];
  for (let q: Path | null = p; q !== null; q = q.next) for (let i = q.from; i < q.to; i++) out.push(q.arr[i] as Desc);
  return out;
}

export class Summary {
  readonly descs: Desc[] = [];
  /**
   * For each descriptor, the events from the state up to it in the execution that first ran it (a witness path for
   * building a precise wakeup sequence), or null when unknown (a clock barrier on the way, a cut-off thread).
   */
  readonly paths: (Path | null)[] = [];
  private readonly keys = new Set<string>();
  complete = false;
  constructor(readonly sleep: readonly number[]) {}

  /** Adds `d` unless known, with its path. */
  add(d: Desc, path: Path | null): void {
    const k = `${d.t},${d.k},${d.loc},${d.base},${d.halt ? 1 : 0}`;
    if (this.keys.has(k)) return;
    this.keys.add(k);
    this.descs.push(d);
    this.paths.push(path);
  }

  /** Adds a summary reached from this one's state through `prefix` (one segment; null: unknown). */
  addAll(s: Summary, prefix: Path | null): void {
    s.descs.forEach((d, i) => {
      const p = s.paths[i] ?? null;
      this.add(d, prefix === null || p === null ? null : { ...prefix, next: p });
    });
  }
}

/** Descriptor dependence as `EventStore.dep`, with sleeps independent (an under-approximation of happens-before). */
function descDep(a: Desc, b: Desc): boolean {
  if (a.t === b.t || a.halt || b.halt) return true;
  if (a.k === K_SLEEP || b.k === K_SLEEP) return false;
  if (a.k === K_FREE || b.k === K_FREE) return a.base === b.base;
  return a.loc === b.loc && (a.k !== K_READ || b.k !== K_READ);
}

/**
 * A wakeup sequence of descriptors (events not run in this execution). Happens-before within it is the transitive
 * closure of program order and dependence, with a sleep ordered after everything before it (over-approximated, so
 * that no sleeper looks like an initial ahead of its waker).
 */
export class DescSeq implements Seq {
  private readonly pred: Uint8Array;
  constructor(private readonly v: readonly Desc[]) {
    const n = v.length;
    const pred = new Uint8Array(n * n);
    for (let k = 0; k < n; k++) {
      const dk = v[k] as Desc;
      for (let i = 0; i < k; i++) {
        if (pred[i * n + k] === 1) continue;
        const di = v[i] as Desc;
        if (dk.k === K_SLEEP || descDep(di, dk)) {
          pred[i * n + k] = 1;
          for (let j = 0; j < i; j++) if (pred[j * n + i] === 1) pred[j * n + k] = 1;
        }
      }
    }
    this.pred = pred;
  }
  get length(): number {
    return this.v.length;
  }
  thread(i: number): number {
    return (this.v[i] as Desc).t;
  }
  view(i: number): boolean {
    return (this.v[i] as Desc).view === true;
  }
  desc(i: number): Desc {
    return this.v[i] as Desc;
  }
  hb(i: number, k: number): boolean {
    return this.pred[i * this.v.length + k] === 1;
  }
  dep(d: Desc, i: number): boolean {
    const x = this.v[i] as Desc;
    return d.k === K_SLEEP || x.k === K_SLEEP || descDep(d, x);
  }
}

/**
 * notdep(e, E').σ for prefix event `e` (descriptor `de`), E' = `after` (the prefix after e) then `path` (from the
 * cached state to σ, its last element): the events not happening after `e`, then σ. `none` when σ happens after `e`
 * through another event (no race to reverse); `unknown` when a sleep would stay in the sequence after an event that
 * left it (descriptors do not say who woke a sleeper: the sequence might not be runnable).
 */
export function reversal(de: Desc, after: readonly Desc[], path: readonly Desc[]): Desc[] | 'none' | 'unknown' {
  const marked: Desc[] = [de];
  const v: Desc[] = [];
  const all = [...after, ...path];
  const sigma = all[all.length - 1] as Desc;
  for (let i = 0; i < all.length - 1; i++) {
    const x = all[i] as Desc;
    if (marked.some((m) => descDep(m, x))) marked.push(x);
    else if (x.k === K_SLEEP) return 'unknown';
    else v.push(x);
  }
  for (let i = 1; i < marked.length; i++) if (descDep(marked[i] as Desc, sigma)) return 'none';
  v.push(sigma);
  return v;
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
  constructor(
    private readonly mark: ((i: number) => string) | null,
    /** States stored at most (then the table stops growing). */
    readonly maxStates: number,
  ) {}
  private readonly key = new Int32Array(4);
  readonly table = new Map<string, Summary>();
  readonly allocated: KObject[] = [];
  private ctx: ExecContext | null = null;
  private lastTi = -1;
  /** Executions cut at a cached state. */
  hits = 0;
  /** Prefix nodes given every enabled thread as a branch because a summarised event may race with them. */
  expansions = 0;

  reset(): void {
    this.allocated.length = 0;
    this.lastTi = -1;
  }

  begin(ctx: ExecContext): void {
    this.ctx = ctx;
    const h = this.hist;
    const mark = this.mark;
    const n = ctx.machine.tasks.length;
    h.nInitial = n;
    h.attach(ctx.machine);
    ctx.machine.frameObs = h;
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

  /** `live`: the event is past the replayed prefix (a replayed one's history is restored from its node instead). */
  before(ti: number, s: Step, live: boolean): void {
    const m = (this.ctx as ExecContext).machine;
    const h = this.hist;
    h.live = live;
    if (live) h.observe(m, ti, m.tasks[ti] as Task, s);
    this.lastTi = ti;
    // Critical-section orders converge at a mutex's release (spinlock sections are short and many).
  }

  spawned(child: number, parent: number): void {
    const m = (this.ctx as ExecContext).machine;
    this.hist.spawned(child, parent, (m.tasks[child] as Task).comm);
  }

  /**
   * Is the current scheduling point one to cache: the last event ended its thread's program or one of its lines?
   * There a thread's state is at its smallest (its mark), and critical-section orders have converged. (Caching at
   * every mutex release too stored 4x the states for no more merges on the scaling series; caching after every
   * kfn return, with per-frame histories, ran 6x fewer executions on 2 waiters but stored 6x the states and took
   * as long: DESIGN.md.)
   */
  worthCaching(): boolean {
    if (this.lastTi < 0) return false;
    const m = (this.ctx as ExecContext).machine;
    return (m.tasks[this.lastTi] as Task).done || this.hist.markChanged(this.lastTi);
  }

  snapshot(): HistorySnapshot {
    return this.hist.snapshot((this.ctx as ExecContext).machine.tasks.length);
  }

  restore(s: HistorySnapshot): void {
    this.hist.restore(s);
  }

  /**
   * Estimated bytes of the table (V8's sizes: a key string, a map entry, a summary and its arrays, each descriptor
   * with its dedup key and witness-path link; the paths' arrays are the executions' own, shared, not counted).
   */
  get bytes(): number {
    let b = 0;
    for (const [k, s] of this.table) b += 2 * k.length + 24 + 32 + 120 + s.descs.length * (48 + 56 + 40 + 8);
    return b;
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
 * state has no past yet). Pairs (event, index of the summarised descriptor).
 */
export function racingPrefix(ev: EventStore, s: Summary, from: number, pos: number): [number, number][] {
  const out: [number, number][] = [];
  const idxOf = new Map<number, number>();
  for (let i = 0; i < ev.nThreads; i++) idxOf.set(ev.thrStable[i] as number, i);
  for (let e = from; e < pos; e++) {
    const te = ev.thrStable[ev.evT[e] as number] as number;
    for (let i = 0; i < s.descs.length; i++) {
      const d = s.descs[i] as Desc;
      if (d.t === te || d.k === K_SLEEP || !ev.dep(d, e)) continue;
      // An acquire after another thread's release races with that thread's acquire, not with the release.
      if (releaseOrdersAcquire(d.k, ev.evK[e] as number)) continue;
      const u = idxOf.get(d.t);
      if (u !== undefined && ev.before(e, ev.thr, u * ev.W)) continue;
      out.push([e, i]);
    }
  }
  return out;
}
