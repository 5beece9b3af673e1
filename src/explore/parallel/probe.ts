// Explorer, parallel: splitting a DPOR subtree — the root's children, their sleep sets, found by short probe runs.
import { baseObject } from '../../kernel/object.ts';
import type { Step } from '../../kernel/step.ts';
import type { Task } from '../../kernel/task.ts';
import { Engine, IntLog, type AbandonReason, type ExecContext, type Strategy } from '../engine.ts';
import { EventStore, K_FREE, K_RMW, stepKind, type Desc } from '../dpor/events.ts';
import { StableIds } from '../dpor/ids.ts';
import type { Scenario } from '../scenario.ts';
import type { SymmetryGate } from '../symmetry.ts';
import type { SubtreeTask } from './task.ts';

/** The descriptor of thread `ti`'s pending step, as DPOR's sleep sets keep events (`halt`: it halted when run). */
export function pendingDesc(ev: EventStore, ti: number, t: Task, halt: boolean): Desc {
  const s = t.pending;
  if (s === null) throw new Error(`epoll-lab bug: sleeping thread ${t.comm} has no pending step`);
  const k = stepKind(s);
  if (k === K_FREE)
    return { t: ev.thrStable[ti] as number, k, loc: -1, base: ev.locs.obj(baseObject(s.o)).stable, halt };
  const l = ev.locs.loc(s.o, s.f);
  return { t: ev.thrStable[ti] as number, k, loc: l.stable, base: l.baseStable, halt };
}

/**
 * Does a sleeping thread's pending step commute with step `s`, about to run, in the current state? True only for two
 * counting steps (`Step.ctr`) on one location that both stay at or above their `from` in either order: then running
 * `s` first changes nothing the sleeping step or its caller sees, and the sleeping thread stays asleep. An exact check
 * in the state, not a relation on events (sleep sets need no more: Godefroid's conditional independence). Used by the
 * split's sleep-set DFS only: a subtree's DPOR keeps its inherited entries by the descriptor relation (there a step
 * kept asleep would be missing from the counts DPOR decides commutation on: DESIGN.md, "Parallel and sharded
 * exploration").
 */
export function commutesAsleep(ev: EventStore, tasks: readonly Task[], q: Desc, s: Step): boolean {
  const c = s.ctr;
  if (c === undefined || q.k !== K_RMW) return false;
  let qs: Step | null = null;
  for (let i = 0; i < ev.nThreads; i++) if (ev.thrStable[i] === q.t) qs = tasks[i]?.pending ?? null;
  const d = qs?.ctr;
  if (qs === null || d === undefined || qs.o !== s.o || qs.f !== s.f) return false;
  const n = c.count(s.o);
  return n !== null && n >= c.from && n >= d.from && n + c.delta >= d.from && n + d.delta >= c.from;
}

/** Where a probe stopped after the child's first event. */
type Handoff = { readonly pos: number; readonly sleep: [number, boolean][] } | 'blocked' | null;

/**
 * Replays a subtree's prefix, runs one chosen thread at the root (or only lists the enabled threads), then follows
 * forced steps while updating the sleep set, and stops at the next point with two or more enabled threads.
 */
class Probe implements Strategy {
  readonly ev = new EventStore(new StableIds());
  readonly onAlloc = this.ev.onAlloc;
  readonly abandon: AbandonReason = 'blocked';
  target = -1;
  enabled: number[] = [];
  rootSleep: Desc[] = [];
  earlier: Desc[] = [];
  cur: Desc[] = [];
  childDesc: Desc | null = null;
  childHalted = false;
  readonly events: number[] = [];
  handoff: Handoff = null;
  private ctx: ExecContext | null = null;

  constructor(private readonly task: SubtreeTask) {}

