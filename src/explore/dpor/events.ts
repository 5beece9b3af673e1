// Explorer: DPOR's per-execution event log — access kinds, stable locations, vector clocks and races.
import { baseObject, type KObject } from '../../kernel/object.ts';
import type { Step, StepKind } from '../../kernel/step.ts';
import type { ExecContext } from '../engine.ts';
import type { StableIds } from './ids.ts';
import { CountingPairs, CountSegment } from './counting.ts';
import { Locations, type LocRec } from './locations.ts';
import { readerRaces } from './readers.ts';
import type { VirtualRace } from './pending.ts';

/** `EventStore.raceV` of an ordinary race. */
export const NO_VALUE: unique symbol = Symbol('no value');

import { K_ACQ, K_FREE, K_RDACQ, K_RDREL, K_READ, K_REL, K_RMW, K_SLEEP, K_TRY, K_WRITE } from './kinds.ts';
export { K_ACQ, K_FREE, K_RDACQ, K_RDREL, K_READ, K_REL, K_RMW, K_SLEEP, K_TRY, K_WRITE };

export const KIND: Readonly<Record<StepKind, number>> = {
  read: K_READ,
  write: K_WRITE,
  rmw: K_RMW,
  acquire: K_ACQ,
  release: K_REL,
  sleep: K_SLEEP,
  free: K_FREE,
};

/** `KIND[k]` as compares of interned strings (a keyed lookup on every event was a megamorphic load). */
export function kindOf(k: StepKind): number {
  if (k === 'read') return K_READ;
  if (k === 'write') return K_WRITE;
  if (k === 'rmw') return K_RMW;
  if (k === 'acquire') return K_ACQ;
  if (k === 'release') return K_REL;
  if (k === 'sleep') return K_SLEEP;
  return K_FREE;
}

/**
 * The access kind of a step: a mutex's fast-path try (`Step.try`) and an rwlock's read side (`Step.shared`) have their
 * own kinds; all of them are writes of the lock.
 */
export function stepKind(s: Step): number {
  if (s.try === true) return K_TRY;
  if (s.shared === true) return s.k === 'acquire' ? K_RDACQ : K_RDREL;
  return kindOf(s.k);
}

/** Is `k` an event of an rwlock's read side? */
const isReadSide = (k: number): boolean => k === K_RDACQ || k === K_RDREL;

/** Is `k` a lock acquisition (exclusive or shared)? */
export const isAcquire = (k: number): boolean => k === K_ACQ || k === K_RDACQ;

/**
 * Could an acquire of kind `acq` not have run before a release of kind `rel` of the same lock by another thread? Then
 * their race is with the releaser's acquire instead. A reader after a reader's release could (readers share).
 */
export function releaseOrdersAcquire(acq: number, rel: number): boolean {
  if (acq === K_ACQ) return rel === K_REL || rel === K_RDREL;
  return acq === K_RDACQ && rel === K_REL;
}

/**
 * Lock bookkeeping of event `j` of kind `k` on `l`: `lastAcq` is the acquisition that took the lock from free (the
 * first of readers holding it together). A try takes a free lock; on a held one it fails (the thread then waits with
 * a plain acquire).
 */
function holdLock(l: LocRec, k: number, j: number): void {
  if (isAcquire(k) || (k === K_TRY && l.held === 0)) {
    if (l.held === 0) l.lastAcq = j;
    l.held++;
  } else if ((k === K_REL || k === K_RDREL) && l.held > 0) l.held--;
}

/** An event as the wakeup trees and sleep sets keep it: comparable across executions. */
export interface Desc {
  /** Stable thread id. */
  readonly t: number;
  readonly k: number;
  /** Stable location (object, field); -1 for `free`. */
  readonly loc: number;
  /** Stable identity of the allocation the access touches. */
  readonly base: number;
  /** The event halted the machine: it is then dependent with every other thread's next step. */
  readonly halt: boolean;
  /** Value branches (`EventStore.values`): a view read, and the value it returned (part of the event's identity). */
  readonly view?: true;
  readonly val?: unknown;
}

