// Models mm/shmem.c's inodes: shmem_get_inode and the inode operations of tmpfs (and of rootfs, a tmpfs here).
import { init_special_inode } from '../kernel/inode.ts';
import type { FileSystemType } from '../kernel/filesystems.ts';
import type { Machine } from '../kernel/machine.ts';
import { Inode, type InodeOperations, type InodeType } from '../kernel/vfs.ts';
import { shmem_data, shmem_file_operations } from './shmem.ts';

/** shmem_get_inode: a new inode of the directory's superblock, with the operations of its type. */
export function shmem_get_inode(m: Machine, dir: Inode, type: InodeType): Inode {
  const inode = m.alloc('inode', new Inode(dir.i_sb, type));
  if (type === 'dir') inode.i_op = shmem_dir_inode_operations;
  else if (type === 'reg') {
    inode.i_fop = shmem_file_operations;
    inode.i_op = shmem_inode_operations;
    inode.i_private = { data: new Uint8Array(0) };
  } else init_special_inode(inode);
  return inode;
}

/** shmem_inode_operations: a regular file's; setattr(ATTR_SIZE 0) empties its page cache. */
export const shmem_inode_operations: InodeOperations = {
  truncate: (inode) => {
    shmem_data(inode).data = new Uint8Array(0);
  },
};

/** shmem_dir_inode_operations: create, mkdir, mknod in a tmpfs directory. */
export const shmem_dir_inode_operations: InodeOperations = {
  create: (m, dir) => shmem_get_inode(m, dir, 'reg'),
  mkdir: (m, dir) => shmem_get_inode(m, dir, 'dir'),
  mknod: (m, dir, type) => shmem_get_inode(m, dir, type),
};

/** tmpfs (mount(2)'s filesystem) and rootfs (the root, which init_rootfs makes a tmpfs). */
export const shmem_fs_type: FileSystemType = { name: 'tmpfs', root_inode_operations: shmem_dir_inode_operations };
export const rootfs_fs_type: FileSystemType = { name: 'rootfs', root_inode_operations: shmem_dir_inode_operations };