  prepare(): void {
    this.ev.reset();
    this.ev.minRacePos = Infinity;
    this.events.length = 0;
    this.handoff = null;
    this.childDesc = null;
    this.childHalted = false;
    this.cur = [];
  }
  begin(ctx: ExecContext): void {
    this.ctx = ctx;
    this.ev.begin(ctx);
  }
  pick(_e: readonly Task[], idx: readonly number[], n: number, pos: number): number {
    const k = this.task.prefix.length;
    if (pos < k) {
      for (let i = 0; i < n; i++) if (idx[i] === this.task.prefix[pos]) return i;
      throw new Error('epoll-lab bug: a subtree prefix does not replay');
    }
    const tasks = this.ctx?.machine.tasks ?? [];
    if (pos === k) {
      this.rootSleep = this.task.sleep.map(([ti, h]) => pendingDesc(this.ev, ti, tasks[ti] as Task, h));
      if (this.target < 0) {
        this.enabled = idx.slice(0, n);
        return -1;
      }
      for (let i = 0; i < n; i++) if (idx[i] === this.target) return i;
      throw new Error('epoll-lab bug: a probed thread is not enabled');
    }
    const st = this.ev.thrStable;
    let awake = 0;
    for (let i = 0; i < n; i++) if (!this.cur.some((q) => q.t === st[idx[i] as number])) awake++;
    if (awake === 0) {
      this.handoff = 'blocked';
      return -1;
    }
    if (n === 1) return 0;
    const sleep: [number, boolean][] = [];
    for (const q of this.cur) {
      let ti = 0;
      while (ti < tasks.length && st[ti] !== q.t) ti++;
      sleep.push([ti, q.halt]);
    }
    this.handoff = { pos, sleep };
    return -1;
  }
  before(ti: number, s: Step, pos: number): void {
    const ev = this.ev;
    ev.add(pos, ti, s);
    this.events.push(ti);
    const k = this.task.prefix.length;
    const tasks = this.ctx?.machine.tasks ?? [];
    const wakes = (q: Desc): boolean => ev.dep(q, pos) && !commutesAsleep(ev, tasks, q, s);
    if (pos === k) {
      this.childDesc = ev.desc(pos);
      this.cur = [...this.rootSleep, ...this.earlier].filter((q) => !wakes(q));
    } else if (pos > k) this.cur = this.cur.filter((q) => !wakes(q));
  }
  halted(pos: number): void {
    this.ev.evHalt[pos] = 1;
    if (pos === this.task.prefix.length) this.childHalted = true;
  }
  spawned(child: number, parent: number): void {
    this.ev.spawn(child, parent);
  }
  clock(): void {
    this.ev.barrier();
    this.cur = [];
  }
}

/**
 * The children of a DPOR subtree's root, in DFS order: one per enabled thread not in the root's sleep set, the thread
 * of the prefix's last event first, then in `machine.tasks` order (the order of DPOR's free continuation). Child i's
 * sleep set is the root's plus the events of children 0..i-1, less those dependent with child i's event (sleep-set DFS,
 * Godefroid 1996; a counting step stays asleep across one it commutes with in the state: `commutesAsleep`); forced
 * steps after the child's event are folded into its prefix. Children that are sleep-set blocked are dropped; a child
 * whose execution ends during the probe is a one-execution subtree. Returns the children and the number of probe runs.
 */
export function splitDpor(
  sc: Scenario,
  task: SubtreeTask,
  logThreshold: number,
  gate: SymmetryGate | null = null,
): { children: SubtreeTask[]; probes: number } {
  const probe = new Probe(task);
  const engine = new Engine(sc, probe, gate);
  const choices = new IntLog();
  const run = (): void => {
    const r = engine.execute({ choices, lockdep: null, trace: null });
    if (r.end === 'abandoned' && probe.handoff === null && probe.target >= 0)
      throw new Error('epoll-lab bug: a subtree probe was abandoned');
  };
  probe.target = -1;
  run();
  let probes = 1;
  const sleeping = new Set(probe.rootSleep.map((q) => q.t));
  const awake = probe.enabled.filter((ti) => !sleeping.has(probe.ev.thrStable[ti] as number));
  // The order of DPOR's free continuation: the thread that made the prefix's last event first.
  const last = task.prefix[task.prefix.length - 1];
  const candidates = awake.includes(last as number) ? [last as number, ...awake.filter((ti) => ti !== last)] : awake;
  const children: SubtreeTask[] = [];
  const earlier: Desc[] = [];
  candidates.forEach((ti, i) => {
    probe.target = ti;
    probe.earlier = earlier;
    run();
    probes++;
    const d = probe.childDesc as Desc;
    earlier.push(probe.childHalted ? { ...d, halt: true } : d);
    const h = probe.handoff;
    if (h === 'blocked') return;
    const path = [...task.path, i];
    if (h === null) children.push({ path, prefix: [...probe.events], sleep: [], threshold: logThreshold, estimate: 0 });
    else
      children.push({
        path,
        prefix: probe.events.slice(0, h.pos),
        sleep: h.sleep,
        threshold: logThreshold,
        estimate: task.estimate - Math.log(candidates.length),
      });
  });
  return { children, probes };
}
