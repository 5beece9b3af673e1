import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERRNO } from '../../src/kernel/errno.ts';
import { EPOLLIN, EPOLL_CTL_ADD } from '../../src/kernel/uapi.ts';
import { sys_epoll_create1, sys_epoll_ctl } from '../../src/epoll/syscalls.ts';
import { Eventpoll, rbCount } from '../../src/epoll/eventpoll.ts';
import { sys_close, sys_dup } from '../../src/kernel/fdtable.ts';
import type { Booted } from '../../src/init/boot.ts';
import { Kernel } from '../../src/api/Kernel.ts';
import { bootKernel, sys } from '../_helpers/run.ts';
import { scriptCase } from '../_helpers/script-case.ts';

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

scriptCase(
  'H1: an epoll inside an epoll is ready while it has a queued item that is really ready (kst epoll17, epoll21)',
  `
  s, t = socketpair()
  outer = epoll_create1(0)
  inner = epoll_create1(0)
  epoll_ctl(inner, EPOLL_CTL_ADD, s, EPOLLIN, 1)
  epoll_ctl(outer, EPOLL_CTL_ADD, inner, EPOLLIN, 2)
  epoll_wait(outer, 4, 0)
  write(t, "x")
  epoll_wait(outer, 4, 0)
  epoll_wait(outer, 4, 0)
  poll(outer, POLLIN)
  epoll_wait(outer, 4, 0)
  read(s, 1)
  epoll_wait(outer, 4, 0)
  poll(outer, POLLIN)
  poll(inner, POLLIN)
  `,
  `
    1: s, t = socketpair() = 0 [3, 4]
    2: outer = epoll_create1(0) = 5
    3: inner = epoll_create1(0) = 6
    4: epoll_ctl(inner, EPOLL_CTL_ADD, s, EPOLLIN, 1) = 0
    5: epoll_ctl(outer, EPOLL_CTL_ADD, inner, EPOLLIN, 2) = 0
    6: epoll_wait(outer, 4, 0) = 0 []
    7: write(t, "x") = 1
    8: epoll_wait(outer, 4, 0) = 1 [EPOLLIN:2]
    9: epoll_wait(outer, 4, 0) = 1 [EPOLLIN:2]
    10: poll(outer, POLLIN) = 1 [EPOLLIN:5]
    11: epoll_wait(outer, 4, 0) = 1 [EPOLLIN:2]
    12: read(s, 1) = 1 "x"
    13: epoll_wait(outer, 4, 0) = 0 []
    14: poll(outer, POLLIN) = 0 []
    15: poll(inner, POLLIN) = 0 []
  `,
);

scriptCase(
  'H2: outer LT over inner ET reports until an epoll_wait on the inner consumes the item (kst epoll18, epoll22)',
  `
  s, t = socketpair()
  outer = epoll_create1(0)
  inner = epoll_create1(0)
  epoll_ctl(inner, EPOLL_CTL_ADD, s, EPOLLIN|EPOLLET, 1)
  epoll_ctl(outer, EPOLL_CTL_ADD, inner, EPOLLIN, 2)
  write(t, "x")
  epoll_wait(outer, 4, 0)
  epoll_wait(outer, 4, 0)
  poll(outer, POLLIN)
  epoll_wait(outer, 4, 0)
  epoll_wait(inner, 4, 0)
  epoll_wait(outer, 4, 0)
  epoll_wait(inner, 4, 0)
  `,
  `
    1: s, t = socketpair() = 0 [3, 4]
    2: outer = epoll_create1(0) = 5
    3: inner = epoll_create1(0) = 6
    4: epoll_ctl(inner, EPOLL_CTL_ADD, s, EPOLLIN|EPOLLET, 1) = 0
    5: epoll_ctl(outer, EPOLL_CTL_ADD, inner, EPOLLIN, 2) = 0
    6: write(t, "x") = 1
    7: epoll_wait(outer, 4, 0) = 1 [EPOLLIN:2]
    8: epoll_wait(outer, 4, 0) = 1 [EPOLLIN:2]
    9: poll(outer, POLLIN) = 1 [EPOLLIN:5]
    10: epoll_wait(outer, 4, 0) = 1 [EPOLLIN:2]
    11: epoll_wait(inner, 4, 0) = 1 [EPOLLIN:1]
    12: epoll_wait(outer, 4, 0) = 0 []
    13: epoll_wait(inner, 4, 0) = 0 []
  `,
);

