// Models mm/shmem.c's regular files: read and write at f_pos (O_APPEND writes at the end), llseek, and no ->poll.
import { ERRNO } from '../kernel/errno.ts';
import { kfn } from '../kernel/kfn.ts';
import { rd, wr, type Gen } from '../kernel/step.ts';
import { O_APPEND, SEEK_CUR, SEEK_DATA, SEEK_END, SEEK_HOLE, SEEK_SET } from '../kernel/uapi.ts';
import type { File, FileOperations, Inode, ReadResult } from '../kernel/vfs.ts';

/** The page cache of a tmpfs file, kept in `inode.i_private` (sys_open creates it with O_CREAT). */
export interface ShmemData {
  data: Uint8Array;
}

function isShmemData(v: unknown): v is ShmemData {
  return typeof v === 'object' && v !== null && 'data' in v && v.data instanceof Uint8Array;
}

export function shmem_data(inode: Inode): ShmemData {
  if (!isShmemData(inode.i_private)) inode.i_private = { data: new Uint8Array(0) };
  return inode.i_private as ShmemData;
}

/** shmem_file_read_iter: copy from f_pos up to i_size and advance f_pos; an empty result is EOF. */
export const shmem_file_read_iter = kfn('shmem_file_read_iter', function* (file: File, count: number): Gen<ReadResult> {
  yield rd(file, 'f_pos');
  const pos = file.f_pos;
  yield rd(file.f_inode, 'i_data');
  const store = shmem_data(file.f_inode);
  const size = store.data.length;
  if (pos >= size || count === 0) return new Uint8Array(0);
  const n = Math.min(count, size - pos);
  const out = store.data.slice(pos, pos + n);
  yield wr(file, 'f_pos');
  file.f_pos = pos + n;
  return out;
});

/** generic_file_write_iter: write at f_pos (at i_size with O_APPEND), growing the file; holes read as zeros. */
export const shmem_file_write_iter = kfn(
  'shmem_file_write_iter',
  function* (file: File, data: Uint8Array): Gen<number> {
    if (data.length === 0) return 0;
    yield rd(file, 'f_flags');
    const append = (file.f_flags & O_APPEND) !== 0;
    yield rd(file, 'f_pos');
    const f_pos = file.f_pos;
    yield wr(file.f_inode, 'i_data');
    const store = shmem_data(file.f_inode);
    const pos = append ? store.data.length : f_pos;
    const end = pos + data.length;
    if (end > store.data.length) {
      const grown = new Uint8Array(end);
      grown.set(store.data);
      store.data = grown;
    }
    store.data.set(data, pos);
    yield wr(file, 'f_pos');
    file.f_pos = end;
    return data.length;
  },
);

/** shmem_file_llseek: SEEK_SET/CUR/END, and SEEK_DATA/SEEK_HOLE for a file without holes; negative is EINVAL. */
export const shmem_file_llseek = kfn(
  'shmem_file_llseek',
  function* (file: File, offset: number, whence: number): Gen<number> {
    yield rd(file.f_inode, 'i_data');
    const size = shmem_data(file.f_inode).data.length;
    yield rd(file, 'f_pos');
    let pos: number;
    switch (whence) {
      case SEEK_SET:
        pos = offset;
        break;
      case SEEK_CUR:
        pos = file.f_pos + offset;
        break;
      case SEEK_END:
        pos = size + offset;
        break;
      case SEEK_DATA:
      case SEEK_HOLE:
        if (offset < 0) return -ERRNO.EINVAL;
        if (offset >= size) return -ERRNO.ENXIO;
        pos = whence === SEEK_DATA ? offset : size;
        break;
      default:
        return -ERRNO.EINVAL;
    }
    if (pos < 0) return -ERRNO.EINVAL;
    yield wr(file, 'f_pos');
    file.f_pos = pos;
    return pos;
  },
);

export const shmem_file_operations: FileOperations = {
  name: 'shmem',
  read: shmem_file_read_iter,
  write: shmem_file_write_iter,
  llseek: shmem_file_llseek,
};
