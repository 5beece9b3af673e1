// Models fs/ioctl.c: ioctl(2) through fdget and vfs_ioctl (no generic FIO* commands are modelled).
import { ERRNO } from './errno.ts';
import { fdget, fdput } from './fdtable.ts';
import { kfn } from './kfn.ts';
import type { Gen } from './step.ts';

/** ioctl(fd, cmd, arg): EBADF for a closed or O_PATH fd; ENOTTY when the file has no ->unlocked_ioctl. */
export const sys_ioctl = kfn('ioctl', function* (fd: number, cmd: number, arg: unknown): Gen<number> {
  const f = yield* fdget(fd);
  if (f === null) return -ERRNO.EBADF;
  const ioctl = f.file.f_op.unlocked_ioctl;
  const ret = ioctl === undefined ? -ERRNO.ENOTTY : yield* ioctl(f.file, cmd, arg);
  yield* fdput(f);
  return ret;
});
