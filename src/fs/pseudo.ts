// Models fs/file_table.c (alloc_file_pseudo, alloc_file_clone) and fs/anon_inodes.c: files on internal SB_NOUSER mounts.
import { current } from '../kernel/current.ts';
import { dget } from '../kernel/dcache.ts';
import { fd_install, get_unused_fd_flags } from '../kernel/fdtable.ts';
import { alloc_file } from '../kernel/file.ts';
import { pseudoMount } from '../kernel/namespace.ts';
import type { Gen } from '../kernel/step.ts';
import { O_ACCMODE, O_NONBLOCK, O_RDWR, O_WRONLY } from '../kernel/uapi.ts';
import {
  Dentry,
  FMODE_READ,
  FMODE_WRITE,
  Inode,
  type DentryOperations,
  type File,
  type FileOperations,
  type InodeType,
} from '../kernel/vfs.ts';

/** OPEN_FMODE: the FMODE_READ/FMODE_WRITE bits of an O_ACCMODE value. */
export function open_fmode(flags: number): number {
  const acc = flags & O_ACCMODE;
  if (acc === O_RDWR) return FMODE_READ | FMODE_WRITE;
  return acc === O_WRONLY ? FMODE_WRITE : FMODE_READ;
}

/**
 * alloc_file_pseudo: a fresh inode and a private, unhashed dentry on the internal mount of `fs` (pipefs, sockfs,
 * anon_inodefs, dmabuf), and an opened file on them. The dentry's single reference belongs to the file; its last dput
 * (step 12 of __fput) runs `d_op.d_release` and frees dentry and inode.
 *
 * Approximation: Linux's anon_inodefs shares one inode among all anon files; the model gives each file its own.
 */
export function* alloc_file_pseudo(
  fs: string,
  type: InodeType,
  fops: FileOperations,
  flags: number,
  d_op: DentryOperations | null = null,
  name = '',
): Gen<File> {
  const m = current().machine;
  const mnt = pseudoMount(m, fs);
  const inode = m.alloc('inode', new Inode(mnt.mnt_sb, type, fops));
  const dentry = m.alloc('dentry', new Dentry(name, null, inode, d_op));
  return yield* alloc_file(fops, { mnt, dentry }, inode, flags, open_fmode(flags));
}

/** alloc_file_clone: a second file on the same path (create_pipe_files' read end); it takes its own dentry reference. */
export function* alloc_file_clone(base: File, flags: number, fops: FileOperations): Gen<File> {
  yield* dget(base.f_path.dentry);
  return yield* alloc_file(fops, base.f_path, base.f_inode, flags, open_fmode(flags));
}

/** anon_inode_getfile: an anon_inodefs file whose private_data is `priv`; f_flags keep O_ACCMODE and O_NONBLOCK. */
export function* anon_inode_getfile(name: string, fops: FileOperations, priv: unknown, flags: number): Gen<File> {
  const file = yield* alloc_file_pseudo('anon_inodefs', 'anon', fops, flags & (O_ACCMODE | O_NONBLOCK), null, name);
  file.private_data = priv;
  return file;
}

/** anon_inode_getfd: reserve an fd (O_CLOEXEC honoured), create the file, install it. Returns the fd or -errno. */
export function* anon_inode_getfd(name: string, fops: FileOperations, priv: unknown, flags: number): Gen<number> {
  const fd = yield* get_unused_fd_flags(flags);
  if (fd < 0) return fd;
  const file = yield* anon_inode_getfile(name, fops, priv, flags);
  yield* fd_install(fd, file);
  return fd;
}
