// Models arch/x86/entry/common.c's syscall exit: task_work runs at the return to user mode.
import { task_work_run } from './file.ts';
import type { Gen } from './step.ts';

/** A syscall body followed by exit_to_user_mode's task_work_run (where deferred __fput happens). */
export function* syscall<T>(body: Gen<T>): Gen<T> {
  const r = yield* body;
  yield* task_work_run();
  return r;
}