/**
 * Dependency: accesses to the same location conflict unless both read; `free` conflicts with every access to the
 * allocation; lock acquire/release are writes of the lock. A `sleep` step waits for its task's state to be
 * TASK_RUNNING: it is ordered after the last write of the state (happens-before) but conflicts with nothing (once
 * enabled, it commutes with every wakeup, which can then only store TASK_RUNNING again).
 * Races are the reversible conflicts: never with a sleep; for an acquire that follows another thread's release, the
 * race is with that thread's acquire (the release cannot be reordered alone), except for a reader after a reader.
 */
export class EventStore {
  W = 8;
  cap = 0;
  evT: Int32Array = new Int32Array(0);
  evK: Uint8Array = new Uint8Array(0);
  evLoc: Int32Array = new Int32Array(0);
  evBase: Int32Array = new Int32Array(0);
  evL: Int32Array = new Int32Array(0);
  evHalt: Uint8Array = new Uint8Array(0);
  /** For a step on a freed allocation (a use-after-free halt): the event that freed it (-1: before any event); else -2. */
  evCause: Int32Array = new Int32Array(0);
  clocks: Int32Array = new Int32Array(0);
  thr: Int32Array = new Int32Array(0);
  thrStable: Int32Array = new Int32Array(0);
  /** Index of each thread's last event in this execution, or -1. */
  thrLast: Int32Array = new Int32Array(0);
  /** Index of each thread's last event that changed what a halted execution's outcome reads (`Strategy.visible`), or -1. */
  thrVis: Int32Array = new Int32Array(0);
  private thrAlloc: Int32Array = new Int32Array(0);
  nThreads = 0;
  /** Real races (e, j), recorded only for j >= minRacePos (earlier ones were handled by a previous execution). */
  readonly raceE: number[] = [];
  readonly raceJ: number[] = [];
  /** Per race: for a view read's race with a change (value branches), the value it returns after it; else NO_VALUE. */
  readonly raceV: unknown[] = [];
  nRaces = 0;
  readonly virtual: VirtualRace[] = [];
  minRacePos = 0;
  readonly locs: Locations;
  /**
   * Counting steps (`Step.ctr`) commute while their counts stay high (`counting.ts`); false: every rmw of a count is an
   * ordinary write (the plain DPOR the tests compare against).
   */
  counting = true;
  /** An rwlock's read-side events commute with one another (`readSide`); false: they are writes of the lock. */
  readers = true;
  /**
   * View reads (`Step.view`) are ordered only after writes that changed the location's view; false: they are ordinary
   * reads (the plain DPOR the tests compare against).
   */
  views = true;
  /**
   * Value branches (DESIGN.md, "Value branches"): a view read is a choice of value that commutes with every event but a
   * free of its object and a halt; the strategy branches on the values it could read (`ViewLog`). Needs `views`.
   */
  values = false;
  /** View reads run over the whole exploration (what value branches would branch on). */
  viewReads = 0;
  /** Per event: 1 for a view read under `values` (its value in `evVal`). */
  evView: Uint8Array = new Uint8Array(0);
  readonly evVal: unknown[] = [];
  /** Per view read: the values it returns in some explored branch at its node or a race gives it (`pastViews`). */
  readonly evCover: unknown[][] = [];
  /** The view the next view read would return where it runs (set by the strategy before `add`). */
  nextNow: unknown = undefined;
  /** The value the next view read returns (set by the strategy before `add`). */
  nextVal: unknown = undefined;
  /** Under `values`: per location with a view, its value before this execution's first change and each change. */
  viewLog = new Map<number, { init: unknown; at: number[]; post: unknown[] }>();
  /** The race profile is on (`--races`): races with a step that did not run keep that step's site. */
  profiling = false;
  /** Which pairs of counting sites are ordered, for the whole exploration. */
  readonly pairs = new CountingPairs();
  /** The site of the next event's counting step (`CountingPairs.siteOf`), set by the strategy before `add`. */
  ctrSite = 0;
  /** The location of the last counting event and its position (`keepAsleep`). */
  private lastCount: LocRec | null = null;
  private lastCountJ = -1;
  /** The last counting event taken at or above its `from`: its count must have moved by exactly its `delta`. */
  private expStep: Step | null = null;
  private expCount = 0;
  /** It was taken below its `from`: the count must have moved by no less than `expCount` says. */
  private expLow = false;
  /** The last write of a location with a view, until the next event shows whether it changed the view. */
  private vLoc: LocRec | null = null;
  private vObj: KObject | null = null;
  private vPre: unknown = null;
  private vJ = 0;
  private vT = 0;
  private readonly deps: number[] = [];
  private nd = 0;
  /** An event the next `add` happens after besides its dependencies (the symmetry gate's edge), or -1. */
  after = -1;
  ctx: ExecContext | null = null;

