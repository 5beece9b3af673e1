// Models fs/file.c: files_struct, alloc_fd, fd_install, file_close_fd, fget/fdget, dup2/dup3, close_range, dup_fd.
import { declareLocal, type Aliases, type LockedBy } from './access.ts';
import { current } from './current.ts';
import { ERRNO } from './errno.ts';
import { __fput_sync, file_ref_get, fput, get_file } from './file.ts';
import { kfn } from './kfn.ts';
import { spinlock, spin_lock, spin_unlock, type Lock } from './lock.ts';
import { KObject } from './object.ts';
import { kfree } from './slab.ts';
import { rcuRd, rd, rmw, wr, type Gen } from './step.ts';
import { CLOSE_RANGE_CLOEXEC, CLOSE_RANGE_UNSHARE, O_CLOEXEC } from './uapi.ts';
import { FMODE_PATH, type File } from './vfs.ts';

/** RLIMIT_NOFILE of every modelled process (the oracle helper sets the same soft limit). */
export const RLIMIT_NOFILE = 1024;

/** The step field of fd slot `fd` (`fd[3]`), built once per fd: a template per step would build a new string each time. */
const FD_FIELDS: FdSlot[] = [];
type FdSlot = `fd[${number}]`;
function fdField(fd: number): FdSlot {
  if (!Number.isInteger(fd) || fd < 0 || fd >= RLIMIT_NOFILE) return `fd[${fd}]`;
  let f = FD_FIELDS[fd];
  if (f === undefined) {
    f = `fd[${fd}]`;
    FD_FIELDS[fd] = f;
  }
  return f;
}

/** struct files_struct: the fd array, the open-fds bitmap (reservations), close-on-exec bits, and its user count. */
export class FilesStruct extends KObject {
  /** `fd[N]`: one slot of the fd array. */
  declare readonly $locations?: FdSlot;
  static readonly $aliases: Aliases<FilesStruct> = { fd_array: (i) => fdField(Number(i)) };
  /** The open-fds bitmap changes under file_lock (fd_install stores slots without it). */
  static readonly $lockedBy: LockedBy<FilesStruct> = { open_fds: (fs) => fs.file_lock };
  readonly fd_array: (File | null)[] = [];
  readonly open_fds: boolean[] = [];
  readonly close_on_exec = new Set<number>();
  readonly file_lock: Lock = spinlock(this, 'file_lock');
  /** Tasks sharing this table (threads of one process). fdget borrows without a reference only when 1. */
  count = 1;
  override get label(): string {
    return `files#${this.id}`;
  }
}

export function newFiles(): FilesStruct {
  return current().machine.alloc('files_struct', new FilesStruct());
}

function files(): FilesStruct {
  const f = current().files;
  if (f === null) throw new Error(`epoll-lab bug: ${current().comm} has no files_struct`);
  return f;
}

/** alloc_fd: the lowest free fd >= start, reserved in open_fds; EMFILE past RLIMIT_NOFILE. */
export const alloc_fd = kfn('alloc_fd', function* (start: number, flags: number): Gen<number> {
  const fs = files();
  yield* spin_lock(fs.file_lock);
  yield rd(fs, 'open_fds');
  let fd = start;
  while (fd < RLIMIT_NOFILE && fs.open_fds[fd] === true) fd++;
  let ret = -ERRNO.EMFILE;
  if (fd < RLIMIT_NOFILE) {
    yield wr(fs, 'open_fds');
    fs.open_fds[fd] = true;
    // __set_open_fd also sets or clears the close-on-exec bit, which F_GETFD and exec read without file_lock.
    yield wr(fs, 'close_on_exec');
    if ((flags & O_CLOEXEC) !== 0) fs.close_on_exec.add(fd);
    else fs.close_on_exec.delete(fd);
    ret = fd;
  }
  yield* spin_unlock(fs.file_lock);
  return ret;
});

export function get_unused_fd_flags(flags: number): Gen<number> {
  return alloc_fd(0, flags);
}

/** put_unused_fd: give back a reservation that was never installed. */
export function* put_unused_fd(fd: number): Gen {
  const fs = files();
  yield* spin_lock(fs.file_lock);
  yield wr(fs, 'open_fds');
  // __put_unused_fd clears only the open bit: the close-on-exec bit is set or cleared by the fd's next allocation.
  fs.open_fds[fd] = false;
  yield* spin_unlock(fs.file_lock);
}

/** fd_install: publish the file in the reserved slot (the table's reference is the caller's). */
export function* fd_install(fd: number, file: File): Gen {
  const fs = files();
  yield wr(fs, fdField(fd));
  fs.fd_array[fd] = file;
}

