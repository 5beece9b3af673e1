// Models fs/exec.c's file handling in begin_new_exec: unshare_files, then do_close_on_exec (fs/file.c).
import { current } from './current.ts';
import { file_close_fd, filp_close, unshare_files } from './fdtable.ts';
import { kfn } from './kfn.ts';
import { rd, type Gen } from './step.ts';

/** do_close_on_exec: close every fd marked close-on-exec, in fd order. */
export const do_close_on_exec = kfn('do_close_on_exec', function* (): Gen {
  const fs = current().files;
  if (fs === null) return;
  yield rd(fs, 'close_on_exec');
  for (const fd of [...fs.close_on_exec].sort((a, b) => a - b)) {
    const file = yield* file_close_fd(fd);
    if (file !== null) yield* filp_close(file);
  }
});

/**
 * The fd-table part of execve: a table shared with other threads is copied first (unshare_files), then the
 * close-on-exec fds of the new table are closed. Nothing else of exec is modelled.
 */
export const exec_files = kfn('begin_new_exec', function* (): Gen {
  yield* unshare_files();
  yield* do_close_on_exec();
});
