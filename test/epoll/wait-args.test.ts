// Checklist group D: epoll_wait and epoll_pwait2 arguments, timeouts and interruption. Expected outputs are the
// real kernel's (Linux 6.18, so the >= 6.15 errno order); the pre-6.15 order is the variant knob's other setting.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Kernel } from '../../src/api/Kernel.ts';
import {
  sys_epoll_create1,
  sys_epoll_ctl,
  sys_epoll_pwait,
  sys_epoll_pwait2,
  sys_epoll_wait,
} from '../../src/epoll/syscalls.ts';
import type { EpollEvent } from '../../src/epoll/wait.ts';
import { ERRNO } from '../../src/kernel/errno.ts';
import { sys_pipe2 } from '../../src/fs/pipe.ts';
import { sys_write } from '../../src/kernel/read_write.ts';
import { EPOLLIN, EPOLL_CTL_ADD } from '../../src/kernel/uapi.ts';
import { bootKernel, call, sys } from '../_helpers/run.ts';
import { scriptCase } from '../_helpers/script-case.ts';

scriptCase(
  'D1: maxevents <= 0 or > INT_MAX/12 is EINVAL; INT_MAX/12 itself is accepted',
  `
  ep = epoll_create1(0)
  epoll_wait(ep, 0, 0)
  epoll_wait(ep, -1, 0)
  epoll_wait(ep, -2147483648, 0)
  epoll_wait(ep, 178956971, 0)
  epoll_wait(ep, 178956970, 0)
  epoll_pwait2(ep, 0, 0, 0)
  epoll_pwait2(ep, 178956971, NULL)
  epoll_pwait2(ep, 1, 0, 0)
  `,
  `
    1: ep = epoll_create1(0) = 3
    2: epoll_wait(ep, 0, 0) = -1 EINVAL
    3: epoll_wait(ep, -1, 0) = -1 EINVAL
    4: epoll_wait(ep, -2147483648, 0) = -1 EINVAL
    5: epoll_wait(ep, 178956971, 0) = -1 EINVAL
    6: epoll_wait(ep, 178956970, 0) = 0 []
    7: epoll_pwait2(ep, 0, 0, 0) = -1 EINVAL
    8: epoll_pwait2(ep, 178956971, NULL) = -1 EINVAL
    9: epoll_pwait2(ep, 1, 0, 0) = 0 []
  `,
);

scriptCase(
  'D2: a bad or closed epfd is EBADF; an fd that is not an epoll is EINVAL',
  `
  r, w = pipe()
  ep = epoll_create1(0)
  epoll_wait(999, 1, 0)
  epoll_wait(-1, 1, 0)
  epoll_wait(r, 1, 0)
  epoll_wait(0, 1, 0)
  epoll_pwait2(999, 1, 0, 0)
  epoll_pwait2(w, 1, 0, 0)
  close(ep)
  epoll_wait(ep, 1, 0)
  `,
  `
    1: r, w = pipe() = 0 [3, 4]
    2: ep = epoll_create1(0) = 5
    3: epoll_wait(999, 1, 0) = -1 EBADF
    4: epoll_wait(-1, 1, 0) = -1 EBADF
    5: epoll_wait(r, 1, 0) = -1 EINVAL
    6: epoll_wait(0, 1, 0) = -1 EINVAL
    7: epoll_pwait2(999, 1, 0, 0) = -1 EBADF
    8: epoll_pwait2(w, 1, 0, 0) = -1 EINVAL
    9: close(ep) = 0
    10: epoll_wait(ep, 1, 0) = -1 EBADF
  `,
);

scriptCase(
  'D3: since 6.15 EBADF comes before the maxevents and buffer checks; EINVAL (not an epoll) after them',
  `
  r, w = pipe()
  epoll_wait(999, 0, 0)
  epoll_wait(999, 1, 0, NULL)
  epoll_wait(r, 0, 0)
  epoll_wait(r, 1, 0, NULL)
  epoll_pwait2(999, -1, 0, 0)
  epoll_pwait2(999, -1, 0, -1)
  `,
  `
    1: r, w = pipe() = 0 [3, 4]
    2: epoll_wait(999, 0, 0) = -1 EBADF
    3: epoll_wait(999, 1, 0, NULL) = -1 EBADF
    4: epoll_wait(r, 0, 0) = -1 EINVAL
    5: epoll_wait(r, 1, 0, NULL) = -1 EINVAL
    6: epoll_pwait2(999, -1, 0, 0) = -1 EBADF
    7: epoll_pwait2(999, -1, 0, -1) = -1 EINVAL
  `,
);

