import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readU64le } from '../../src/fs/eventfd.ts';
import { sys_pipe2 } from '../../src/fs/pipe.ts';
import { sys_timerfd_create, sys_timerfd_settime, TimerfdCtx } from '../../src/fs/timerfd.ts';
import { CLOCK_BOOTTIME, CLOCK_MONOTONIC, CLOCK_REALTIME } from '../../src/kernel/uapi.ts';

/** A relative it_value of `ms` milliseconds; no interval. */
const after = (ms: number): { sec: number; nsec: number } => ({ sec: Math.floor(ms / 1000), nsec: (ms % 1000) * 1e6 });
const NONE = { sec: 0, nsec: 0 };
import { ERRNO } from '../../src/kernel/errno.ts';
import { sys_close } from '../../src/kernel/fdtable.ts';
import { sys_lseek, sys_read, sys_write } from '../../src/kernel/read_write.ts';
import { EPOLLIN, O_APPEND, SEEK_CUR, TFD_CLOEXEC, TFD_NONBLOCK } from '../../src/kernel/uapi.ts';
import type { Booted } from '../../src/init/boot.ts';
import { advanceClock } from '../../src/sched/runtime.ts';
import { drain } from '../../src/sched/sequential.ts';
import { bootKernel, sys } from '../_helpers/run.ts';
import { fileOf, pollFd, watchFd } from './_helpers.ts';

function tfd(b: Booted, flags = TFD_NONBLOCK): number {
  const fd = sys(b, sys_timerfd_create(CLOCK_MONOTONIC, flags));
  assert.ok(fd >= 0);
  return fd;
}

/** Let the virtual clock move to the next deadline and run what it starts (the irq thread). */
function tick(b: Booted): boolean {
  const moved = advanceClock(b.machine);
  assert.equal(drain(b.machine), null);
  return moved;
}

const ticks = (b: Booted, fd: number): bigint | number => {
  const r = sys(b, sys_read(fd, 8));
  return typeof r === 'number' ? r : readU64le(r);
};

test('timerfd_create: fresh timer reports nothing; flags beyond TFD_NONBLOCK|TFD_CLOEXEC are EINVAL', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_timerfd_create(CLOCK_MONOTONIC, O_APPEND)), -ERRNO.EINVAL);
  const fd = tfd(b, TFD_NONBLOCK | TFD_CLOEXEC);
  assert.equal(pollFd(b, fd), 0);
  assert.equal(sys(b, fileOf(fd)).f_path.mnt.mnt_sb.s_type, 'anon_inodefs');
});

test('timerfd read: under 8 bytes EINVAL, no expiry EAGAIN; write EINVAL; lseek 0', () => {
  const b = bootKernel();
  const fd = tfd(b);
  assert.equal(sys(b, sys_read(fd, 7)), -ERRNO.EINVAL);
  assert.equal(ticks(b, fd), -ERRNO.EAGAIN);
  assert.equal(sys(b, sys_write(fd, new Uint8Array(8))), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_lseek(fd, 0, SEEK_CUR)), 0);
});

test('timerfd_settime: negative time EINVAL, bad fd EBADF, non-timerfd EINVAL', () => {
  const b = bootKernel();
  const fd = tfd(b);
  const p = sys(b, sys_pipe2(0));
  assert.ok(typeof p !== 'number');
  assert.equal(sys(b, sys_timerfd_settime(fd, 0, after(-1), NONE)), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_timerfd_settime(99, 0, after(1), NONE)), -ERRNO.EBADF);
  assert.equal(sys(b, sys_timerfd_settime(p[0], 0, after(1), NONE)), -ERRNO.EINVAL);
});

