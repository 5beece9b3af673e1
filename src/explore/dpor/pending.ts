// Explorer: DPOR races whose second event did not run — a blocked acquire, or a step a halt cut off.
import { baseObject } from '../../kernel/object.ts';
import type { Step } from '../../kernel/step.ts';
import type { Task } from '../../kernel/task.ts';
import { isEnabled } from '../../sched/runtime.ts';
import { K_FREE, stepKind, type EventStore } from './events.ts';
import { readerRaces } from './readers.ts';
import { viewNow } from './values.ts';

/** A race whose second event is a step that did not run: a blocked acquire, or the next step of a thread a halt cut off. */
export interface VirtualRace {
  readonly e: number;
  /** Thread (index in machine.tasks) whose pending step is the second event. */
  readonly p: number;
  readonly k: number;
  readonly loc: number;
  readonly base: number;
  /** The thread's vector clock at that time. */
  readonly clock: Int32Array;
  /** Events from `e + 1` to `end - 1` may precede it. */
  readonly end: number;
  /** Found while replaying a prefix whose races a previous execution already handled. */
  readonly stale: boolean;
  /** Value branches: the second event is a view read that would return `val` (`EventStore.values`). */
  readonly view: boolean;
  readonly val: unknown;
  /** What the second event is, for the race profile: an event of this execution, the step that did not run, or null
   * (profile off). */
  readonly site: number | PendingSite | null;
}

/** A step that did not run, and its task's two innermost frames then. */
export interface PendingSite {
  readonly t: Pick<Task, 'comm' | 'stack'>;
  readonly s: Step;
}

/**
 * A halting event reads what the outcome of a halted execution reads: it races with the last event of every other
 * thread that changed that (`thrVis`: a finished line, a violation, a free; every event for a scenario whose outcome
 * reads the heap) and is not already ordered before it (or before another such event). A thread's later events
 * change nothing the outcome shows, so stopping it anywhere after that event gives the same outcome.
 */
export function haltRaces(ev: EventStore, h: number): void {
  const ht = ev.evT[h] as number;
  const W = ev.W;
  const cand: number[] = [];
  for (let p = 0; p < ev.nThreads; p++) {
    const e = ev.thrVis[p] as number;
    if (p !== ht && e >= 0 && e < h && !ev.before(e, ev.clocks, h * W)) cand.push(e);
  }
  for (const e of cand) {
    let covered = false;
    for (const e2 of cand) if (e2 !== e && ev.before(e, ev.clocks, e2 * W)) covered = true;
    if (!covered) ev.race(e, h);
  }
}

/**
 * Does event `j`, which halted in this execution, still halt once `e` and everything after it are taken out?
 * A use-after-free whose free is removed does not (assumed: the step's code then runs without a fatal report).
 */
export function haltsWithout(ev: EventStore, j: number, e: number): boolean {
  const c = ev.evCause[j] as number;
  if (c < 0) return true;
  return !(c === e || (c > e && ev.hb(e, c)));
}

/** A race between event `e` and thread `p`'s (task `t`'s) pending step `s`, reorderable with the events before `end`. */
export function pendingRace(
  ev: EventStore,
  e: number,
  [p, t]: readonly [number, Task],
  s: Step,
  end: number,
  stale = false,
  clock = ev.row(p),
): void {
  const k = stepKind(s);
  let loc = -1;
  let base: number;
  if (k === K_FREE) base = ev.locs.obj(baseObject(s.o)).stable;
  else {
    const l = ev.locs.loc(s.o, s.f);
    loc = l.stable;
    base = l.baseStable;
  }
  const site = ev.profiling ? { t: { comm: t.comm, stack: t.stack.slice(-2) }, s } : null;
  if (!(ev.values && s.view === true)) {
    ev.virtual.push({ e, p, k, loc, base, clock, end, stale, site, view: false, val: undefined });
    return;
  }
  // A view read that did not run (value branches): one race per value it could return before `e`.
  for (const val of ev.pastViews(loc, p, viewNow(s)))
    ev.virtual.push({ e, p, k, loc, base, clock: ev.row(p), end, stale, site, view: true, val });
}

/**
 * Blocked acquires: each races with the last acquire of its lock, by the thread that holds it. `atClock`: found at a
 * clock advance (stale when a previous execution saw the same prefix), else at the end of the execution.
 */
export function blockedAcquires(ev: EventStore, tasks: readonly Task[], end: number, atClock: boolean): void {
  const W = ev.W;
  for (let p = 0; p < tasks.length; p++) {
    const t = tasks[p] as Task;
    const s = t.pending;
    if (t.done || s === null || s.k !== 'acquire' || isEnabled(t)) continue;
    const l = ev.locs.loc(s.o, s.f);
    const stale = atClock && end <= ev.minRacePos;
    if (s.shared !== true && ev.readers && l.nrd > 0) {
      // A writer blocked by readers (their events commute: `EventStore.readers`) could have gone before them.
      for (const [a, clock] of readerRaces(ev, l, p)) if (a < end) pendingRace(ev, a, [p, t], s, end, stale, clock);
      continue;
    }
    const a = l.lastAcq;
    if (a < 0 || a >= end || ev.evT[a] === p || ev.before(a, ev.thr, p * W)) continue;
    pendingRace(ev, a, [p, t], s, end, stale);
  }
}

/** Writes a pending event into slot `j` (one past the last real event) so it can be queried like a real one. */
export function materialise(ev: EventStore, v: VirtualRace, j: number): void {
  if (j + 1 >= ev.cap) ev.grow(j + 2);
  const W = ev.W;
  ev.evT[j] = v.p;
  ev.evK[j] = v.k;
  ev.evLoc[j] = v.loc;
  ev.evBase[j] = v.base;
  ev.evHalt[j] = 0;
  ev.evView[j] = v.view ? 1 : 0;
  ev.evVal[j] = v.val;
  ev.evL[j] = (v.clock[v.p] as number) + 1;
  for (let u = 0; u < W; u++) ev.clocks[j * W + u] = v.clock[u] ?? 0;
  ev.clocks[j * W + v.p] = ev.evL[j] as number;
}
