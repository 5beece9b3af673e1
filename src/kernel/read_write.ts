// Models fs/read_write.c: read(2), write(2) and lseek(2) through fdget, vfs_read/vfs_write and ->llseek.
import { ERRNO } from './errno.ts';
import { fdget, fdput } from './fdtable.ts';
import { kfn } from './kfn.ts';
import { rd, type Gen } from './step.ts';
import { SEEK_MAX } from './uapi.ts';
import { FMODE_READ, FMODE_WRITE, type File, type ReadResult } from './vfs.ts';

/**
 * rw_verify_area, as far as the model has arguments: a negative count is EINVAL. (On Linux a "negative" size_t is a
 * huge buffer, which access_ok rejects with EFAULT first; the model has no user buffers.)
 */
function rw_verify_area(count: number): number {
  return count < 0 ? -ERRNO.EINVAL : 0;
}

/** vfs_read: EBADF unless opened for reading, EINVAL without ->read, then ->read. */
export const vfs_read = kfn('vfs_read', function* (file: File, count: number): Gen<ReadResult> {
  if ((file.f_mode & FMODE_READ) === 0) return -ERRNO.EBADF;
  const read = file.f_op.read;
  if (read === undefined) return -ERRNO.EINVAL;
  const ret = rw_verify_area(count);
  if (ret < 0) return ret;
  return yield* read(file, count);
});

/** vfs_write: EBADF unless opened for writing, EINVAL without ->write, then ->write. */
export const vfs_write = kfn('vfs_write', function* (file: File, data: Uint8Array): Gen<number> {
  if ((file.f_mode & FMODE_WRITE) === 0) return -ERRNO.EBADF;
  const write = file.f_op.write;
  if (write === undefined) return -ERRNO.EINVAL;
  return yield* write(file, data);
});

/** read(fd, count): the bytes read (empty at EOF) or a negative errno. EBADF for a closed or O_PATH fd. */
export const sys_read = kfn('read', function* (fd: number, count: number): Gen<ReadResult> {
  const f = yield* fdget(fd);
  if (f === null) return -ERRNO.EBADF;
  const ret = yield* vfs_read(f.file, count);
  yield* fdput(f);
  return ret;
});

/** write(fd, data): the number of bytes written or a negative errno. */
export const sys_write = kfn('write', function* (fd: number, data: Uint8Array): Gen<number> {
  const f = yield* fdget(fd);
  if (f === null) return -ERRNO.EBADF;
  const ret = yield* vfs_write(f.file, data);
  yield* fdput(f);
  return ret;
});

/** vfs_llseek: files without ->llseek (pipes, sockets, most anon files) are not seekable: ESPIPE. */
export function* vfs_llseek(file: File, offset: number, whence: number): Gen<number> {
  const llseek = file.f_op.llseek;
  if (llseek === undefined) return -ERRNO.ESPIPE;
  return yield* llseek(file, offset, whence);
}

/** noop_llseek: for files whose position means nothing (eventfd, timerfd, epoll): reports f_pos (0), moves nothing. */
export function* noop_llseek(file: File): Gen<number> {
  yield rd(file, 'f_pos');
  return file.f_pos;
}

/** lseek(fd, offset, whence): the new offset or a negative errno; whence beyond SEEK_HOLE is EINVAL. */
export const sys_lseek = kfn('lseek', function* (fd: number, offset: number, whence: number): Gen<number> {
  const f = yield* fdget(fd);
  if (f === null) return -ERRNO.EBADF;
  let ret = -ERRNO.EINVAL;
  if (whence >= 0 && whence <= SEEK_MAX) ret = yield* vfs_llseek(f.file, offset, whence);
  yield* fdput(f);
  return ret;
});
