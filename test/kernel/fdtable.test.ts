import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERRNO } from '../../src/kernel/errno.ts';
import { sys_pipe2 } from '../../src/fs/pipe.ts';
import { do_exit } from '../../src/kernel/exit.ts';
import { sys_close, sys_close_range, sys_dup, sys_dup2, sys_dup3 } from '../../src/kernel/fdtable.ts';
import { CLONE_FILES, kernel_clone } from '../../src/kernel/fork.ts';
import { CLOSE_RANGE_UNSHARE, O_CLOEXEC } from '../../src/kernel/uapi.ts';
import { bootKernel, call, sys } from '../_helpers/run.ts';

test('boot: fds 0-2 are open, the lowest free fd is 3', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_dup(0)), 3);
  assert.equal(sys(b, sys_dup(0)), 4);
  assert.equal(sys(b, sys_close(3)), 0);
  assert.equal(sys(b, sys_dup(1)), 3);
});

test('close of a closed fd is EBADF; dup of a bad fd is EBADF', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_close(7)), -ERRNO.EBADF);
  assert.equal(sys(b, sys_dup(7)), -ERRNO.EBADF);
});

test('dup3 rejects equal fds and unknown flags; dup2 to itself returns the fd', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_dup3(1, 1, 0)), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_dup3(1, 5, 1)), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_dup3(1, 5, O_CLOEXEC)), 5);
  assert.equal(sys(b, sys_dup2(5, 5)), 5);
  assert.equal(sys(b, sys_dup2(9, 9)), -ERRNO.EBADF);
});

test('unshare_files: close_range(CLOSE_RANGE_UNSHARE) in a CLONE_FILES thread copies the table; the old one is closed and freed by its last user', () => {
  const b = bootKernel();
  const fd = sys(b, sys_pipe2(0));
  assert.ok(typeof fd !== 'number');
  const [r] = fd;
  const file = b.init.files?.fd_array[r] ?? null;
  assert.ok(file !== null);
  const shared = b.init.files;
  assert.ok(shared !== null);
  const thread = sys(b, kernel_clone('T', CLONE_FILES));
  assert.equal(shared.count, 2);
  // The thread unshares and closes everything of its copy: the shared table keeps the file open for init.
  assert.equal(sys(b, sys_close_range(0, ~0 >>> 0, CLOSE_RANGE_UNSHARE), thread), 0);
  assert.notEqual(thread.files, shared);
  assert.equal(shared.count, 1);
  assert.equal(file.f_count, 1);
  // init exits: its put of the now unshared table is the last one, which closes the pipe's read end.
  const exit = call(b, do_exit());
  assert.equal(exit.kind, 'done');
  assert.equal(shared.freed, true);
  assert.equal(file.freed, true);
});
