// Explorer: the execution engine — runs one execution of a scenario from a fresh boot under a scheduling strategy.
import { setAllocObserver } from '../kernel/machine.ts';
import type { Lock } from '../kernel/lock.ts';
import type { Machine } from '../kernel/machine.ts';
import type { KObject } from '../kernel/object.ts';
import type { Step, StepKind } from '../kernel/step.ts';
import type { Task } from '../kernel/task.ts';
import type { Violation } from '../kernel/violation.ts';
import { File } from '../kernel/vfs.ts';
import { advanceClock, isEnabled, runStep } from '../sched/runtime.ts';
import { detectLeaks, detectStuck } from './detectors.ts';
import type { LockDep } from './lockdep.ts';
import { defaultOutcome, type Scenario } from './scenario.ts';

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
export type AbandonReason = 'redundant' | 'blocked' | 'merged';

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
  /** A thread appeared: spawned by task `parent` (or by the clock, -1). */
  spawned(child: number, parent: number): void;
  /** The virtual clock advanced at event position `pos`; nothing was enabled. */
  clock(pos: number): void;
  /** Called once allocation tracking is needed (DPOR's stable object identities); null when not. */
  readonly onAlloc: ((obj: KObject) => void) | null;
}

/** How an execution ended. */
export type EndKind = 'done' | 'stuck' | 'halt' | 'abandoned';

/** One line of a replayed trace. */
export interface TraceEntry {
  /** Event index. */
  readonly pos: number;
  readonly thread: string;
  /** Innermost kernel function on the thread's model stack. */
  readonly fn: string;
  readonly kind: StepKind | 'clock';
  readonly object: string;
  readonly field: string;
  /** For `f_count` steps on a struct file: the count after the step. */
  readonly fCount?: number;
  /** For `f_count` steps on a struct file: the count before the step. */
  readonly fCountBefore?: number;
  /** The thread's whole model stack at the step, outermost first (the HTML report draws it as spans). */
  readonly stack?: readonly string[];
}

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

/** The engine: reusable buffers around `execute`. */
export class Engine {
  private readonly enabled: Task[] = [];
  private readonly idx: number[] = [];
  private readonly allocated: KObject[] = [];
  readonly ctx: ExecContext;
  /** Events of each thread (by index in `machine.tasks`) in the last execution; valid up to the task count. */
  counts = new Int32Array(16);

  constructor(
    private readonly scenario: Scenario,
    private readonly strategy: Strategy,
  ) {
    this.ctx = { machine: null as unknown as Machine, threads: [], phase: 'setup', running: -1 };
  }