  constructor(readonly ids: StableIds) {
    this.locs = new Locations(ids);
    this.grow(256);
    this.growThreads(8);
  }

  /** Forgets the previous execution (before the scenario's setup). */
  reset(): void {
    this.locs.reset();
    this.nThreads = 0;
    this.nRaces = 0;
    this.virtual.length = 0;
    this.expStep = null;
    this.vLoc = null;
    this.lastCount = null;
    this.pairs.unsafe.length = 0;
    this.viewLog = new Map();
  }

  /** Registers the setup's threads. */
  begin(ctx: ExecContext): void {
    this.ctx = ctx;
    this.locs.globals = ctx.machine.globals;
    const n = ctx.machine.tasks.length;
    for (let i = 0; i < n; i++) this.spawn(i, -1);
  }

  /** The allocation observer: names the object after its allocating thread (or the setup, or the clock). */
  readonly onAlloc = (obj: KObject): void => {
    const ctx = this.ctx;
    if (ctx !== null && ctx.phase === 'run' && ctx.running >= 0) {
      const n = (this.thrAlloc[ctx.running] as number) + 1;
      this.thrAlloc[ctx.running] = n;
      this.locs.allocated(obj, this.thrStable[ctx.running] as number, n);
    } else this.locs.allocatedBy(obj, ctx !== null && ctx.phase === 'clock');
  };

  /** Makes room for `n` events. */
  grow(n: number): void {
    let cap = Math.max(256, this.cap);
    while (cap < n) cap *= 2;
    if (cap === this.cap) return;
    const W = this.W;
    const g32 = (a: Int32Array, w = 1): Int32Array => {
      const b = new Int32Array(cap * w);
      b.set(a);
      return b;
    };
    const g8 = (a: Uint8Array): Uint8Array => {
      const b = new Uint8Array(cap);
      b.set(a);
      return b;
    };
    this.evT = g32(this.evT);
    this.evLoc = g32(this.evLoc);
    this.evBase = g32(this.evBase);
    this.evL = g32(this.evL);
    this.evK = g8(this.evK);
    this.evHalt = g8(this.evHalt);
    this.evView = g8(this.evView);
    this.evCause = g32(this.evCause);
    this.clocks = g32(this.clocks, W);
    this.cap = cap;
  }

  /** Makes room for thread index `n - 1`, widening the clocks if needed. */
  private growThreads(n: number): void {
    if (n > this.W || this.thr.length === 0) {
      let W = this.W;
      while (W < n) W *= 2;
      if (W !== this.W || this.thr.length === 0) {
        const old = this.W;
        const clocks = new Int32Array(this.cap * W);
        for (let j = 0; j < this.cap; j++)
          for (let u = 0; u < old; u++) clocks[j * W + u] = this.clocks[j * old + u] as number;
        const thr = new Int32Array(W * W);
        for (let t = 0; t < Math.min(old, W); t++)
          for (let u = 0; u < old; u++) thr[t * W + u] = this.thr[t * old + u] ?? 0;
        const st = new Int32Array(W);
        st.set(this.thrStable.subarray(0, Math.min(this.thrStable.length, W)));
        const al = new Int32Array(W);
        al.set(this.thrAlloc.subarray(0, Math.min(this.thrAlloc.length, W)));
        const last = new Int32Array(W);
        last.set(this.thrLast.subarray(0, Math.min(this.thrLast.length, W)));
        this.thrLast = last;
        const vis = new Int32Array(W);
        vis.set(this.thrVis.subarray(0, Math.min(this.thrVis.length, W)));
        this.thrVis = vis;
        this.clocks = clocks;
        this.thr = thr;
        this.thrStable = st;
        this.thrAlloc = al;
        this.W = W;
      }
    }
  }