scriptCase(
  'H3: outer ET fires again on each new wake-up of the inner source, though the inner item stayed queued (L13)',
  `
  s, t = socketpair()
  outer = epoll_create1(0)
  inner = epoll_create1(0)
  epoll_ctl(inner, EPOLL_CTL_ADD, s, EPOLLIN, 1)
  epoll_ctl(outer, EPOLL_CTL_ADD, inner, EPOLLIN|EPOLLET, 2)
  write(t, "x")
  epoll_wait(outer, 4, 0)
  epoll_wait(outer, 4, 0)
  write(t, "x")
  epoll_wait(outer, 4, 0)
  epoll_wait(outer, 4, 0)
  epoll_wait(inner, 4, 0)
  epoll_wait(outer, 4, 0)
  `,
  `
    1: s, t = socketpair() = 0 [3, 4]
    2: outer = epoll_create1(0) = 5
    3: inner = epoll_create1(0) = 6
    4: epoll_ctl(inner, EPOLL_CTL_ADD, s, EPOLLIN, 1) = 0
    5: epoll_ctl(outer, EPOLL_CTL_ADD, inner, EPOLLIN|EPOLLET, 2) = 0
    6: write(t, "x") = 1
    7: epoll_wait(outer, 4, 0) = 1 [EPOLLIN:2]
    8: epoll_wait(outer, 4, 0) = 0 []
    9: write(t, "x") = 1
    10: epoll_wait(outer, 4, 0) = 1 [EPOLLIN:2]
    11: epoll_wait(outer, 4, 0) = 0 []
    12: epoll_wait(inner, 4, 0) = 1 [EPOLLIN:1]
    13: epoll_wait(outer, 4, 0) = 0 []
  `,
);

scriptCase(
  'H3: outer ET over inner ET: one report per inner wake-up; poll+wait rounds as kst epoll20 and epoll24',
  `
  s, t = socketpair()
  outer = epoll_create1(0)
  inner = epoll_create1(0)
  epoll_ctl(inner, EPOLL_CTL_ADD, s, EPOLLIN|EPOLLET, 1)
  epoll_ctl(outer, EPOLL_CTL_ADD, inner, EPOLLIN|EPOLLET, 2)
  write(t, "x")
  poll(outer, POLLIN)
  epoll_wait(outer, 4, 0)
  poll(outer, POLLIN)
  epoll_wait(outer, 4, 0)
  write(t, "x")
  epoll_wait(outer, 4, 0)
  epoll_wait(inner, 4, 0)
  epoll_wait(outer, 4, 0)
  `,
  `
    1: s, t = socketpair() = 0 [3, 4]
    2: outer = epoll_create1(0) = 5
    3: inner = epoll_create1(0) = 6
    4: epoll_ctl(inner, EPOLL_CTL_ADD, s, EPOLLIN|EPOLLET, 1) = 0
    5: epoll_ctl(outer, EPOLL_CTL_ADD, inner, EPOLLIN|EPOLLET, 2) = 0
    6: write(t, "x") = 1
    7: poll(outer, POLLIN) = 1 [EPOLLIN:5]
    8: epoll_wait(outer, 4, 0) = 1 [EPOLLIN:2]
    9: poll(outer, POLLIN) = 0 []
    10: epoll_wait(outer, 4, 0) = 0 []
    11: write(t, "x") = 1
    12: epoll_wait(outer, 4, 0) = 1 [EPOLLIN:2]
    13: epoll_wait(inner, 4, 0) = 1 [EPOLLIN:1]
    14: epoll_wait(outer, 4, 0) = 0 []
  `,
);