test('expiry on the virtual clock: IN (woken with EPOLLIN), read returns ticks as a u64 and clears them', () => {
  const b = bootKernel();
  const fd = tfd(b);
  const w = watchFd(b, fd);
  assert.equal(sys(b, sys_timerfd_settime(fd, 0, after(1), NONE)), 0);
  assert.equal(pollFd(b, fd), 0);
  assert.equal(tick(b), true);
  assert.equal(b.machine.clock, 1_000_000);
  assert.deepEqual(w.keys, [EPOLLIN]);
  assert.equal(pollFd(b, fd), EPOLLIN);
  assert.equal(ticks(b, fd), 1n);
  assert.equal(pollFd(b, fd), 0);
  assert.equal(tick(b), false, 'one-shot: nothing left armed');
});

test('settime 0 disarms; re-arming clears pending ticks', () => {
  const b = bootKernel();
  const fd = tfd(b);
  sys(b, sys_timerfd_settime(fd, 0, after(5), NONE));
  sys(b, sys_timerfd_settime(fd, 0, after(0), NONE));
  assert.equal(b.machine.hrtimers.length, 0);
  assert.equal(tick(b), false);
  sys(b, sys_timerfd_settime(fd, 0, after(2), NONE));
  tick(b);
  assert.equal(pollFd(b, fd), EPOLLIN);
  sys(b, sys_timerfd_settime(fd, 0, after(10), NONE));
  assert.equal(pollFd(b, fd), 0);
  assert.equal(b.machine.hrtimers.length, 1);
});

test('a blocking read sleeps until the timer fires (the clock moves when nothing else can run)', () => {
  const b = bootKernel();
  const fd = tfd(b, 0);
  sys(b, sys_timerfd_settime(fd, 0, after(3), NONE));
  assert.equal(ticks(b, fd), 1n);
  assert.equal(b.machine.clock, 3_000_000);
});

test('closing an armed timerfd cancels its timer and frees the context', () => {
  const b = bootKernel();
  const fd = tfd(b);
  const ctx = sys(b, fileOf(fd)).private_data;
  assert.ok(ctx instanceof TimerfdCtx);
  sys(b, sys_timerfd_settime(fd, 0, after(1), NONE));
  sys(b, sys_close(fd));
  assert.equal(b.machine.hrtimers.length, 0);
  assert.equal(ctx.freed, true);
  assert.equal(tick(b), false);
});

test('closing while the expiry callback is pending waits for it (hrtimer_cancel), no use-after-free', () => {
  const b = bootKernel();
  const fd = tfd(b);
  const ctx = sys(b, fileOf(fd)).private_data;
  assert.ok(ctx instanceof TimerfdCtx);
  sys(b, sys_timerfd_settime(fd, 0, after(1), NONE));
  assert.equal(advanceClock(b.machine), true, 'the irq thread is started but has not run');
  sys(b, sys_close(fd));
  assert.equal(ctx.ticks, 1n, 'the callback ran before the context was freed');
  assert.equal(ctx.freed, true);
  assert.deepEqual(b.machine.violations, []);
});

test('timerfd_create takes a clock id: REALTIME, MONOTONIC, BOOTTIME; another clock is EINVAL', () => {
  const b = bootKernel();
  for (const c of [CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME]) assert.ok(sys(b, sys_timerfd_create(c, 0)) >= 0);
  assert.equal(sys(b, sys_timerfd_create(2, 0)), -ERRNO.EINVAL, 'CLOCK_PROCESS_CPUTIME_ID');
  assert.equal(sys(b, sys_timerfd_create(-1, 0)), -ERRNO.EINVAL);
});

test('timerfd_settime: unknown flags and invalid timespecs (negative, nsec >= 1e9) are EINVAL before the fd is looked up', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_timerfd_settime(99, 4, after(1), NONE)), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_timerfd_settime(99, 0, { sec: 0, nsec: 1e9 }, NONE)), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_timerfd_settime(99, 0, after(1), { sec: -1, nsec: 0 })), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_timerfd_settime(99, 2, after(1), NONE)), -ERRNO.EBADF, 'CANCEL_ON_SET is a known flag');
});