test('D3: before 6.15 (epoll_wait_errno=einval_first) maxevents is checked before the fd', () => {
  // The pre-6.15 order cannot be run on this 6.18 machine; it is the reference's (epoll-semantics.md §4.3, L7).
  const k = new Kernel({ variant: 'v6.8' });
  assert.deepEqual(k.epollWait(999, 0, 0), { ret: -1, errno: 'EINVAL', events: null });
  assert.deepEqual(k.epollWait(999, 1, 0), { ret: -1, errno: 'EBADF', events: null });
  const n = new Kernel({ variant: 'v7.1' });
  assert.deepEqual(n.epollWait(999, 0, 0), { ret: -1, errno: 'EBADF', events: null });
});

scriptCase(
  'D4: a faulting buffer is EFAULT when nothing was copied; the item stays queued (ET not lost)',
  `
  r, w = pipe()
  ep = epoll_create1(0)
  epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN|EPOLLET, 1)
  write(w, "x")
  epoll_wait(ep, 1, 0, NULL)
  epoll_wait(ep, 1, 0, NULL)
  epoll_wait(ep, 1, 0)
  epoll_wait(ep, 1, 0)
  epoll_wait(ep, 1, 0, NULL)
  `,
  `
    1: r, w = pipe() = 0 [3, 4]
    2: ep = epoll_create1(0) = 5
    3: epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN|EPOLLET, 1) = 0
    4: write(w, "x") = 1
    5: epoll_wait(ep, 1, 0, NULL) = -1 EFAULT
    6: epoll_wait(ep, 1, 0, NULL) = -1 EFAULT
    7: epoll_wait(ep, 1, 0) = 1 [EPOLLIN:1]
    8: epoll_wait(ep, 1, 0) = 0 []
    9: epoll_wait(ep, 1, 0, NULL) = 0 []
  `,
);

scriptCase(
  'D5: a faulting buffer is harmless while nothing is ready (items registered but idle, or none)',
  `
  ep = epoll_create1(0)
  epoll_wait(ep, 1, 0, NULL)
  r, w = pipe()
  epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 1)
  epoll_wait(ep, 8, 0, NULL)
  epoll_wait(ep, 8, 20, NULL)
  `,
  `
    1: ep = epoll_create1(0) = 3
    2: epoll_wait(ep, 1, 0, NULL) = 0 []
    3: r, w = pipe() = 0 [4, 5]
    4: epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 1) = 0
    5: epoll_wait(ep, 8, 0, NULL) = 0 []
    6: epoll_wait(ep, 8, 20, NULL) = 0 []
  `,
);

scriptCase(
  'D6: timeout 0 never blocks; a positive timeout ends with 0; a timer expiring within it ends the wait',
  `
  ep = epoll_create1(0)
  epoll_wait(ep, 1, 0)
  epoll_wait(ep, 1, 30)
  t = timerfd_create(CLOCK_MONOTONIC, 0)
  epoll_ctl(ep, EPOLL_CTL_ADD, t, EPOLLIN, 9)
  timerfd_settime(t, 0, 0, 20000000, 0, 0)
  epoll_wait(ep, 1, 0)
  epoll_wait(ep, 1, 2000)
  eventfd_read(t)
  epoll_wait(ep, 1, 10)
  `,
  `
    1: ep = epoll_create1(0) = 3
    2: epoll_wait(ep, 1, 0) = 0 []
    3: epoll_wait(ep, 1, 30) = 0 []
    4: t = timerfd_create(CLOCK_MONOTONIC, 0) = 4
    5: epoll_ctl(ep, EPOLL_CTL_ADD, t, EPOLLIN, 9) = 0
    6: timerfd_settime(t, 0, 0, 20000000, 0, 0) = 0
    7: epoll_wait(ep, 1, 0) = 0 []
    8: epoll_wait(ep, 1, 2000) = 1 [EPOLLIN:9]
    9: eventfd_read(t) = 8 1
    10: epoll_wait(ep, 1, 10) = 0 []
  `,
);