  /** Thread `child` appeared; its clock starts at its spawner's (the spawn happens-before its first step). */
  spawn(child: number, parent: number): void {
    if (this.vLoc !== null) this.settle();
    this.growThreads(child + 1);
    const W = this.W;
    const thr = this.thr;
    for (let u = 0; u < W; u++) thr[child * W + u] = parent >= 0 ? (thr[parent * W + u] as number) : 0;
    const task = this.ctx?.machine.tasks[child];
    const st = task === undefined ? undefined : this.locs.nameOf(task);
    if (st === undefined)
      throw new Error(`epoll-lab bug: thread ${task?.comm ?? child} was not allocated by machine.spawn`);
    this.thrStable[child] = st;
    this.thrAlloc[child] = 0;
    this.thrLast[child] = -1;
    this.thrVis[child] = -1;
    if (child >= this.nThreads) this.nThreads = child + 1;
  }

  /** The virtual clock moved: it happens after every event so far and before every later one. */
  barrier(): void {
    if (this.vLoc !== null) this.settle();
    const W = this.W;
    const thr = this.thr;
    const n = this.nThreads;
    for (let u = 0; u < n; u++) {
      let mx = 0;
      for (let t = 0; t < n; t++) mx = Math.max(mx, thr[t * W + u] as number);
      for (let t = 0; t < n; t++) thr[t * W + u] = mx;
    }
  }

  /**
   * Records event `j`: thread `t` makes step `s`. Computes its vector clock and the races it closes. An acquire that
   * follows another thread's release races with that thread's acquire; the race is kept as a pending race with the
   * acquirer's clock before the release joined it, since reversing it removes that critical section.
   */
  add(j: number, t: number, s: Step): void {
    if (j + 1 >= this.cap) this.grow(j + 2);
    const W = this.W;
    const thr = this.thr;
    const tr = t * W;
    const k = stepKind(s);
    if (this.expStep !== null) this.checkCounting();
    if (this.vLoc !== null) this.settle();
    const lidx = (thr[tr + t] as number) + 1;
    this.evT[j] = t;
    this.evK[j] = k;
    this.evL[j] = lidx;
    this.evHalt[j] = 0;
    this.evView[j] = 0;
    this.thrLast[t] = j;
    this.nd = 0;
    if (this.after >= 0) {
      // Before the races: the edge orders the events like a spawn; there is nothing to reverse.
      this.deps[this.nd++] = this.after;
      this.joinDeps(t);
      this.nd = 0;
      this.after = -1;
    }
    const bo = baseObject(s.o);
    if (bo.freed) this.evCause[j] = this.locs.obj(bo).freedAt;
    else this.evCause[j] = -2;
    if (k === K_FREE) {
      const b = this.locs.obj(bo);
      this.evLoc[j] = -1;
      this.evBase[j] = b.stable;
      for (const l of b.locs) this.collect(l, true);
      this.races(j, t);
      for (const l of b.locs) {
        l.lastWrite = j;
        l.lastChange = j;
        l.nr = 0;
        l.ng = 0;
        l.nv = 0;
        l.nrd = 0;
      }
      b.freedAt = j;
    } else this.access(j, t, k, s);
    this.joinDeps(t);
    const n = this.nThreads;
    const clocks = this.clocks;
    thr[tr + t] = lidx;
    const jr = j * W;
    for (let u = 0; u < n; u++) clocks[jr + u] = thr[tr + u] as number;
    // Threads spawned later have seen nothing of this event: their entries must be 0, not what a previous
    // execution left in this slot (later joins and `hb` read them once those threads exist).
    for (let u = n; u < W; u++) clocks[jr + u] = 0;
  }

