// Explorer: the execution engine — runs one execution of a scenario from a fresh boot under a scheduling strategy.
import { setAllocObserver } from '../kernel/machine.ts';
import type { Machine } from '../kernel/machine.ts';
import type { KObject } from '../kernel/object.ts';
import type { Step } from '../kernel/step.ts';
import type { Task } from '../kernel/task.ts';
import type { Violation } from '../kernel/violation.ts';
import { advanceClock, isEnabled, runStep } from '../sched/runtime.ts';
import { detectStuck, LeakWatch } from './detectors.ts';
import type { LockDep } from './lockdep.ts';
import { defaultOutcome, type Scenario } from './scenario.ts';
import type { SymmetryGate } from './symmetry.ts';
import { TraceRecorder, type TraceEntry } from './trace.ts';

export type { TraceEntry } from './trace.ts';

/** Where the engine is: allocations are attributed to the setup, the running thread or the virtual clock. */
export type Phase = 'setup' | 'run' | 'clock';

/** The engine's view of the execution in progress, shared with the strategy. */
export interface ExecContext {
  machine: Machine;
  threads: Task[];
  phase: Phase;
  /** Index in `machine.tasks` of the thread whose code runs, or -1. */
  running: number;
}

/**
 * Why an execution stopped before its end: the strategy found it redundant (sleep-set blocked), infeasible, or at a
 * state whose subtree is already explored (`merged`, cached DPOR).
 */
/** `infeasible`: an execution of DPOR's choice program that the kernel cannot run (`dpor/values.ts`). */
export type AbandonReason = 'redundant' | 'blocked' | 'merged' | 'infeasible';

/**
 * A scheduling strategy. `pick` chooses among the enabled threads (`enabled[k]` is `machine.tasks[idx[k]]`, in
 * `machine.tasks` order); the other hooks observe the execution (DPOR bookkeeping).
 */
export interface Strategy {
  /** Called before the scenario's setup (allocations during setup are observed). */
  prepare(): void;
  /** Called once the scenario is set up, before its threads are primed. */
  begin(ctx: ExecContext): void;
  /**
   * Index into `enabled[0..n)` of the thread that makes event `pos`, or -1 to abandon the execution. (The arrays are
   * reused buffers: only the first `n` entries are meaningful.)
   */
  pick(enabled: readonly Task[], idx: readonly number[], n: number, pos: number): number;
  /** Why the last `pick` returned -1. */
  readonly abandon: AbandonReason;
  /** Just before event `pos` (task `ti`'s pending step `s`) executes. */
  before(ti: number, s: Step, pos: number): void;
  /** Event `pos` halted the machine. */
  halted(pos: number): void;
  /**
   * Event `pos` of task `ti` changed what the outcome of a halted execution reads (`Scenario.haltView`; every event
   * when the scenario declares none). Called after the event, before `halted`. DPOR needs it for its halt races: a
   * strategy that wraps another must forward it.
   */
  visible?(ti: number, pos: number): void;
  /** A thread appeared: spawned by task `parent` (or by the clock, -1). */
  spawned(child: number, parent: number): void;
  /** The virtual clock advanced at event position `pos`; nothing was enabled. */
  clock(pos: number): void;
  /** Called once allocation tracking is needed (DPOR's stable object identities); null when not. */
  readonly onAlloc: ((obj: KObject) => void) | null;
  /** The next event (`before`) happens after event `e` besides its dependencies: the symmetry gate's edge. */
  orderAfter?(e: number): void;
}

/** How an execution ended. */
export type EndKind = 'done' | 'stuck' | 'halt' | 'abandoned';