  /** Runs one execution from a fresh setup. Exceptions other than kernel halts (model bugs) propagate. */
  execute(o: ExecOptions): ExecResult {
    const st = this.strategy;
    const ctx = this.ctx;
    const leaks = this.scenario.mustFree !== undefined && this.scenario.mustFree.length > 0;
    const allocated = this.allocated;
    allocated.length = 0;
    const onAlloc = st.onAlloc;
    const observer =
      leaks && onAlloc !== null
        ? (obj: KObject): void => {
            allocated.push(obj);
            onAlloc(obj);
          }
        : leaks
          ? (obj: KObject): void => {
              allocated.push(obj);
            }
          : onAlloc;
    ctx.phase = 'setup';
    ctx.running = -1;
    st.prepare();
    setAllocObserver(observer);
    try {
      const { machine: m, threads } = this.scenario.setup();
      ctx.machine = m;
      ctx.threads = threads;
      o.choices.n = 0;
      o.lockdep?.reset(o.lockdep.execution + 1);
      ctx.phase = 'run';
      const access: (Step | null)[] = [];
      const at: number[] = [];
      st.begin(ctx);
      let halt = this.prime(m, 0, access);
      while (at.length < access.length) at.push(0);
      if (this.counts.length < m.tasks.length + 16) this.counts = new Int32Array(m.tasks.length + 16);
      this.counts.fill(0);
      const counts = this.counts;
      const enabled = this.enabled;
      const idx = this.idx;
      let pos = 0;
      let end: EndKind = 'done';
      if (halt !== null) end = 'halt';
      else
        for (;;) {
          let ne = 0;
          const tasks = m.tasks;
          for (let i = 0; i < tasks.length; i++) {
            const t = tasks[i] as Task;
            if (isEnabled(t)) {
              enabled[ne] = t;
              idx[ne++] = i;
            }
          }
          if (ne === 0) {
            if (tasks.every((t) => t.done)) break;
            const n0 = tasks.length;
            ctx.phase = 'clock';
            const moved = advanceClock(m);
            ctx.phase = 'run';
            if (!moved) {
              end = 'stuck';
              break;
            }
            for (let i = n0; i < tasks.length; i++) st.spawned(i, -1);
            st.clock(pos);
            o.trace?.push({
              pos,
              thread: 'clock',
              fn: 'hrtimer_interrupt',
              kind: 'clock',
              object: 'clock',
              field: `${m.clock}`,
            });
            halt = this.prime(m, n0, access);
            while (at.length < access.length) at.push(pos);
            if (halt !== null) {
              end = 'halt';
              break;
            }
            continue;
          }
          const k = st.pick(enabled, idx, ne, pos);
          if (k < 0) {
            end = 'abandoned';
            break;
          }
          if (ne > 1) o.choices.push(k);
          const t = enabled[k] as Task;
          const ti = idx[k] as number;
          const s = t.pending as Step;
          st.before(ti, s, pos);
          if (o.lockdep !== null) {
            if (s.k === 'acquire') o.lockdep.acquire(t, s.o as Lock);
            else if (s.k === 'release') o.lockdep.release(t, s.o as Lock);
          }
          const fn = o.trace === null ? '' : (t.stack.at(-1) ?? '?');
          const stack = o.trace === null ? null : t.stack.slice();
          const before = o.trace !== null && s.f === 'f_count' && s.o instanceof File ? s.o.f_count : -1;
          if (ti < counts.length) counts[ti] = (counts[ti] as number) + 1;
          const n0 = tasks.length;
          ctx.running = ti;
          const v = runStep(m, t);
          ctx.running = -1;
          while (access.length < m.violations.length) access.push(s);
          while (at.length < access.length) at.push(pos);
          if (o.trace !== null) {
            const e: TraceEntry = {
              pos,
              thread: t.comm,
              fn,
              kind: s.k,
              object: s.o.label,
              field: s.f,
              stack: stack ?? [],
            };
            o.trace.push(
              s.f === 'f_count' && s.o instanceof File ? { ...e, fCount: s.o.f_count, fCountBefore: before } : e,
            );
          }
          pos++;
          if (v !== null) {
            st.halted(pos - 1);
            end = 'halt';
            break;
          }
          if (tasks.length > n0) {
            for (let i = n0; i < tasks.length; i++) st.spawned(i, ti);
            halt = this.prime(m, n0, access);
            while (at.length < access.length) at.push(pos - 1);
            if (halt !== null) {
              st.halted(pos - 1);
              end = 'halt';
              break;
            }
          }
        }
      if (end === 'abandoned')
        return {
          end,
          abandon: st.abandon,
          outcome: '',
          violations: byEvent(m.violations, at),
          access,
          at,
          events: pos,
          nchoices: o.choices.n,
        };
      if (end === 'stuck') detectStuck(m);
      if (end === 'done' && leaks) {
        // Every execution boots a new machine with new caches: the must-free set is per machine (built only here).
        detectLeaks(m, allocated, new Set(this.scenario.mustFree?.map((n) => m.cache(n))));
      }
      while (access.length < m.violations.length) access.push(null);
      while (at.length < access.length) at.push(pos);
      const base = (this.scenario.outcome ?? defaultOutcome)(m, threads);
      return {
        end,
        abandon: null,
        outcome: withKinds(base, m.violations),
        violations: byEvent(m.violations, at),
        access,
        at,
        events: pos,
        nchoices: o.choices.n,
      };
    } finally {
      setAllocObserver(null);
      ctx.phase = 'setup';
      ctx.running = -1;
    }
  }

  /**
   * Runs freshly started threads (from index `from`) up to their first step: thread-local code, not a choice.
   * Threads they spawn on the way are reported to the strategy and primed too.
   */
  private prime(m: Machine, from: number, access: (Step | null)[]): Violation | null {
    const tasks = m.tasks;
    for (let i = from; i < tasks.length; i++) {
      const t = tasks[i] as Task;
      if (t.done || t.pending !== null || t.gen === null) continue;
      const n0 = tasks.length;
      this.ctx.running = i;
      const v = runStep(m, t);
      this.ctx.running = -1;
      for (let c = n0; c < tasks.length; c++) this.strategy.spawned(c, i);
      while (access.length < m.violations.length) access.push(null);
      if (v !== null) return v;
    }
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