  /** Event `j` of thread `t` (kind `k`) on a location (not a free): its dependencies, races and the location's record. */
  private access(j: number, t: number, k: number, s: Step): void {
    const l = this.locs.loc(s.o, s.f);
    this.evLoc[j] = l.stable;
    this.evBase[j] = l.baseStable;
    const w = l.lastWrite;
    const c = s.ctr;
    const pre = c !== undefined && this.counting ? c.count(s.o) : null;
    if (pre !== null && c !== undefined) {
      this.countingEvent(j, t, l, s, pre, c.delta, c.from);
      l.grp[l.ng++] = j;
      this.lastCount = l;
      this.lastCountJ = j;
    } else if (k === K_READ) {
      // A view read is ordered after the last write that changed the view, an ordinary one after the last write.
      const view = s.view === true && l.view !== null && this.views;
      if (view) this.viewReads++;
      if (view && this.values) {
        // A value branch: no dependency but a later free of the object (`collect(l, true)` for the free).
        this.evView[j] = 1;
        this.evVal[j] = this.nextVal;
        this.evCover[j] = this.pastViews(l.stable, t, this.nextNow);
        l.vreads[l.nv++] = j;
        return;
      }
      const after = view ? l.lastChange : w;
      for (let i = 0; i < l.ng; i++) this.deps[this.nd++] = l.grp[i] as number;
      if (after >= 0) this.deps[this.nd++] = after;
      if (this.nd > 0) this.races(j, t);
      if (view) l.vreads[l.nv++] = j;
      else l.reads[l.nr++] = j;
    } else if (k === K_SLEEP) {
      if (w >= 0) this.deps[this.nd++] = w;
    } else if ((k === K_RDACQ || k === K_RDREL) && this.readers) {
      this.readSide(j, t, k, l);
    } else {
      this.collect(l);
      if (l.nrd > 0 && k === K_ACQ) {
        // After readers: the acquire could have taken the lock before any of them that is not in its past.
        for (const [r, clock] of readerRaces(this, l, t)) this.acquireRace(r, j, t, k, l, clock);
      } else if (w >= 0 && releaseOrdersAcquire(k, this.evK[w] as number) && this.evT[w] !== t)
        this.acquireRace(this.readers ? l.wAcq : l.lastAcq, j, t, k, l);
      else this.races(j, t);
      holdLock(l, k, j);
      // A try that failed took nothing: the readers holding the lock stay (`readerHolds`).
      const failedTry = k === K_TRY && l.lastAcq !== j;
      if (k === K_ACQ || (k === K_TRY && !failedTry)) l.wAcq = j;
      l.lastWrite = j;
      l.nr = 0;
      l.ng = 0;
      if (!failedTry) l.nrd = 0;
      if (l.view === null || !this.views) l.lastChange = j;
      else this.watchView(l, s, j, t);
    }
  }

  /**
   * An rwlock's read-side event (`readers`): ordered after the last write of the lock (a writer's release, or the free)
   * and the plain reads since, not after other readers' events (readers share the lock: their acquisitions and
   * releases commute). A read acquisition after another thread's release races with that writer's acquisition.
   */
  private readSide(j: number, t: number, k: number, l: LocRec): void {
    const w = l.lastWrite;
    for (let i = 0; i < l.nr; i++) this.deps[this.nd++] = l.reads[i] as number;
    if (w >= 0) this.deps[this.nd++] = w;
    if (k === K_RDACQ && w >= 0 && this.evK[w] === K_REL && this.evT[w] !== t) this.acquireRace(l.wAcq, j, t, k, l);
    else if (this.nd > 0) this.races(j, t);
    holdLock(l, k, j);
    l.rds[l.nrd++] = j;
  }

  /**
   * Acquisition `j` (kind `k`) of thread `t` could have run before acquisition `a` of another thread, not after its
   * release: a race with the step that did not run yet (`VirtualRace`), unless `a` is in `t`'s past.
   */
  private acquireRace(a: number, j: number, t: number, k: number, l: LocRec, clock = this.row(t)): void {
    if (j < this.minRacePos || a < 0 || this.evT[a] === t || this.before(a, this.thr, t * this.W)) return;
    this.virtual.push({
      e: a,
      p: t,
      k,
      loc: l.stable,
      base: l.baseStable,
      clock,
      end: j,
      stale: false,
      site: j,
      view: false,
      val: undefined,
    });
  }