/** The result of one execution. */
export interface ExecResult {
  readonly end: EndKind;
  readonly abandon: AbandonReason | null;
  /** Canonical outcome: the scenario's outcome string plus the sorted violation kinds (empty when abandoned). */
  readonly outcome: string;
  /** All violations of the execution, fatal or not, kernel-raised or from the end detectors. */
  readonly violations: readonly Violation[];
  /** The step being executed when each violation fired (null for end detectors), parallel to `violations`. */
  readonly access: readonly (Step | null)[];
  /** The event index at which each violation fired, parallel to `violations`. */
  readonly at: readonly number[];
  /** Number of events executed. */
  readonly events: number;
  /** Number of recorded choices (scheduling points with two or more enabled threads). */
  readonly nchoices: number;
  /** The execution ended with a thread held at the symmetry gate: a dead end of the gated program, not an outcome. */
  readonly gated: boolean;
}

/** A growable int buffer reused across executions (the recorded choice list). */
export class IntLog {
  buf = new Int32Array(256);
  n = 0;
  push(v: number): void {
    if (this.n === this.buf.length) {
      const b = new Int32Array(this.buf.length * 2);
      b.set(this.buf);
      this.buf = b;
    }
    this.buf[this.n++] = v;
  }
}

/** Options of one execution. */
export interface ExecOptions {
  readonly choices: IntLog;
  readonly lockdep: LockDep | null;
  readonly trace: TraceEntry[] | null;
}

/**
 * The violations of an execution with, parallel to them, the step being executed when each fired (null for the
 * end detectors and for code run outside a step) and its event index.
 */
class ViolationLog {
  readonly access: (Step | null)[] = [];
  readonly at: number[] = [];

  /** Attributes the violations raised since the last call to step `s` at event `pos`. */
  sync(m: Machine, s: Step | null, pos: number): void {
    while (this.access.length < m.violations.length) this.access.push(s);
    while (this.at.length < this.access.length) this.at.push(pos);
  }
}

/** How one event ended the execution, or null to go on. */
type EventEnd = EndKind | null;

/** The view of a scenario without `haltView`: every event changes it. */
const ALWAYS = '*';

/** The engine: reusable buffers around `execute`. */
export class Engine {
  private readonly enabled: Task[] = [];
  private readonly idx: number[] = [];
  /**
   * `rank[k]`: how many threads the kernel lets run come before `enabled[k]`; `runnable`: how many there are. They
   * differ from `k` and the enabled count only with the symmetry gate, and a choice is recorded in their terms, so
   * that a token replays without the gate.
   */
  private readonly rank: number[] = [];
  private runnable = 0;
  private readonly leaks = new LeakWatch();
  readonly ctx: ExecContext;
  /** Events of each thread (by index in `machine.tasks`) in the last execution; valid up to the task count. */
  counts = new Int32Array(16);
  /** The current execution's options, violation log, trace recorder and next event index. */
  private o: ExecOptions = { choices: new IntLog(), lockdep: null, trace: null };
  private log = new ViolationLog();
  private trace: TraceRecorder | null = null;
  private pos = 0;
  /** Initial thread index (in the setup's `threads`) of each task index, -1 for others; rebuilt per execution. */
  private litmusIndex: number[] = [];
  /** `Scenario.haltView.frees`: every free is visible. */
  private readonly frees: boolean;

  constructor(
    private readonly scenario: Scenario,
    private readonly strategy: Strategy,
    private readonly gate: SymmetryGate | null = null,
  ) {
    this.ctx = { machine: null as unknown as Machine, threads: [], phase: 'setup', running: -1 };
    this.frees = scenario.haltView?.frees ?? false;
  }

  /**
   * Task `ti`'s mark (`Scenario.threadMark`; '' for a task that is not an initial thread), or ALWAYS when the scenario
   * declares no `haltView`. With the violation count, whether the task finished and (`frees`) its frees, it is what a
   * halted execution's outcome reads of an event.
   */
  private mark(ti: number): string {
    const sc = this.scenario;
    if (sc.haltView === undefined) return ALWAYS;
    const j = this.litmusIndex[ti] ?? -1;
    return j >= 0 && sc.threadMark !== undefined ? sc.threadMark(j) : '';
  }

