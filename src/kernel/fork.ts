// Models kernel/fork.c: kernel_clone for fork(2): a new user task whose fd table is dup_fd of the parent's.
import { current } from './current.ts';
import { dup_fd, type FilesStruct } from './fdtable.ts';
import { kfn } from './kfn.ts';
import { rmw, type Gen } from './step.ts';
import type { Task } from './task.ts';

/** CLONE_FILES: share the parent's fd table instead of copying it (threads). */
export const CLONE_FILES = 0x400;

/** copy_files: share the table (CLONE_FILES) or copy it with dup_fd; a task without a table passes none on. */
const copy_files = kfn('copy_files', function* (flags: number): Gen<FilesStruct | null> {
  const old = current().files;
  if (old === null) return null;
  if ((flags & CLONE_FILES) !== 0) {
    yield rmw(old, 'count');
    old.count++;
    return old;
  }
  return yield* dup_fd(old);
});

/**
 * kernel_clone: copy_process for a user task named `comm` (its name in reports), then wake_up_new_task.
 * The child starts with no call to run; drivers start its syscalls. Returns the child task.
 */
export const kernel_clone = kfn('kernel_clone', function* (comm: string, flags: number): Gen<Task> {
  const m = current().machine;
  const files = yield* copy_files(flags);
  // alloc_pid: the next free pid of the namespace (pids are never reused by a script: pid_max is far away).
  yield rmw(m.globals, 'last_pid');
  const child = m.spawn(comm, 'user', files);
  child.pid = ++m.last_pid;
  return child;
});

/** fork(2): kernel_clone without sharing flags. */
export function sys_fork(comm: string): Gen<Task> {
  return kernel_clone(comm, 0);
}