  /** Event `j` of thread `t` writes `l`, which has a view: `settle` sees whether it changed it. */
  private watchView(l: LocRec, s: Step, j: number, t: number): void {
    this.vLoc = l;
    this.vObj = s.o;
    this.vPre = (l.view as (o: KObject) => unknown)(s.o);
    this.vJ = j;
    this.vT = t;
  }

  /**
   * The write of a location with a view has happened (the next event is being added, or the execution ended): if it
   * changed the view, it is ordered after the view reads since the last change and races with them; if not, they stay
   * unordered with it (each reads the same view on either side). Called by `add`, `spawn`, `barrier` and, after the
   * last event, by the strategy.
   */
  settle(): void {
    const l = this.vLoc;
    if (l === null) return;
    this.vLoc = null;
    const post = (l.view as (o: KObject) => unknown)(this.vObj as KObject);
    if (Object.is(this.vPre, post)) return;
    const j = this.vJ;
    const t = this.vT;
    l.lastChange = j;
    if (this.values) {
      let log = this.viewLog.get(l.stable);
      if (log === undefined) this.viewLog.set(l.stable, (log = { init: this.vPre, at: [], post: [] }));
      log.at.push(j);
      log.post.push(post);
      if (j >= this.minRacePos) this.futureRaces(l, j, post);
      return;
    }
    if (l.nv === 0) return;
    this.nd = 0;
    for (let i = 0; i < l.nv; i++) this.deps[this.nd++] = l.vreads[i] as number;
    l.nv = 0;
    this.races(j, t);
    this.joinDeps(t);
    const W = this.W;
    const jr = j * W;
    const tr = t * W;
    for (let u = 0; u < this.nThreads; u++) this.clocks[jr + u] = this.thr[tr + u] as number;
  }

  /**
   * Value branches: the views a read by thread `t` could return if it ran earlier, back to the last change of location
   * `loc` in its past, the view now (`now`) included. The strategy explores the read returning each of these.
   */
  pastViews(loc: number, t: number, now: unknown): unknown[] {
    const log = this.viewLog.get(loc);
    if (log === undefined) return [now];
    const tr = t * this.W;
    let lo = log.at.length - 1;
    while (lo >= 0 && !this.before(log.at[lo] as number, this.thr, tr)) lo--;
    const out: unknown[] = [now];
    for (let i = lo; i < log.at.length; i++) {
      const v = i < 0 ? log.init : log.post[i];
      if (!out.some((x) => Object.is(x, v))) out.push(v);
    }
    return out;
  }

  /**
   * Value branches: change `j` of location `l` (to view `post`) races with each view read of `l` it is not ordered
   * after that could not return `post` by running earlier: reversed, the read runs after `j` and returns it. Once per
   * read and value (`evCover` grows): a read's position among changes matters only through the value it returns.
   */
  private futureRaces(l: LocRec, j: number, post: unknown): void {
    const jr = j * this.W;
    for (let i = 0; i < l.nv; i++) {
      const r = l.vreads[i] as number;
      if (this.evView[r] !== 1 || this.evT[r] === this.evT[j] || this.before(r, this.clocks, jr)) continue;
      const cover = this.evCover[r] as unknown[];
      if (cover.some((x) => Object.is(x, post))) continue;
      cover.push(post);
      this.race(r, j);
      this.raceV[this.nRaces - 1] = post;
    }
  }

  /** Joins the clocks of the events in `deps` into thread `t`'s clock. */
  private joinDeps(t: number): void {
    const W = this.W;
    const n = this.nThreads;
    const thr = this.thr;
    const clocks = this.clocks;
    const tr = t * W;
    for (let i = 0; i < this.nd; i++) {
      const dr = (this.deps[i] as number) * W;
      for (let u = 0; u < n; u++) {
        const c = clocks[dr + u] as number;
        if (c > (thr[tr + u] as number)) thr[tr + u] = c;
      }
    }
  }

