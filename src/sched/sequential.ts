// The sequential driver: runs one call at a time to completion, as a single-threaded program would see the kernel.
import type { Machine } from '../kernel/machine.ts';
import type { Gen } from '../kernel/step.ts';
import type { Task } from '../kernel/task.ts';
import type { Violation } from '../kernel/violation.ts';
import { advanceClock, isEnabled, runStep, start } from './runtime.ts';

/** How a call ended: with a value, blocked forever (nothing can wake it), or halted by a fatal violation. */
export type CallOutcome<T> =
  | { readonly kind: 'done'; readonly value: T }
  | { readonly kind: 'blocks' }
  | { readonly kind: 'halted'; readonly violation: Violation };

/** The next thread to run: the caller's task first, then helper threads (irq, kworkers) in creation order. */
function pick(m: Machine, t: Task): Task | null {
  if (isEnabled(t)) return t;
  for (const o of m.tasks) if (o !== t && isEnabled(o)) return o;
  return null;
}

/**
 * Runs `gen` on `t` until it returns. Other threads it wakes or spawns run when `t` cannot; the virtual clock moves
 * only when nothing can run. Afterwards, helper threads that can still run (a kworker's delayed fput) finish too.
 */
export function runCall<T>(m: Machine, t: Task, gen: Gen<T>): CallOutcome<T> {
  start(t, gen);
  while (!t.done) {
    const next = pick(m, t);
    if (next === null) {
      if (advanceClock(m)) continue;
      return { kind: 'blocks' };
    }
    const v = runStep(m, next);
    if (v !== null) return { kind: 'halted', violation: v };
  }
  const value = t.result as T;
  const v = drain(m);
  if (v !== null) return { kind: 'halted', violation: v };
  return { kind: 'done', value };
}

/** Runs every other runnable thread until none can run. */
export function drain(m: Machine): Violation | null {
  for (;;) {
    const next = m.tasks.find(isEnabled);
    if (next === undefined) return null;
    const v = runStep(m, next);
    if (v !== null) return v;
  }
}
