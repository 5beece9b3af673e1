// Test helper: boot a kernel and run syscalls on it through the sequential driver.
import { boot, type Booted } from '../../src/init/boot.ts';
import type { Gen } from '../../src/kernel/step.ts';
import { syscall } from '../../src/kernel/syscall.ts';
import type { Task } from '../../src/kernel/task.ts';
import { variant } from '../../src/kernel/variant.ts';
import { runCall, type CallOutcome } from '../../src/sched/sequential.ts';

export function bootKernel(spec = 'v7.1'): Booted {
  return boot(variant(spec));
}

/** Runs one syscall body on `task` (default: the first process) including its return to user mode. */
export function call<T>(b: Booted, body: Gen<T>, task: Task = b.init): CallOutcome<T> {
  return runCall(b.machine, task, syscall(body));
}

/** Like `call`, but the call must complete; returns its value. */
export function sys<T>(b: Booted, body: Gen<T>, task: Task = b.init): T {
  const r = call(b, body, task);
  if (r.kind !== 'done')
    throw new Error(`call did not complete: ${r.kind === 'halted' ? r.violation.title : 'blocks'}`);
  return r.value;
}