scriptCase(
  'H5: fan-out: an outer epoll over two inner epolls (kst epoll49-52)',
  `
  s0, t0 = socketpair()
  s2, t2 = socketpair()
  lt = epoll_create1(0)
  et = epoll_create1(0)
  e1 = epoll_create1(0)
  e2 = epoll_create1(0)
  epoll_ctl(e1, EPOLL_CTL_ADD, s0, EPOLLIN, 1)
  epoll_ctl(e2, EPOLL_CTL_ADD, s2, EPOLLIN, 2)
  epoll_ctl(lt, EPOLL_CTL_ADD, e1, EPOLLIN, 11)
  epoll_ctl(lt, EPOLL_CTL_ADD, e2, EPOLLIN, 12)
  epoll_ctl(et, EPOLL_CTL_ADD, e1, EPOLLIN|EPOLLET, 21)
  epoll_ctl(et, EPOLL_CTL_ADD, e2, EPOLLIN|EPOLLET, 22)
  write(t0, "x")
  write(t2, "x")
  poll(lt, POLLIN)
  epoll_wait(lt, 4, 0)
  poll(lt, POLLIN)
  epoll_wait(lt, 4, 0)
  poll(et, POLLIN)
  epoll_wait(et, 4, 0)
  poll(et, POLLIN)
  epoll_wait(et, 4, 0)
  `,
  `
    1: s0, t0 = socketpair() = 0 [3, 4]
    2: s2, t2 = socketpair() = 0 [5, 6]
    3: lt = epoll_create1(0) = 7
    4: et = epoll_create1(0) = 8
    5: e1 = epoll_create1(0) = 9
    6: e2 = epoll_create1(0) = 10
    7: epoll_ctl(e1, EPOLL_CTL_ADD, s0, EPOLLIN, 1) = 0
    8: epoll_ctl(e2, EPOLL_CTL_ADD, s2, EPOLLIN, 2) = 0
    9: epoll_ctl(lt, EPOLL_CTL_ADD, e1, EPOLLIN, 11) = 0
    10: epoll_ctl(lt, EPOLL_CTL_ADD, e2, EPOLLIN, 12) = 0
    11: epoll_ctl(et, EPOLL_CTL_ADD, e1, EPOLLIN|EPOLLET, 21) = 0
    12: epoll_ctl(et, EPOLL_CTL_ADD, e2, EPOLLIN|EPOLLET, 22) = 0
    13: write(t0, "x") = 1
    14: write(t2, "x") = 1
    15: poll(lt, POLLIN) = 1 [EPOLLIN:7]
    16: epoll_wait(lt, 4, 0) = 2 [EPOLLIN:11, EPOLLIN:12]
    17: poll(lt, POLLIN) = 1 [EPOLLIN:7]
    18: epoll_wait(lt, 4, 0) = 2 [EPOLLIN:11, EPOLLIN:12]
    19: poll(et, POLLIN) = 1 [EPOLLIN:8]
    20: epoll_wait(et, 4, 0) = 2 [EPOLLIN:21, EPOLLIN:22]
    21: poll(et, POLLIN) = 0 []
    22: epoll_wait(et, 4, 0) = 0 []
  `,
);

