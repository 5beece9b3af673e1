import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERRNO } from '../../src/kernel/errno.ts';
import { EPOLLIN, EPOLL_CTL_ADD } from '../../src/kernel/uapi.ts';
import { sys_epoll_create1, sys_epoll_ctl } from '../../src/epoll/syscalls.ts';
import { Eventpoll, rbCount } from '../../src/epoll/eventpoll.ts';
import { sys_close, sys_dup } from '../../src/kernel/fdtable.ts';
import type { Booted } from '../../src/kernel/boot.ts';
import { bootKernel, sys } from '../_helpers/run.ts';

const ev = { events: EPOLLIN, data: 0n };

function epolls(b: Booted, n: number): number[] {
  return Array.from({ length: n }, () => sys(b, sys_epoll_create1(0)));
}

function epOf(b: Booted, fd: number): Eventpoll {
  const f = b.init.files?.fd_array[fd];
  assert.ok(f && f.private_data instanceof Eventpoll);
  return f.private_data;
}

test('H6 (L19): a chain of 5 epoll instances is allowed, a 6th level is ELOOP', () => {
  const b = bootKernel();
  const e = epolls(b, 6);
  for (let i = 0; i < 4; i++) assert.equal(sys(b, sys_epoll_ctl(e[i]!, EPOLL_CTL_ADD, e[i + 1]!, ev)), 0, `edge ${i}`);
  assert.equal(sys(b, sys_epoll_ctl(e[4]!, EPOLL_CTL_ADD, e[5]!, ev)), -ERRNO.ELOOP);
  // the same chain seen from above: adding its head into a new epoll is ELOOP too
  assert.equal(sys(b, sys_epoll_ctl(e[5]!, EPOLL_CTL_ADD, e[0]!, ev)), -ERRNO.ELOOP);
});

test('H7 (L19): a 2-cycle is ELOOP', () => {
  const b = bootKernel();
  const [a, c] = epolls(b, 2) as [number, number];
  assert.equal(sys(b, sys_epoll_ctl(a, EPOLL_CTL_ADD, c, ev)), 0);
  assert.equal(sys(b, sys_epoll_ctl(c, EPOLL_CTL_ADD, a, ev)), -ERRNO.ELOOP);
});

test('C9 (L22): closing the inner epoll (last reference) removes it from the outer one', () => {
  const b = bootKernel();
  const [outer, inner] = epolls(b, 2) as [number, number];
  assert.equal(sys(b, sys_epoll_ctl(outer, EPOLL_CTL_ADD, inner, ev)), 0);
  assert.equal(rbCount(epOf(b, outer)), 1);
  assert.equal(sys(b, sys_close(inner)), 0);
  assert.equal(rbCount(epOf(b, outer)), 0);
});

test('C3: closing one fd of a duplicated epoll keeps its registration in the outer epoll', () => {
  const b = bootKernel();
  const [outer, inner] = epolls(b, 2) as [number, number];
  const d = sys(b, sys_dup(inner));
  assert.equal(sys(b, sys_epoll_ctl(outer, EPOLL_CTL_ADD, inner, ev)), 0);
  assert.equal(sys(b, sys_close(inner)), 0);
  assert.equal(rbCount(epOf(b, outer)), 1);
  assert.equal(sys(b, sys_close(d)), 0);
  assert.equal(rbCount(epOf(b, outer)), 0);
});

test('closing an epoll that watches others frees every epitem and the eventpoll (no leak)', () => {
  const b = bootKernel();
  const [outer, i1, i2] = epolls(b, 3) as [number, number, number];
  assert.equal(sys(b, sys_epoll_ctl(outer, EPOLL_CTL_ADD, i1, ev)), 0);
  assert.equal(sys(b, sys_epoll_ctl(outer, EPOLL_CTL_ADD, i2, ev)), 0);
  const ep = epOf(b, outer);
  assert.equal(sys(b, sys_close(outer)), 0);
  assert.equal(ep.freed, true);
  assert.equal(epOf(b, i1).file?.f_ep, null);
  assert.deepEqual(b.machine.violations, []);
});
