// Models kernel/exit.c: do_exit as far as files go: exit_files, then exit_task_work runs the deferred __fputs.
import { exit_task_work } from './file.ts';
import { exit_files } from './fdtable.ts';
import { kfn } from './kfn.ts';
import type { Gen } from './step.ts';

/**
 * do_exit: drop the fd table (the last user fputs every file, queueing __fput as task_work), then exit_task_work
 * runs the queued works and closes the list, so later fputs by this task go to delayed_fput_list.
 */
export const do_exit = kfn('do_exit', function* (): Gen {
  yield* exit_files();
  yield* exit_task_work();
});
