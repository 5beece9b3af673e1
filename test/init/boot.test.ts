// init/main.c: boot hands the kernel its parts through the kernel's seams (inode operations, init_special_inode,
// register_filesystem, eventpoll_release_file); a model bug, not a silent no-op, where a part would be missing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pipefifo_fops } from '../../src/fs/pipe.ts';
import { shmem_file_operations } from '../../src/fs/shmem.ts';
import { shmem_dir_inode_operations } from '../../src/fs/shmem_inode.ts';
import { get_fs_type } from '../../src/kernel/filesystems.ts';
import { init_special_inode } from '../../src/kernel/inode.ts';
import { sys_mkfifo, sys_mount, sys_open } from '../../src/kernel/namei.ts';
import { O_CREAT, O_NONBLOCK, O_RDWR } from '../../src/kernel/uapi.ts';
import { Inode, type File } from '../../src/kernel/vfs.ts';
import { bootKernel, sys } from '../_helpers/run.ts';

const fileOf = (b: ReturnType<typeof bootKernel>, fd: number): File => b.init.files?.fd_array[fd] as File;

test('boot registers tmpfs and rootfs: the root, the sandbox and a mount create files with shmem operations', () => {
  const b = bootKernel();
  assert.equal(get_fs_type('tmpfs')?.root_inode_operations, shmem_dir_inode_operations);
  assert.equal(get_fs_type('rootfs')?.root_inode_operations, shmem_dir_inode_operations);
  assert.equal(b.machine.rootMount.mnt_root.d_inode?.i_op, shmem_dir_inode_operations);
  const fd = sys(b, sys_open('f', O_CREAT | O_RDWR));
  assert.ok(fd >= 3);
  assert.equal(fileOf(b, fd).f_op, shmem_file_operations);
  assert.equal(sys(b, sys_mount('m/n')), 0);
  const g = sys(b, sys_open('m/n/g', O_CREAT | O_RDWR));
  assert.equal(fileOf(b, g).f_op, shmem_file_operations);
  assert.equal(fileOf(b, g).f_inode.i_sb.s_type, 'tmpfs');
});

test('mkfifo: the FIFO inode gets pipefifo_fops from init_special_inode', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_mkfifo('p')), 0);
  const fd = sys(b, sys_open('p', O_RDWR | O_NONBLOCK));
  assert.equal(fileOf(b, fd).f_op, pipefifo_fops);
});

test('init_special_inode of anything but a FIFO is a model bug', () => {
  const b = bootKernel();
  const sb = b.machine.rootMount.mnt_sb;
  assert.throws(() => init_special_inode(new Inode(sb, 'reg')), /epoll-lab bug: init_special_inode of a reg inode/);
});