  /**
   * The events a write (or free) of `l` is ordered after: the reads and counting events since the last write, else the
   * last write.
   */
  private collect(l: LocRec, views = false): void {
    const deps = this.deps;
    if (views) for (let i = 0; i < l.nv; i++) deps[this.nd++] = l.vreads[i] as number;
    for (let i = 0; i < l.nr; i++) deps[this.nd++] = l.reads[i] as number;
    for (let i = 0; i < l.ng; i++) deps[this.nd++] = l.grp[i] as number;
    for (let i = 0; i < l.nrd; i++) deps[this.nd++] = l.rds[i] as number;
    if (l.nr === 0 && l.ng === 0 && l.nrd === 0 && l.lastWrite >= 0) deps[this.nd++] = l.lastWrite;
  }

  /**
   * A counting event: ordered after the reads since the last write (it changes what they read), else that write, and
   * after the earlier counting events of its segment whose pair of sites is plain (`CountingPairs.ordered`). A pair left
   * unordered is checked again as the segment grows; when it stops commuting, the strategy restarts with it plain.
   */
  private countingEvent(j: number, t: number, l: LocRec, s: Step, pre: number, delta: number, from: number): void {
    let seg = l.seg;
    if (seg === null) seg = l.seg = new CountSegment();
    if (l.ng === 0) seg.open(pre);
    const site = this.ctrSite;
    const low = pre < from;
    const pt = seg.prefix(t);
    const deps = this.deps;
    const tr = t * this.W;
    for (let i = 0; i < l.ng; i++) {
      const g = l.grp[i] as number;
      const u = seg.t[i] as number;
      if (u === t || this.before(g, this.thr, tr)) continue;
      if (this.pairs.ordered(seg, l.stable, i, t, pt, delta, from, site)) deps[this.nd++] = g;
    }
    seg.push(t, delta, from, site);
    // Below its `from` a step may do anything; the count it leaves is checked to be no lower than this (`checkCounting`).
    this.pairs.advance(seg, t, low ? Math.min(0, delta) : delta);
    for (let i = 0; i < l.nr; i++) deps[this.nd++] = l.reads[i] as number;
    if (!this.values) {
      for (let i = 0; i < l.nv; i++) deps[this.nd++] = l.vreads[i] as number;
      l.nv = 0;
      l.lastChange = j;
    } else if (l.view !== null && this.views) this.watchView(l, s, j, t);
    else l.lastChange = j;
    if (l.nr === 0 && l.lastWrite >= 0) deps[this.nd++] = l.lastWrite;
    if (this.nd > 0) this.races(j, t);
    this.expStep = s;
    this.expCount = pre + (low ? Math.min(0, delta) : delta);
    this.expLow = low;
  }

  /**
   * May a sleeping counting step `q` of thread `ti` (adding `delta` from `from`, at site `site`) stay asleep across
   * event `j`? Only if `j` is a counting event on its location that commutes with `q` as two events of the segment
   * would (`countingEvent`); `q` is then counted in the segment once (its thread's lowest prefix sum), as if it could
   * run anywhere in it, so that a later pair that stops commuting because of it restarts the exploration.
   */
  keepAsleep(j: number, q: Desc, ti: number, delta: number, from: number, site: number): boolean {
    const l = this.lastCount;
    if (l === null || this.lastCountJ !== j || this.evHalt[j] === 1 || this.evLoc[j] !== q.loc) return false;
    const seg = l.seg;
    const i = l.ng - 1;
    if (seg === null || i < 0) return false;
    if (seg.t[i] === ti || this.pairs.ordered(seg, l.stable, i, ti, seg.prefix(ti), delta, from, site)) return false;
    if (!seg.virtual.includes(q)) {
      seg.virtual.push(q);
      this.pairs.advance(seg, ti, delta, true);
    }
    return true;
  }