  /** Runs one execution from a fresh setup. Exceptions other than kernel halts (model bugs) propagate. */
  execute(o: ExecOptions): ExecResult {
    const st = this.strategy;
    const ctx = this.ctx;
    const mustFree = this.scenario.mustFree ?? [];
    const observer = this.leaks.observer(mustFree.length > 0, st.onAlloc);
    ctx.phase = 'setup';
    ctx.running = -1;
    st.prepare();
    setAllocObserver(observer);
    try {
      const { machine: m, threads } = this.scenario.setup();
      ctx.machine = m;
      ctx.threads = threads;
      this.litmusIndex = m.tasks.map((t) => threads.indexOf(t));
      this.gate?.begin(
        threads.map((t) => m.tasks.indexOf(t)),
        m.tasks.length,
      );
      this.begin(o);
      const end = this.run(m);
      const { access, at } = this.log;
      const events = this.pos;
      const nchoices = o.choices.n;
      const gated = end === 'stuck' && this.gate !== null && this.gate.held > 0;
      if (end === 'abandoned' || gated)
        return {
          end,
          abandon: gated ? null : st.abandon,
          outcome: '',
          violations: byEvent(m.violations, at),
          access,
          at,
          events,
          nchoices,
          gated,
        };
      if (end === 'stuck') detectStuck(m);
      if (end === 'done' && mustFree.length > 0) this.leaks.check(m, mustFree);
      this.log.sync(m, null, events);
      const outcome = withKinds((this.scenario.outcome ?? defaultOutcome)(m, threads), m.violations);
      const violations = byEvent(m.violations, at);
      return { end, abandon: null, outcome, violations, access, at, events, nchoices, gated: false };
    } finally {
      setAllocObserver(null);
      ctx.phase = 'setup';
      ctx.running = -1;
      this.trace = null;
    }
  }

  /** A set-up execution starts: per-execution state and observers (lockdep, trace), then the strategy. */
  private begin(o: ExecOptions): void {
    this.o = o;
    this.log = new ViolationLog();
    this.trace = o.trace === null ? null : new TraceRecorder(o.trace, this.scenario.traceCount);
    this.pos = 0;
    o.choices.n = 0;
    o.lockdep?.reset(o.lockdep.execution + 1);
    this.ctx.phase = 'run';
    this.strategy.begin(this.ctx);
  }

  /** The scheduling loop: events until every thread is done, nothing can run, a halt or the strategy abandons. */
  private run(m: Machine): EndKind {
    const halt = this.prime(m, 0, 0);
    if (this.counts.length < m.tasks.length + 16) this.counts = new Int32Array(m.tasks.length + 16);
    this.counts.fill(0);
    if (halt !== null) return 'halt';
    const enabled = this.enabled;
    const idx = this.idx;
    const gate = this.gate;
    const rank = this.rank;
    for (;;) {
      let ne = 0;
      let nk = 0;
      const tasks = m.tasks;
      if (gate !== null) gate.held = 0;
      for (let i = 0; i < tasks.length; i++) {
        const t = tasks[i] as Task;
        if (!isEnabled(t)) continue;
        if (gate === null || gate.admits(i, t)) {
          enabled[ne] = t;
          rank[ne] = nk;
          idx[ne++] = i;
        }
        nk++;
      }
      this.runnable = nk;
      const end = ne === 0 ? this.tick(m) : this.event(m, ne);
      if (end !== null) return end;
    }
  }

  /** Nothing can run: the end, or the virtual clock moves (timers fire, sleepers time out, irq threads start). */
  private tick(m: Machine): EventEnd {
    const tasks = m.tasks;
    if (tasks.every((t) => t.done)) return 'done';
    const n0 = tasks.length;
    const ctx = this.ctx;
    ctx.phase = 'clock';
    const moved = advanceClock(m);
    ctx.phase = 'run';
    if (!moved) return 'stuck';
    for (let i = n0; i < tasks.length; i++) this.strategy.spawned(i, -1);
    this.strategy.clock(this.pos);
    this.trace?.clock(this.pos, m.clock);
    return this.prime(m, n0, this.pos) === null ? null : 'halt';
  }