scriptCase(
  'H6 (L19): a chain of 5 epolls over a pipe is allowed; a 6th level, above or below, is ELOOP',
  `
  r, w = pipe()
  e1 = epoll_create1(0)
  e2 = epoll_create1(0)
  e3 = epoll_create1(0)
  e4 = epoll_create1(0)
  e5 = epoll_create1(0)
  e6 = epoll_create1(0)
  epoll_ctl(e5, EPOLL_CTL_ADD, r, EPOLLIN, 1)
  epoll_ctl(e4, EPOLL_CTL_ADD, e5, EPOLLIN, 2)
  epoll_ctl(e3, EPOLL_CTL_ADD, e4, EPOLLIN, 3)
  epoll_ctl(e2, EPOLL_CTL_ADD, e3, EPOLLIN, 4)
  epoll_ctl(e1, EPOLL_CTL_ADD, e2, EPOLLIN, 5)
  epoll_ctl(e6, EPOLL_CTL_ADD, e1, EPOLLIN, 6)
  epoll_ctl(e5, EPOLL_CTL_ADD, e6, EPOLLIN, 7)
  x = epoll_create1(0)
  epoll_ctl(e4, EPOLL_CTL_ADD, x, EPOLLIN, 8)
  epoll_ctl(e3, EPOLL_CTL_ADD, x, EPOLLIN, 9)
  x2, y2 = pipe()
  epoll_ctl(e5, EPOLL_CTL_ADD, x2, EPOLLIN, 10)
  write(w, "x")
  epoll_wait(e1, 4, 0)
  epoll_wait(e3, 4, 0)
  epoll_wait(e5, 4, 0)
  `,
  `
    1: r, w = pipe() = 0 [3, 4]
    2: e1 = epoll_create1(0) = 5
    3: e2 = epoll_create1(0) = 6
    4: e3 = epoll_create1(0) = 7
    5: e4 = epoll_create1(0) = 8
    6: e5 = epoll_create1(0) = 9
    7: e6 = epoll_create1(0) = 10
    8: epoll_ctl(e5, EPOLL_CTL_ADD, r, EPOLLIN, 1) = 0
    9: epoll_ctl(e4, EPOLL_CTL_ADD, e5, EPOLLIN, 2) = 0
    10: epoll_ctl(e3, EPOLL_CTL_ADD, e4, EPOLLIN, 3) = 0
    11: epoll_ctl(e2, EPOLL_CTL_ADD, e3, EPOLLIN, 4) = 0
    12: epoll_ctl(e1, EPOLL_CTL_ADD, e2, EPOLLIN, 5) = 0
    13: epoll_ctl(e6, EPOLL_CTL_ADD, e1, EPOLLIN, 6) = -1 ELOOP
    14: epoll_ctl(e5, EPOLL_CTL_ADD, e6, EPOLLIN, 7) = -1 ELOOP
    15: x = epoll_create1(0) = 11
    16: epoll_ctl(e4, EPOLL_CTL_ADD, x, EPOLLIN, 8) = 0
    17: epoll_ctl(e3, EPOLL_CTL_ADD, x, EPOLLIN, 9) = 0
    18: x2, y2 = pipe() = 0 [12, 13]
    19: epoll_ctl(e5, EPOLL_CTL_ADD, x2, EPOLLIN, 10) = 0
    20: write(w, "x") = 1
    21: epoll_wait(e1, 4, 0) = 1 [EPOLLIN:5]
    22: epoll_wait(e3, 4, 0) = 1 [EPOLLIN:3]
    23: epoll_wait(e5, 4, 0) = 1 [EPOLLIN:1]
  `,
);