  /**
   * The contract of a counting step: taken at or above its `from`, the count moved by exactly its `delta`; below it,
   * by no less than `min(0, delta)` (what its segment assumed of it).
   */
  private checkCounting(): void {
    const s = this.expStep as Step;
    this.expStep = null;
    const now = s.ctr?.count(s.o) ?? null;
    if (now === null || (this.expLow ? now >= this.expCount : now === this.expCount)) return;
    throw new Error(
      `epoll-lab bug: a counting step on ${s.f} declared delta ${s.ctr?.delta} from ${s.ctr?.from} and left ${now}, ${this.expLow ? 'below' : 'not'} ${this.expCount}`,
    );
  }

  /** Is event `e` in the past of the clock at `arr[off..]`? */
  before(e: number, arr: Int32Array, off: number): boolean {
    return (arr[off + (this.evT[e] as number)] as number) >= (this.evL[e] as number);
  }

  /** Does event `y` happen before event `x` (both recorded)? A halting event happens after everything before it. */
  hb(y: number, x: number): boolean {
    if (this.evHalt[x] === 1) return y < x;
    return (this.clocks[x * this.W + (this.evT[y] as number)] as number) >= (this.evL[y] as number);
  }

  /** Records the race e ⋖ j. */
  race(e: number, j: number): void {
    this.raceE[this.nRaces] = e;
    this.raceV[this.nRaces] = NO_VALUE;
    this.raceJ[this.nRaces++] = j;
  }

  /** Readies slot `n` (one past the last event) as view read `r` returning `val` (a value race's last event). */
  viewCopy(r: number, n: number, val: unknown): void {
    if (n + 1 >= this.cap) this.grow(n + 2);
    const W = this.W;
    this.evT[n] = this.evT[r] as number;
    this.evK[n] = K_READ;
    this.evLoc[n] = this.evLoc[r] as number;
    this.evBase[n] = this.evBase[r] as number;
    this.evHalt[n] = 0;
    this.evView[n] = 1;
    this.evVal[n] = val;
    this.evL[n] = this.evL[r] as number;
    for (let u = 0; u < W; u++) this.clocks[n * W + u] = this.clocks[r * W + u] as number;
  }

  /** The candidates in `deps` that thread `t`'s new event `j` races with (not ordered through another event). */
  private races(j: number, t: number): void {
    if (j < this.minRacePos) return;
    const W = this.W;
    const tr = t * W;
    const deps = this.deps;
    const nd = this.nd;
    for (let i = 0; i < nd; i++) {
      const d = deps[i] as number;
      if (this.evT[d] === t || this.evK[d] === K_SLEEP || this.before(d, this.thr, tr)) continue;
      let covered = false;
      for (let q = 0; q < nd && !covered; q++) {
        const d2 = deps[q] as number;
        if (d2 !== d && this.before(d, this.clocks, d2 * W)) covered = true;
      }
      if (!covered) this.race(d, j);
    }
  }

  /** A descriptor of event `j` for wakeup trees and sleep sets. */
  desc(j: number): Desc {
    const d = {
      t: this.thrStable[this.evT[j] as number] as number,
      k: this.evK[j] as number,
      loc: this.evLoc[j] as number,
      base: this.evBase[j] as number,
      halt: this.evHalt[j] === 1,
    };
    return this.evView[j] === 1 ? { ...d, view: true, val: this.evVal[j] } : d;
  }

  /** Are descriptor `a` and event `j` dependent? */
  dep(a: Desc, j: number): boolean {
    if (a.t === this.thrStable[this.evT[j] as number]) return true;
    if (a.halt || this.evHalt[j] === 1) return true;
    const kb = this.evK[j] as number;
    if (a.k === K_SLEEP || kb === K_SLEEP) return false;
    if (a.k === K_FREE || kb === K_FREE) return a.base === this.evBase[j];
    if (a.view === true || this.evView[j] === 1) return false;
    if (a.loc !== this.evLoc[j]) return false;
    if (this.readers && isReadSide(a.k) && isReadSide(kb)) return false;
    return a.k !== K_READ || kb !== K_READ;
  }

  /** A copy of thread `p`'s vector clock. */
  row(p: number): Int32Array {
    return this.thr.slice(p * this.W, (p + 1) * this.W);
  }
}
