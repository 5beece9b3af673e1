// Models the scheduler core (kernel/sched/core.c) as far as the model needs: which thread may run, and running one step.
import { setCurrent } from '../kernel/current.ts';
import { KCall } from '../kernel/kfn.ts';
import { wake_up_new_task } from '../kernel/kthread.ts';
import type { Lock } from '../kernel/lock.ts';
import type { Machine } from '../kernel/machine.ts';
import { baseObject } from '../kernel/object.ts';
import type { Gen, Step } from '../kernel/step.ts';
import { TASK_RUNNING, type Task } from '../kernel/task.ts';
import { KernelHalt, type Violation } from '../kernel/violation.ts';

/** Starts a generator on a task; nothing runs until a driver calls `runStep` (the kernel's wake_up_new_task). */
export const start: (t: Task, gen: Gen<unknown>) => void = wake_up_new_task;

/**
 * Can the task make its pending step now? A held lock (a writer; for a writer, readers too; a mutex's fast-path try
 * runs anyway and then queues) or a sleep that nobody ended keeps it off the CPU.
 */
export function isEnabled(t: Task): boolean {
  if (t.done) return false;
  const s = t.pending;
  if (s === null) return true;
  if (s.k === 'acquire') {
    if (s.try === true) return true;
    const l = s.o as Lock;
    return l.owner === null && (s.shared === true || l.readers === 0);
  }
  if (s.k === 'sleep') return t.state === TASK_RUNNING;
  return true;
}

/** A task sleeping with a deadline, or blocked forever. */
export function isSleeping(t: Task): boolean {
  return !t.done && t.pending !== null && t.pending.k === 'sleep' && t.state !== TASK_RUNNING;
}

/**
 * The step a memory-safety detector rejects: an access to a freed object outside an RCU-safe lookup (of a
 * SLAB_TYPESAFE_BY_RCU slot, or of an object freed by kfree_rcu).
 */
function useAfterFree(s: Step): boolean {
  const b = baseObject(s.o);
  if (!b.freed) return false;
  return !(s.rcu === true && (b.rcuDeferred || b.cache?.typesafeByRcu === true));
}

/** Observer of executed steps (traces, DPOR bookkeeping). Called before the step's effect. */
export type StepHook = (t: Task, s: Step | null) => void;

/**
 * Runs `t`'s code up to its next step or to the end of its call. The task's frame stack is the call chain of `kfn`
 * bodies (see `KCall`): a call record yielded by the top frame pushes its body, and a finished body pops and resumes
 * its caller with the value. An exception (a fatal violation's `KernelHalt`, or a model bug) abandons every frame,
 * as a panic stops the kernel: kernel code has no try/catch/finally (step-discipline.test.ts checks it).
 */
function resume(t: Task): void {
  const frames = t.frames;
  const obs = t.machine.frameObs;
  let g = frames[frames.length - 1] as Gen<unknown>;
  let r: IteratorResult<Step, unknown> = g.next();
  for (;;) {
    if (r.done !== true) {
      const y: Step | KCall = r.value;
      if (!(y instanceof KCall)) {
        t.pending = y;
        return;
      }
      frames.push(y.body);
      t.stack.push(y.name);
      obs?.call(t, y);
      g = y.body;
      r = g.next();
      continue;
    }
    frames.pop();
    if (frames.length === 0) {
      t.done = true;
      t.pending = null;
      t.gen = null;
      t.result = r.value;
      return;
    }
    t.stack.pop();
    obs?.ret(t, r.value);
    g = frames[frames.length - 1] as Gen<unknown>;
    // The caller's `yield*` on the call record ends with the value (the typed Gen takes no value in).
    r = (g.next as (v: unknown) => IteratorResult<Step, unknown>)(r.value);
  }
}

/**
 * Executes `t`'s pending step and runs its code up to the next step (or to the end of the call).
 * Returns the fatal violation that halted the machine, if any.
 */
export function runStep(m: Machine, t: Task, hook?: StepHook): Violation | null {
  const s = t.pending;
  m.steps++;
  hook?.(t, s);
  setCurrent(t);
  try {
    if (s !== null && useAfterFree(s)) {
      const o = baseObject(s.o);
      const what = s.k === 'free' ? 'double-free' : `use-after-free ${s.k === 'read' ? 'Read' : 'Write'}`;
      m.report('use-after-free', `KASAN: ${what} in ${t.stack.at(-1) ?? '?'} (${o.label}.${s.f})`, o, true);
    }
    resume(t);
    return null;
  } catch (e) {
    t.frames.length = 0;
    t.stack.length = 0;
    if (KernelHalt.is(e)) {
      t.done = true;
      t.pending = null;
      t.gen = null;
      return e.violation;
    }
    throw e;
  } finally {
    setCurrent(null);
  }
}

/**
 * When no thread can run: move the virtual clock to the earliest deadline (sleeping tasks, armed hrtimers),
 * wake the tasks whose deadline passed and start expired timers' functions in irq threads.
 * Returns false when nothing is pending (a real deadlock or a wait forever).
 */
export function advanceClock(m: Machine): boolean {
  let next = Infinity;
  for (const t of m.tasks) if (isSleeping(t) && t.timeout !== null) next = Math.min(next, t.timeout);
  for (const h of m.hrtimers) next = Math.min(next, h.expires);
  if (next === Infinity) return false;
  m.clock = Math.max(m.clock, next);
  for (const t of m.tasks) {
    if (isSleeping(t) && t.timeout !== null && t.timeout <= m.clock) {
      t.state = TASK_RUNNING;
      t.timedOut = true;
    }
  }
  const due = m.hrtimers.filter((h) => h.expires <= m.clock);
  for (const h of due) {
    m.hrtimers.splice(m.hrtimers.indexOf(h), 1);
    start(m.spawn(`irq/${h.name}`, 'irq', null), h.fn());
  }
  return true;
}