scriptCase(
  'H7: cycles of two and of three epolls are ELOOP',
  `
  a = epoll_create1(0)
  b = epoll_create1(0)
  c = epoll_create1(0)
  epoll_ctl(a, EPOLL_CTL_ADD, b, EPOLLIN, 1)
  epoll_ctl(b, EPOLL_CTL_ADD, a, EPOLLIN, 2)
  epoll_ctl(b, EPOLL_CTL_ADD, c, EPOLLIN, 3)
  epoll_ctl(c, EPOLL_CTL_ADD, a, EPOLLIN, 4)
  epoll_ctl(c, EPOLL_CTL_ADD, b, EPOLLIN, 5)
  d = dup(a)
  epoll_ctl(c, EPOLL_CTL_ADD, d, EPOLLIN, 6)
  `,
  `
    1: a = epoll_create1(0) = 3
    2: b = epoll_create1(0) = 4
    3: c = epoll_create1(0) = 5
    4: epoll_ctl(a, EPOLL_CTL_ADD, b, EPOLLIN, 1) = 0
    5: epoll_ctl(b, EPOLL_CTL_ADD, a, EPOLLIN, 2) = -1 ELOOP
    6: epoll_ctl(b, EPOLL_CTL_ADD, c, EPOLLIN, 3) = 0
    7: epoll_ctl(c, EPOLL_CTL_ADD, a, EPOLLIN, 4) = -1 ELOOP
    8: epoll_ctl(c, EPOLL_CTL_ADD, b, EPOLLIN, 5) = -1 ELOOP
    9: d = dup(a) = 6
    10: epoll_ctl(c, EPOLL_CTL_ADD, d, EPOLLIN, 6) = -1 ELOOP
  `,
);

scriptCase(
  'H8: adding an epoll to itself is EINVAL, not ELOOP, also through a dup',
  `
  a = epoll_create1(0)
  epoll_ctl(a, EPOLL_CTL_ADD, a, EPOLLIN, 1)
  d = dup(a)
  epoll_ctl(a, EPOLL_CTL_ADD, d, EPOLLIN, 2)
  epoll_ctl(d, EPOLL_CTL_ADD, a, EPOLLIN|EPOLLET, 3)
  `,
  `
    1: a = epoll_create1(0) = 3
    2: epoll_ctl(a, EPOLL_CTL_ADD, a, EPOLLIN, 1) = -1 EINVAL
    3: d = dup(a) = 4
    4: epoll_ctl(a, EPOLL_CTL_ADD, d, EPOLLIN, 2) = -1 EINVAL
    5: epoll_ctl(d, EPOLL_CTL_ADD, a, EPOLLIN|EPOLLET, 3) = -1 EINVAL
  `,
);

test('H9: wakeup paths of length 1 from one file are limited to 500 (the 501st ADD is EINVAL)', () => {
  // Linux 6.18 (native/checks/h9_paths.c): pipe r in E1..E501, each Ei watched by one outer epoll O: the ADD
  // of r into E501 is EINVAL; paths of length 2 (r in Ei, Ei in M, M in O) stop at 100.
  const k = new Kernel();
  const [r] = k.pipe().fds ?? [0, 0];
  const o = k.epollCreate1(0).ret ?? -1;
  for (let i = 1; i <= 501; i++) {
    const e = k.epollCreate1(0).ret ?? -1;
    assert.deepEqual(k.epollCtl(o, 'EPOLL_CTL_ADD', e, { events: 'EPOLLIN' }), { ret: 0, errno: null });
    const want = i <= 500 ? { ret: 0, errno: null } : { ret: -1, errno: 'EINVAL' };
    assert.deepEqual(k.epollCtl(e, 'EPOLL_CTL_ADD', r, { events: 'EPOLLIN' }), want, `E${i}`);
  }
  const k2 = new Kernel();
  const [r2] = k2.pipe().fds ?? [0, 0];
  const o2 = k2.epollCreate1(0).ret ?? -1;
  const m = k2.epollCreate1(0).ret ?? -1;
  assert.equal(k2.epollCtl(o2, 'EPOLL_CTL_ADD', m, { events: 'EPOLLIN' }).ret, 0);
  for (let i = 1; i <= 101; i++) {
    const e = k2.epollCreate1(0).ret ?? -1;
    assert.equal(k2.epollCtl(m, 'EPOLL_CTL_ADD', e, { events: 'EPOLLIN' }).ret, 0);
    const want = i <= 100 ? { ret: 0, errno: null } : { ret: -1, errno: 'EINVAL' };
    assert.deepEqual(k2.epollCtl(e, 'EPOLL_CTL_ADD', r2, { events: 'EPOLLIN' }), want, `E${i}`);
  }
});

