// Models fs/fcntl.c: fcntl(2) for F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL and F_SETFL.
import { ERRNO } from './errno.ts';
import { f_dupfd, fdget, fdput, get_close_on_exec, set_close_on_exec } from './fdtable.ts';
import { kfn } from './kfn.ts';
import { rd, wr, type Gen } from './step.ts';
import {
  FD_CLOEXEC,
  F_DUPFD,
  F_DUPFD_CLOEXEC,
  F_GETFD,
  F_GETFL,
  F_SETFD,
  F_SETFL,
  O_APPEND,
  O_CLOEXEC,
  O_DIRECT,
  O_NOATIME,
  O_NONBLOCK,
} from './uapi.ts';
import { FMODE_PATH, type File } from './vfs.ts';

/** The f_flags bits F_SETFL may change (FASYNC is not modelled). */
export const SETFL_MASK = O_APPEND | O_NONBLOCK | O_DIRECT | O_NOATIME;

/**
 * setfl: replace the settable bits, keep the rest (access mode, creation flags). O_DIRECT needs a file that can do
 * direct I/O (tmpfs regular files since 6.6) or a pipe/FIFO, where it toggles packet mode; else EINVAL.
 */
function* setfl(filp: File, arg: number): Gen<number> {
  const type = filp.f_inode.type;
  if ((arg & O_DIRECT) !== 0 && type !== 'reg' && type !== 'pipe' && type !== 'fifo') return -ERRNO.EINVAL;
  yield wr(filp, 'f_flags');
  filp.f_flags = (arg & SETFL_MASK) | (filp.f_flags & ~SETFL_MASK);
  return 0;
}

/** check_fcntl_cmd: the commands an O_PATH file allows. */
function check_fcntl_cmd(cmd: number): boolean {
  return cmd === F_DUPFD || cmd === F_DUPFD_CLOEXEC || cmd === F_GETFD || cmd === F_SETFD || cmd === F_GETFL;
}

/** do_fcntl: `argi` is the argument as a C int ((int)arg), as the kernel passes it to f_dupfd. */
function* do_fcntl(fd: number, cmd: number, arg: number, filp: File): Gen<number> {
  const argi = arg | 0;
  switch (cmd) {
    case F_DUPFD:
      return yield* f_dupfd(argi, filp, 0);
    case F_DUPFD_CLOEXEC:
      return yield* f_dupfd(argi, filp, O_CLOEXEC);
    case F_GETFD:
      return (yield* get_close_on_exec(fd)) ? FD_CLOEXEC : 0;
    case F_SETFD:
      yield* set_close_on_exec(fd, (argi & FD_CLOEXEC) !== 0);
      return 0;
    case F_GETFL:
      yield rd(filp, 'f_flags');
      return filp.f_flags;
    case F_SETFL:
      return yield* setfl(filp, argi);
    default:
      return -ERRNO.EINVAL;
  }
}

/** fcntl(fd, cmd, arg): EBADF for a closed fd (or a command O_PATH files refuse), EINVAL for an unknown cmd. */
export const sys_fcntl = kfn('fcntl', function* (fd: number, cmd: number, arg: number): Gen<number> {
  const f = yield* fdget(fd, true);
  if (f === null) return -ERRNO.EBADF;
  let err = -ERRNO.EBADF;
  if ((f.file.f_mode & FMODE_PATH) === 0 || check_fcntl_cmd(cmd)) err = yield* do_fcntl(fd, cmd, arg, f.file);
  yield* fdput(f);
  return err;
});