scriptCase(
  'D6: any negative timeout waits forever (a single-threaded script BLOCKS)',
  `
  ep = epoll_create1(0)
  epoll_wait(ep, 1, -2147483648)
  `,
  `
    1: ep = epoll_create1(0) = 3
    2: epoll_wait(ep, 1, -2147483648) = BLOCKS
  `,
);

test('D6: a positive timeout waits at least that long on the virtual clock (ms rounded up, not down)', () => {
  const b = bootKernel();
  const ep = sys(b, sys_epoll_create1(0));
  assert.equal(sys(b, sys_epoll_wait(ep, [], 1, 250)), 0);
  assert.ok(b.machine.clock >= 250_000_000);
  const before = b.machine.clock;
  assert.equal(sys(b, sys_epoll_wait(ep, [], 1, 1)), 0);
  assert.ok(b.machine.clock - before >= 1_000_000);
});

scriptCase(
  'D7: pwait2 checks the timespec before the fd: negative or >= 1e9 ns is EINVAL; {0,0} never blocks',
  `
  ep = epoll_create1(0)
  epoll_pwait2(999, 1, 0, -1)
  epoll_pwait2(999, 1, -1, 0)
  epoll_pwait2(999, 1, 0, 1000000000)
  epoll_pwait2(999, 0, 0, 1000000000)
  epoll_pwait2(ep, 1, 0, -1)
  epoll_pwait2(999, 1, 0, 999999999)
  epoll_pwait2(ep, 1, 0, 0)
  epoll_pwait2(ep, 1, 0, 20000000)
  r, w = pipe()
  epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 1)
  write(w, "x")
  epoll_pwait2(ep, 1, NULL)
  epoll_pwait2(ep, 1, NULL)
  read(r, 1)
  epoll_pwait2(ep, 1, NULL)
  `,
  `
    1: ep = epoll_create1(0) = 3
    2: epoll_pwait2(999, 1, 0, -1) = -1 EINVAL
    3: epoll_pwait2(999, 1, -1, 0) = -1 EINVAL
    4: epoll_pwait2(999, 1, 0, 1000000000) = -1 EINVAL
    5: epoll_pwait2(999, 0, 0, 1000000000) = -1 EINVAL
    6: epoll_pwait2(ep, 1, 0, -1) = -1 EINVAL
    7: epoll_pwait2(999, 1, 0, 999999999) = -1 EBADF
    8: epoll_pwait2(ep, 1, 0, 0) = 0 []
    9: epoll_pwait2(ep, 1, 0, 20000000) = 0 []
    10: r, w = pipe() = 0 [4, 5]
    11: epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 1) = 0
    12: write(w, "x") = 1
    13: epoll_pwait2(ep, 1, NULL) = 1 [EPOLLIN:1]
    14: epoll_pwait2(ep, 1, NULL) = 1 [EPOLLIN:1]
    15: read(r, 1) = 1 "x"
    16: epoll_pwait2(ep, 1, NULL) = BLOCKS
  `,
);

scriptCase(
  'D8: tiny timeouts (1 ns, 1 ms) expire and return 0, never becoming infinite',
  `
  ep = epoll_create1(0)
  r, w = pipe()
  epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 1)
  epoll_pwait2(ep, 1, 0, 1)
  epoll_pwait2(ep, 1, 0, 1000)
  epoll_pwait2(ep, 1, 0, 1000000)
  epoll_wait(ep, 1, 1)
  `,
  `
    1: ep = epoll_create1(0) = 3
    2: r, w = pipe() = 0 [4, 5]
    3: epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 1) = 0
    4: epoll_pwait2(ep, 1, 0, 1) = 0 []
    5: epoll_pwait2(ep, 1, 0, 1000) = 0 []
    6: epoll_pwait2(ep, 1, 0, 1000000) = 0 []
    7: epoll_wait(ep, 1, 1) = 0 []
  `,
);

