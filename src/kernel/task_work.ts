// Models kernel/task_work.c: task_work_add (TWA_RESUME), the callbacks a task runs at its return to user mode.
import { current } from './current.ts';
import { rmw, type Gen } from './step.ts';
import type { CallbackHead } from './task.ts';

/** task_work_add(current, work, TWA_RESUME): fails once the task passed exit_task_work. */
export function* task_work_add(work: CallbackHead): Gen<boolean> {
  const t = current();
  yield rmw(t, 'task_works');
  if (t.task_works_closed) return false;
  t.task_works.unshift(work);
  return true;
}