  /** One event: the strategy picks one of the `ne` enabled threads, which makes its pending step. */
  private event(m: Machine, ne: number): EventEnd {
    const st = this.strategy;
    const pos = this.pos;
    const k = st.pick(this.enabled, this.idx, ne, pos);
    if (k < 0) return 'abandoned';
    const t = this.enabled[k] as Task;
    const ti = this.idx[k] as number;
    const s = t.pending as Step;
    if (this.runnable > 1) this.o.choices.push(this.rank[k] as number);
    if (this.gate !== null) {
      const after = this.gate.step(ti, s, pos);
      if (after >= 0) st.orderAfter?.(after);
    }
    st.before(ti, s, pos);
    this.o.lockdep?.step(t, s);
    const trace = this.trace;
    trace?.before(t, s);
    const counts = this.counts;
    if (ti < counts.length) counts[ti] = (counts[ti] as number) + 1;
    const tasks = m.tasks;
    const n0 = tasks.length;
    this.ctx.running = ti;
    const watch = st.visible !== undefined;
    const nv = m.violations.length;
    const mark = watch ? this.mark(ti) : null;
    const v = runStep(m, t);
    this.ctx.running = -1;
    if (
      watch &&
      (mark === ALWAYS ||
        m.violations.length !== nv ||
        t.done ||
        this.mark(ti) !== mark ||
        (s.k === 'free' && this.frees))
    )
      st.visible?.(ti, pos);
    this.log.sync(m, s, pos);
    trace?.after(t, s, pos);
    this.pos = pos + 1;
    if (v !== null) {
      st.halted(pos);
      return 'halt';
    }
    if (tasks.length > n0) {
      for (let i = n0; i < tasks.length; i++) st.spawned(i, ti);
      if (this.prime(m, n0, pos) !== null) {
        st.halted(pos);
        return 'halt';
      }
    }
    return null;
  }

  /**
   * Runs freshly started threads (from index `from`) up to their first step: thread-local code, not a choice.
   * Threads they spawn on the way are reported to the strategy and primed too. Violations are attributed to no
   * step, at event `pos`.
   */
  private prime(m: Machine, from: number, pos: number): Violation | null {
    const tasks = m.tasks;
    for (let i = from; i < tasks.length; i++) {
      const t = tasks[i] as Task;
      if (t.done || t.pending !== null || t.gen === null) continue;
      const n0 = tasks.length;
      this.ctx.running = i;
      const v = runStep(m, t);
      this.ctx.running = -1;
      for (let c = n0; c < tasks.length; c++) this.strategy.spawned(c, i);
      this.log.sync(m, null, pos);
      if (v !== null) return v;
    }
    this.log.sync(m, null, pos);
    return null;
  }
}

/** Appends the sorted, distinct violation kinds to a scenario outcome. */
export function withKinds(base: string, vs: readonly Violation[]): string {
  if (vs.length === 0) return base;
  if (vs.length === 1) return `${base} | ${(vs[0] as Violation).kind}`;
  const kinds: string[] = [];
  for (let i = 0; i < vs.length; i++) {
    const k = (vs[i] as Violation).kind;
    if (!kinds.includes(k)) kinds.push(k);
  }
  kinds.sort();
  return `${base} | ${kinds.join(',')}`;
}

/**
 * The violations with `step` set to the event at which each fired (the trace's `pos`, `at`), so that a report's
 * "(event N)", the replay's "at event N" and trace line N are one number. The machine counts steps from boot (the
 * setup's and thread starts' included); only the sequential driver (scripts) keeps that count.
 */
function byEvent(vs: readonly Violation[], at: readonly number[]): readonly Violation[] {
  if (vs.length === 0) return vs;
  return vs.map((v, i) => {
    const pos = at[i] ?? v.step;
    return v.step === pos ? v : { ...v, step: pos };
  });
}
