import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERRNO } from '../../src/kernel/errno.ts';
import {
  EPOLLIN,
  EPOLL_CTL_ADD,
  EPOLL_CTL_DEL,
  O_NONBLOCK,
  EPOLL_CLOEXEC,
  EPOLLEXCLUSIVE,
  EPOLL_CTL_MOD,
} from '../../src/kernel/uapi.ts';
import { sys_epoll_create, sys_epoll_create1, sys_epoll_ctl, sys_epoll_wait } from '../../src/epoll/syscalls.ts';
import { sys_dup } from '../../src/kernel/fdtable.ts';
import { bootKernel, sys } from '../_helpers/run.ts';

const ev = { events: EPOLLIN, data: 0n };

test('A1: epoll_create(size) rejects size <= 0 and ignores any positive size', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_epoll_create(0)), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_epoll_create(-1)), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_epoll_create(2147483647)), 3);
});

test('A2: epoll_create1 accepts only EPOLL_CLOEXEC (O_NONBLOCK is EINVAL)', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_epoll_create1(O_NONBLOCK)), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_epoll_create1(EPOLL_CLOEXEC)), 3);
});

test('B1: a NULL event on ADD is EFAULT before any fd check; DEL ignores it (B2)', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_epoll_ctl(999, EPOLL_CTL_ADD, 998, null)), -ERRNO.EFAULT);
  assert.equal(sys(b, sys_epoll_ctl(999, EPOLL_CTL_ADD, 998, ev)), -ERRNO.EBADF);
  assert.equal(sys(b, sys_epoll_ctl(999, EPOLL_CTL_DEL, 998, null)), -ERRNO.EBADF);
  assert.equal(sys(b, sys_epoll_ctl(999, 42, 998, null)), -ERRNO.EFAULT);
});

test('B4: a target without ->poll (/dev/null) is EPERM, checked before "not an epoll" and before the op', () => {
  const b = bootKernel();
  const ep = sys(b, sys_epoll_create1(0));
  assert.equal(sys(b, sys_epoll_ctl(0, EPOLL_CTL_ADD, 1, ev)), -ERRNO.EPERM);
  assert.equal(sys(b, sys_epoll_ctl(ep, 42, 1, ev)), -ERRNO.EPERM);
});

test('B5/H8: adding an epoll to itself, or a dup of itself, is EINVAL; an unknown op is EINVAL last (B6)', () => {
  const b = bootKernel();
  const ep = sys(b, sys_epoll_create1(0));
  const d = sys(b, sys_dup(ep));
  assert.equal(sys(b, sys_epoll_ctl(ep, EPOLL_CTL_ADD, ep, ev)), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_epoll_ctl(ep, EPOLL_CTL_ADD, d, ev)), -ERRNO.EINVAL);
  const ep2 = sys(b, sys_epoll_create1(0));
  assert.equal(sys(b, sys_epoll_ctl(ep, 42, ep2, ev)), -ERRNO.EINVAL);
});

test('B10/H10: EPOLLEXCLUSIVE on an epoll target or with MOD is EINVAL', () => {
  const b = bootKernel();
  const ep = sys(b, sys_epoll_create1(0));
  const ep2 = sys(b, sys_epoll_create1(0));
  assert.equal(
    sys(b, sys_epoll_ctl(ep, EPOLL_CTL_ADD, ep2, { events: EPOLLIN | EPOLLEXCLUSIVE, data: 0n })),
    -ERRNO.EINVAL,
  );
  assert.equal(
    sys(b, sys_epoll_ctl(ep, EPOLL_CTL_MOD, ep2, { events: EPOLLIN | EPOLLEXCLUSIVE, data: 0n })),
    -ERRNO.EINVAL,
  );
});

test('B7/B8: ADD twice is EEXIST; DEL/MOD of an unregistered target is ENOENT', () => {
  const b = bootKernel();
  const ep = sys(b, sys_epoll_create1(0));
  const inner = sys(b, sys_epoll_create1(0));
  assert.equal(sys(b, sys_epoll_ctl(ep, EPOLL_CTL_DEL, inner, null)), -ERRNO.ENOENT);
  assert.equal(sys(b, sys_epoll_ctl(ep, EPOLL_CTL_MOD, inner, ev)), -ERRNO.ENOENT);
  assert.equal(sys(b, sys_epoll_ctl(ep, EPOLL_CTL_ADD, inner, ev)), 0);
  assert.equal(sys(b, sys_epoll_ctl(ep, EPOLL_CTL_ADD, inner, ev)), -ERRNO.EEXIST);
  assert.equal(sys(b, sys_epoll_ctl(ep, EPOLL_CTL_DEL, inner, null)), 0);
});

test('D2/D3: epoll_wait errno order is EBADF first from 6.15 (ebadf_first) and EINVAL first before', () => {
  const b = bootKernel('v7.1');
  assert.equal(sys(b, sys_epoll_wait(999, [], 0, 0)), -ERRNO.EBADF);
  assert.equal(sys(b, sys_epoll_wait(0, [], 1, 0)), -ERRNO.EINVAL);
  const old = bootKernel('v6.8');
  assert.equal(sys(old, sys_epoll_wait(999, [], 0, 0)), -ERRNO.EINVAL);
  assert.equal(sys(old, sys_epoll_wait(999, [], 1, 0)), -ERRNO.EBADF);
});

test('D5: a NULL buffer is harmless when nothing is ready; an idle wait with timeout 0 returns 0', () => {
  const b = bootKernel();
  const ep = sys(b, sys_epoll_create1(0));
  assert.equal(sys(b, sys_epoll_wait(ep, null, 1, 0)), 0);
});

test('D6: a positive timeout on an idle epoll returns 0 once the virtual clock passes it', () => {
  const b = bootKernel();
  const ep = sys(b, sys_epoll_create1(0));
  assert.equal(sys(b, sys_epoll_wait(ep, [], 1, 250)), 0);
  assert.equal(b.machine.clock, 250_000_000);
});