/** file_close_fd: unpublish fd and return its file; the fd number is free again at once. */
export const file_close_fd = kfn('file_close_fd', function* (fd: number): Gen<File | null> {
  const fs = files();
  yield* spin_lock(fs.file_lock);
  yield wr(fs, fdField(fd));
  const file = fs.fd_array[fd] ?? null;
  if (file !== null) {
    fs.fd_array[fd] = null;
    // As put_unused_fd: the close-on-exec bit stays until the fd is allocated again.
    fs.open_fds[fd] = false;
  }
  yield* spin_unlock(fs.file_lock);
  return file;
});

/**
 * __fget_files_rcu: load the slot, inc-not-zero the file (its slot may be recycled: the access is RCU-safe), re-check
 * the slot, retry on a race. `raw` accepts O_PATH files (fget_raw).
 */
export const fget = kfn('fget', function* (fd: number, raw = false): Gen<File | null> {
  const fs = files();
  for (;;) {
    yield rcuRd(fs, fdField(fd));
    const file = fd >= 0 ? (fs.fd_array[fd] ?? null) : null;
    if (file === null) return null;
    if (!raw && (file.f_mode & FMODE_PATH) !== 0) return null;
    if (!(yield* file_ref_get(file, true))) continue;
    yield rcuRd(fs, fdField(fd));
    if (fs.fd_array[fd] === file) return file;
    yield* fput(file);
  }
});

/** struct fd: a file with a flag saying whether fdput must drop a reference. */
export interface Fd {
  readonly file: File;
  readonly borrowed: boolean;
}

/** fdget: borrow without a reference when the table is not shared (single-threaded process), else fget. */
export const fdget = kfn('fdget', function* (fd: number, raw = false): Gen<Fd | null> {
  const fs = files();
  yield rd(fs, 'count');
  if (fs.count === 1) {
    yield rd(fs, fdField(fd));
    const file = fd >= 0 ? (fs.fd_array[fd] ?? null) : null;
    if (file === null || (!raw && (file.f_mode & FMODE_PATH) !== 0)) return null;
    return { file, borrowed: true };
  }
  const file = yield* fget(fd, raw);
  return file === null ? null : { file, borrowed: false };
});

export function* fdput(f: Fd): Gen {
  if (!f.borrowed) yield* fput(f.file);
}

/** filp_close: flush (nothing to flush in the model) and drop the table's reference. */
export const filp_close = kfn('filp_close', function* (file: File): Gen {
  yield* fput(file);
});

/** close(2): unpublish, then the synchronous final put (__fput_sync since 6.6): __fput finishes before return. */
export const sys_close = kfn('close', function* (fd: number): Gen<number> {
  const file = yield* file_close_fd(fd);
  if (file === null) return -ERRNO.EBADF;
  yield* __fput_sync(file);
  return 0;
});

/** do_dup2: install `file` at fd (replacing and closing what was there); EBUSY on a reserved, uninstalled slot. */
const do_dup2 = kfn('do_dup2', function* (file: File, fd: number, flags: number): Gen<number> {
  const fs = files();
  yield* spin_lock(fs.file_lock);
  yield rd(fs, fdField(fd));
  const tofree = fs.fd_array[fd] ?? null;
  if (tofree === null && fs.open_fds[fd] === true) {
    yield* spin_unlock(fs.file_lock);
    return -ERRNO.EBUSY;
  }
  yield* get_file(file);
  // rcu_assign_pointer(fdt->fd[fd], file) comes after get_file: a step of its own.
  yield wr(fs, fdField(fd));
  fs.fd_array[fd] = file;
  fs.open_fds[fd] = true;
  yield wr(fs, 'close_on_exec');
  if ((flags & O_CLOEXEC) !== 0) fs.close_on_exec.add(fd);
  else fs.close_on_exec.delete(fd);
  yield* spin_unlock(fs.file_lock);
  if (tofree !== null) yield* filp_close(tofree);
  return fd;
});

/** dup3(oldfd, newfd, flags): EINVAL for flags other than O_CLOEXEC or equal fds; EBADF for a bad oldfd or newfd. */
export const sys_dup3 = kfn('dup3', function* (oldfd: number, newfd: number, flags: number): Gen<number> {
  if ((flags & ~O_CLOEXEC) !== 0) return -ERRNO.EINVAL;
  if (oldfd === newfd) return -ERRNO.EINVAL;
  if (newfd < 0 || newfd >= RLIMIT_NOFILE) return -ERRNO.EBADF;
  const file = yield* fget(oldfd, true);
  if (file === null) return -ERRNO.EBADF;
  const ret = yield* do_dup2(file, newfd, flags);
  yield* fput(file);
  return ret;
});

/** dup2: like dup3 without flags, except that oldfd == newfd returns newfd when it is open. */
export const sys_dup2 = kfn('dup2', function* (oldfd: number, newfd: number): Gen<number> {
  if (oldfd === newfd) {
    const fs = files();
    yield rd(fs, fdField(oldfd));
    return oldfd >= 0 && (fs.fd_array[oldfd] ?? null) !== null ? newfd : -ERRNO.EBADF;
  }
  return yield* sys_dup3(oldfd, newfd, 0);
});