test('D10: a pending caught signal makes an idle wait EINTR at once; ready events are still returned first', () => {
  // Linux 6.18 (native/checks/d10_eintr.c): SIGUSR1 pending (handler with SA_RESTART) and unblocked by the
  // epoll_pwait mask: idle wait -> -1 EINTR even with timeout -1; with a ready pipe -> 1 event.
  const b = bootKernel();
  const ep = sys(b, sys_epoll_create1(0));
  b.init.signalPending = true;
  assert.equal(sys(b, sys_epoll_wait(ep, [], 1, -1)), -ERRNO.EINTR);
  assert.equal(sys(b, sys_epoll_wait(ep, [], 1, 0)), 0);
  const p = sys(b, sys_pipe2(0));
  assert.ok(Array.isArray(p));
  const [r, w] = p as readonly [number, number];
  assert.equal(sys(b, sys_epoll_ctl(ep, EPOLL_CTL_ADD, r, { events: EPOLLIN, data: 5n })), 0);
  assert.equal(sys(b, sys_write(w, new Uint8Array([1]))), 1);
  const buf: EpollEvent[] = [];
  assert.equal(sys(b, sys_epoll_wait(ep, buf, 1, -1)), 1);
  assert.deepEqual(buf, [{ events: EPOLLIN, data: 5n }]);
  b.init.signalPending = false;
  assert.equal(call(b, sys_epoll_wait(ep, [], 1, 0)).kind, 'done');
});

scriptCase(
  'D11: a wait on an empty interest list sleeps until the timeout',
  `
  ep = epoll_create1(0)
  epoll_wait(ep, 4, 50)
  epoll_pwait2(ep, 4, 0, 50000000)
  `,
  `
    1: ep = epoll_create1(0) = 3
    2: epoll_wait(ep, 4, 50) = 0 []
    3: epoll_pwait2(ep, 4, 0, 50000000) = 0 []
  `,
);

test('D7: an unreadable timespec pointer is EFAULT, before the fd and maxevents checks', () => {
  // Linux 6.18 (native/checks/d7_fault.c): epoll_pwait2 with timeout pointer (void *)1 is EFAULT with a bad
  // epfd, with maxevents 0, and with a good epoll.
  const b = bootKernel();
  const ep = sys(b, sys_epoll_create1(0));
  assert.equal(sys(b, sys_epoll_pwait2(999, [], 1, 'fault')), -ERRNO.EFAULT);
  assert.equal(sys(b, sys_epoll_pwait2(ep, [], 0, 'fault')), -ERRNO.EFAULT);
  assert.equal(sys(b, sys_epoll_pwait2(ep, [], 1, 'fault')), -ERRNO.EFAULT);
});

test('D9: epoll_pwait/epoll_pwait2 check the sigmask argument first: size != 8 is EINVAL, an unreadable mask EFAULT', () => {
  // Linux 6.18 (native/checks/d9_sigmask.c). Only the argument checks are modelled: which signals a mask blocks
  // during the wait is not (the model's signals are a single pending flag).
  const b = bootKernel();
  const ep = sys(b, sys_epoll_create1(0));
  const mask = { mask: 0n };
  assert.equal(sys(b, sys_epoll_pwait(999, [], 1, 0, mask, 4)), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_epoll_pwait(999, [], 1, 0, 'fault', 8)), -ERRNO.EFAULT);
  assert.equal(sys(b, sys_epoll_pwait(999, [], 1, 0, 'fault', 4)), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_epoll_pwait(999, [], 1, 0, null, 4)), -ERRNO.EBADF);
  assert.equal(sys(b, sys_epoll_pwait(ep, [], 0, 0, mask, 4)), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_epoll_pwait(ep, [], 1, 0, mask, 8)), 0);
  assert.equal(sys(b, sys_epoll_pwait2(ep, [], 1, { sec: 0, nsec: -1 }, mask, 4)), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_epoll_pwait2(999, [], 1, { sec: 0, nsec: 0 }, mask, 4)), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_epoll_pwait2(ep, [], 1, 'fault', mask, 4)), -ERRNO.EFAULT);
  assert.equal(sys(b, sys_epoll_pwait2(ep, [], 1, { sec: 0, nsec: 0 }, 'fault', 8)), -ERRNO.EFAULT);
});
