import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERRNO } from '../../src/kernel/errno.ts';
import { sys_close, sys_dup, sys_dup2, sys_dup3 } from '../../src/kernel/fdtable.ts';
import { O_CLOEXEC } from '../../src/kernel/uapi.ts';
import { bootKernel, sys } from '../_helpers/run.ts';

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