/** f_dupfd / dup: a new fd >= start referring to the same file. */
export const f_dupfd = kfn('f_dupfd', function* (start: number, file: File, flags: number): Gen<number> {
  if (start < 0 || start >= RLIMIT_NOFILE) return -ERRNO.EINVAL;
  const fd = yield* alloc_fd(start, flags);
  if (fd < 0) return fd;
  yield* get_file(file);
  yield* fd_install(fd, file);
  return fd;
});

export const sys_dup = kfn('dup', function* (oldfd: number): Gen<number> {
  const file = yield* fget(oldfd, true);
  if (file === null) return -ERRNO.EBADF;
  const ret = yield* f_dupfd(0, file, 0);
  yield* fput(file);
  return ret;
});

/** FD_CLOEXEC bit of an open fd. */
export function* get_close_on_exec(fd: number): Gen<boolean> {
  const fs = files();
  yield rd(fs, 'close_on_exec');
  return fs.close_on_exec.has(fd);
}

/** set_close_on_exec: under file_lock, as fs/file.c does. */
export function* set_close_on_exec(fd: number, on: boolean): Gen {
  const fs = files();
  yield* spin_lock(fs.file_lock);
  yield wr(fs, 'close_on_exec');
  if (on) fs.close_on_exec.add(fd);
  else fs.close_on_exec.delete(fd);
  yield* spin_unlock(fs.file_lock);
}

/** close_range(first, last, flags): close or mark close-on-exec every open fd in [first, last]. */
export const sys_close_range = kfn('close_range', function* (first: number, last: number, flags: number): Gen<number> {
  if ((flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC)) !== 0) return -ERRNO.EINVAL;
  if (first > last) return -ERRNO.EINVAL;
  if ((flags & CLOSE_RANGE_UNSHARE) !== 0) yield* unshare_files();
  const fs = files();
  const end = Math.min(last, RLIMIT_NOFILE - 1);
  for (let fd = first; fd <= end; fd++) {
    if ((flags & CLOSE_RANGE_CLOEXEC) !== 0) {
      yield rd(fs, fdField(fd));
      if ((fs.fd_array[fd] ?? null) !== null) yield* set_close_on_exec(fd, true);
      continue;
    }
    const file = yield* file_close_fd(fd);
    if (file !== null) yield* filp_close(file);
  }
  return 0;
});

/** dup_fd (fork without CLONE_FILES): copy the table; every open file gains a reference. */
export const dup_fd = kfn('dup_fd', function* (old: FilesStruct): Gen<FilesStruct> {
  const m = current().machine;
  const fs = m.alloc('files_struct', new FilesStruct());
  yield* spin_lock(old.file_lock);
  // Each slot is a load of its own (fd_install stores a slot without file_lock): one step per open fd.
  for (let fd = 0; fd < old.fd_array.length; fd++) {
    if (old.open_fds[fd] !== true) continue;
    yield rd(old, fdField(fd));
    const file = old.fd_array[fd] ?? null;
    if (file === null) continue;
    yield* get_file(file);
    fs.fd_array[fd] = file;
    fs.open_fds[fd] = true;
    yield rd(old, 'close_on_exec');
    if (old.close_on_exec.has(fd)) fs.close_on_exec.add(fd);
  }
  yield* spin_unlock(old.file_lock);
  return fs;
});

/** put_files_struct: drop a reference to a table; the last one closes every file (fput) and frees the table. */
export const put_files_struct = kfn('put_files_struct', function* (fs: FilesStruct): Gen {
  yield rmw(fs, 'count');
  if (--fs.count > 0) return;
  // The last user: nobody else can reach the table.
  declareLocal(fs);
  for (let fd = 0; fd < fs.fd_array.length; fd++) {
    yield wr(fs, fdField(fd));
    const file = fs.fd_array[fd] ?? null;
    if (file === null) continue;
    fs.fd_array[fd] = null;
    fs.open_fds[fd] = false;
    yield* filp_close(file);
  }
  yield* kfree(fs);
});

/** exit_files: the task lets go of its table (fput of every file by its last user, so __fput runs from exit_task_work). */
export const exit_files = kfn('exit_files', function* (): Gen {
  const t = current();
  const fs = t.files;
  if (fs === null) return;
  t.files = null;
  yield* put_files_struct(fs);
});

/**
 * unshare_files: a table shared with other tasks (CLONE_FILES) is replaced by a private copy, and the shared one loses
 * this task's reference (put_files_struct: if the others exited meanwhile, that closes its files). Used by exec and
 * close_range(CLOSE_RANGE_UNSHARE).
 */
export const unshare_files = kfn('unshare_files', function* (): Gen {
  const t = current();
  const old = t.files;
  if (old === null) return;
  yield rd(old, 'count');
  if (old.count <= 1) return;
  t.files = yield* dup_fd(old);
  yield* put_files_struct(old);
});