scriptCase(
  'H10: EPOLLEXCLUSIVE with an epoll target is EINVAL; the same mask on a pipe is accepted',
  `
  r, w = pipe()
  outer = epoll_create1(0)
  inner = epoll_create1(0)
  epoll_ctl(outer, EPOLL_CTL_ADD, inner, EPOLLIN|EPOLLEXCLUSIVE, 1)
  epoll_ctl(outer, EPOLL_CTL_ADD, inner, EPOLLEXCLUSIVE, 1)
  epoll_ctl(outer, EPOLL_CTL_ADD, r, EPOLLIN|EPOLLEXCLUSIVE, 2)
  epoll_ctl(outer, EPOLL_CTL_ADD, inner, EPOLLIN, 3)
  `,
  `
    1: r, w = pipe() = 0 [3, 4]
    2: outer = epoll_create1(0) = 5
    3: inner = epoll_create1(0) = 6
    4: epoll_ctl(outer, EPOLL_CTL_ADD, inner, EPOLLIN|EPOLLEXCLUSIVE, 1) = -1 EINVAL
    5: epoll_ctl(outer, EPOLL_CTL_ADD, inner, EPOLLEXCLUSIVE, 1) = -1 EINVAL
    6: epoll_ctl(outer, EPOLL_CTL_ADD, r, EPOLLIN|EPOLLEXCLUSIVE, 2) = 0
    7: epoll_ctl(outer, EPOLL_CTL_ADD, inner, EPOLLIN, 3) = 0
  `,
);

scriptCase(
  'H11: DEL or MOD inside the inner epoll leaves the outer registration of the inner epoll alone',
  `
  r, w = pipe()
  outer = epoll_create1(0)
  inner = epoll_create1(0)
  epoll_ctl(inner, EPOLL_CTL_ADD, r, EPOLLIN, 1)
  epoll_ctl(outer, EPOLL_CTL_ADD, inner, EPOLLIN, 2)
  write(w, "x")
  epoll_wait(outer, 4, 0)
  epoll_ctl(inner, EPOLL_CTL_DEL, r, NULL)
  epoll_wait(outer, 4, 0)
  epoll_ctl(outer, EPOLL_CTL_ADD, inner, EPOLLIN, 3)
  epoll_ctl(inner, EPOLL_CTL_ADD, r, EPOLLOUT, 4)
  epoll_wait(outer, 4, 0)
  epoll_ctl(inner, EPOLL_CTL_MOD, r, EPOLLIN, 5)
  epoll_wait(outer, 4, 0)
  epoll_wait(inner, 4, 0)
  `,
  `
    1: r, w = pipe() = 0 [3, 4]
    2: outer = epoll_create1(0) = 5
    3: inner = epoll_create1(0) = 6
    4: epoll_ctl(inner, EPOLL_CTL_ADD, r, EPOLLIN, 1) = 0
    5: epoll_ctl(outer, EPOLL_CTL_ADD, inner, EPOLLIN, 2) = 0
    6: write(w, "x") = 1
    7: epoll_wait(outer, 4, 0) = 1 [EPOLLIN:2]
    8: epoll_ctl(inner, EPOLL_CTL_DEL, r, NULL) = 0
    9: epoll_wait(outer, 4, 0) = 0 []
    10: epoll_ctl(outer, EPOLL_CTL_ADD, inner, EPOLLIN, 3) = -1 EEXIST
    11: epoll_ctl(inner, EPOLL_CTL_ADD, r, EPOLLOUT, 4) = 0
    12: epoll_wait(outer, 4, 0) = 0 []
    13: epoll_ctl(inner, EPOLL_CTL_MOD, r, EPOLLIN, 5) = 0
    14: epoll_wait(outer, 4, 0) = 1 [EPOLLIN:2]
    15: epoll_wait(inner, 4, 0) = 1 [EPOLLIN:5]
  `,
);
