// Models fs/timerfd.c: timerfd_create(2), one-shot timerfd_settime(2), read, poll and release.
//
// Every clock runs on the virtual clock (machine.clock, in ns; no clock is ever set, so TFD_TIMER_CANCEL_ON_SET never
// fires). One-shot timers only: a periodic one (a non-zero it_interval) is refused before it reaches the model (the
// script layer's EPM109). TFD_TIMER_ABSTIME takes it_value on the virtual clock.
import { current } from '../kernel/current.ts';
import { ERRNO } from '../kernel/errno.ts';
import { fdget, fdput } from '../kernel/fdtable.ts';
import { kfn } from '../kernel/kfn.ts';
import { spin_lock, spin_unlock } from '../kernel/lock.ts';
import type { HrTimer, Machine } from '../kernel/machine.ts';
import { KObject } from '../kernel/object.ts';
import { poll_wait } from '../kernel/poll.ts';
import { noop_llseek } from '../kernel/read_write.ts';
import { kfree } from '../kernel/slab.ts';
import { rd, rmw, wr, type Gen } from '../kernel/step.ts';
import {
  CLOCK_BOOTTIME,
  CLOCK_BOOTTIME_ALARM,
  CLOCK_MONOTONIC,
  CLOCK_REALTIME,
  CLOCK_REALTIME_ALARM,
  EPOLLIN,
  O_NONBLOCK,
  O_RDWR,
  TFD_CLOEXEC,
  TFD_NONBLOCK,
  TFD_TIMER_ABSTIME,
  TFD_TIMER_CANCEL_ON_SET,
} from '../kernel/uapi.ts';
import type { File, FileOperations, Inode, PollTable, ReadResult } from '../kernel/vfs.ts';
import { __wake_up_common, wait_event, wake_up_all, WaitQueueHead } from '../kernel/wait.ts';
import { u64le } from './eventfd.ts';
import { anon_inode_getfd } from './pseudo.ts';

/**
 * One arming of the timerfd's hrtimer. It is not a kernel allocation of its own (it is embedded in the context in
 * Linux); it outlives the context only so that hrtimer_cancel can tell "queued", "callback running" and "done" apart.
 */
class TimerfdHrtimer implements HrTimer {
  /** The callback finished (or the timer was cancelled before it ran). */
  done = false;
  readonly running_wait: WaitQueueHead;
  readonly name = 'timerfd';
  readonly fn: () => Gen;
  constructor(
    m: Machine,
    public expires: number,
    ctx: TimerfdCtx,
  ) {
    this.running_wait = new WaitQueueHead(m.globals, 'hrtimer_cancel_wait');
    this.fn = () => timerfd_tmrproc(ctx, this);
  }
}

/** struct timerfd_ctx: expiry count, wait queue (its lock guards ticks), the armed timer. */
export class TimerfdCtx extends KObject {
  readonly wqh = new WaitQueueHead(this, 'wqh');
  ticks = 0n;
  expired = false;
  tmr: TimerfdHrtimer | null = null;
  override get label(): string {
    return `timerfd#${this.id}`;
  }
}

function ctx_of(file: File): TimerfdCtx {
  if (!(file.private_data instanceof TimerfdCtx)) throw new Error('epoll-lab bug: not a timerfd file');
  return file.private_data;
}

/** timerfd_tmrproc: the hrtimer callback, run in an irq thread: count the expiry and wake with EPOLLIN. */
const timerfd_tmrproc = kfn('timerfd_tmrproc', function* (ctx: TimerfdCtx, timer: TimerfdHrtimer): Gen {
  yield* spin_lock(ctx.wqh.lock);
  yield wr(ctx, 'ticks');
  ctx.expired = true;
  ctx.ticks++;
  yield* __wake_up_common(ctx.wqh, 1, EPOLLIN);
  yield* spin_unlock(ctx.wqh.lock);
  timer.done = true;
  yield* wake_up_all(timer.running_wait);
});

/**
 * hrtimer_try_to_cancel: 1 if a queued timer was removed, 0 if there was nothing to cancel, -1 if its callback is
 * running (already taken off the queue by the clock but not finished).
 */
function* hrtimer_try_to_cancel(timer: TimerfdHrtimer | null): Gen<number> {
  if (timer === null || timer.done) return 0;
  const m = current().machine;
  yield rmw(m.globals, 'hrtimers');
  const i = m.hrtimers.indexOf(timer);
  if (i < 0) return -1;
  m.hrtimers.splice(i, 1);
  timer.done = true;
  return 1;
}

/** hrtimer_cancel_wait_running: sleep until the running callback is done. */
function* hrtimer_cancel_wait_running(timer: TimerfdHrtimer): Gen {
  yield* wait_event(
    timer.running_wait,
    function* () {
      yield rd(timer.running_wait, 'done');
      return timer.done;
    },
    { interruptible: false },
  );
}

/** hrtimer_cancel: cancel, waiting for a running callback to finish. */
function* hrtimer_cancel(timer: TimerfdHrtimer | null): Gen {
  while ((yield* hrtimer_try_to_cancel(timer)) < 0 && timer !== null) yield* hrtimer_cancel_wait_running(timer);
}

/** timerfd_read: EINVAL under 8 bytes; 0 ticks is EAGAIN (O_NONBLOCK) or a sleep; returns the u64 ticks, resets them. */
export const timerfd_read = kfn('timerfd_read', function* (file: File, count: number): Gen<ReadResult> {
  const ctx = ctx_of(file);
  if (count < 8) return -ERRNO.EINVAL;
  yield* spin_lock(ctx.wqh.lock);
  yield rd(ctx, 'ticks');
  if (ctx.ticks === 0n && (file.f_flags & O_NONBLOCK) !== 0) {
    yield* spin_unlock(ctx.wqh.lock);
    return -ERRNO.EAGAIN;
  }
  while (ctx.ticks === 0n) {
    yield* spin_unlock(ctx.wqh.lock);
    const r = yield* wait_event(ctx.wqh, function* () {
      yield rd(ctx, 'ticks');
      return ctx.ticks > 0n;
    });
    yield* spin_lock(ctx.wqh.lock);
    yield rd(ctx, 'ticks');
    if (r === 'signal' && ctx.ticks === 0n) {
      yield* spin_unlock(ctx.wqh.lock);
      return -ERRNO.EINTR;
    }
  }
  const ticks = ctx.ticks;
  yield wr(ctx, 'ticks');
  ctx.expired = false;
  ctx.ticks = 0n;
  yield* spin_unlock(ctx.wqh.lock);
  return u64le(ticks);
});

/** timerfd_poll: IN iff the timer expired since the last read. */
export const timerfd_poll = kfn('timerfd_poll', function* (file: File, pt: PollTable | null): Gen<number> {
  const ctx = ctx_of(file);
  yield* poll_wait(file, ctx.wqh, pt);
  yield* spin_lock(ctx.wqh.lock);
  yield rd(ctx, 'ticks');
  const events = ctx.ticks > 0n ? EPOLLIN : 0;
  yield* spin_unlock(ctx.wqh.lock);
  return events;
});

/** timerfd_release: cancel the timer (waiting for a running callback), then free the context. */
export const timerfd_release = kfn('timerfd_release', function* (_inode: Inode, file: File): Gen {
  const ctx = ctx_of(file);
  yield rd(ctx, 'tmr');
  yield* hrtimer_cancel(ctx.tmr);
  yield* kfree(ctx);
});

export const timerfd_fops: FileOperations = {
  name: 'timerfd',
  read: timerfd_read,
  poll: timerfd_poll,
  release: timerfd_release,
  llseek: noop_llseek,
};

/** The clocks timerfd_create accepts (an alarm clock needs CAP_WAKE_ALARM: scripts run as root). */
const TIMERFD_CLOCKS: ReadonlySet<number> = new Set([
  CLOCK_REALTIME,
  CLOCK_MONOTONIC,
  CLOCK_BOOTTIME,
  CLOCK_REALTIME_ALARM,
  CLOCK_BOOTTIME_ALARM,
]);

/** timerfd_create(clockid, flags): EINVAL for another clock or flags beyond TFD_NONBLOCK|TFD_CLOEXEC. */
export const sys_timerfd_create = kfn('timerfd_create', function* (clockid: number, flags: number): Gen<number> {
  if ((flags & ~(TFD_CLOEXEC | TFD_NONBLOCK)) !== 0 || !TIMERFD_CLOCKS.has(clockid)) return -ERRNO.EINVAL;
  const ctx = current().machine.alloc('timerfd_ctx', new TimerfdCtx());
  const fd = yield* anon_inode_getfd('[timerfd]', timerfd_fops, ctx, O_RDWR | (flags & (TFD_NONBLOCK | TFD_CLOEXEC)));
  if (fd < 0) yield* kfree(ctx);
  return fd;
});

/** A struct timespec: seconds and nanoseconds. */
export interface Timespec {
  readonly sec: number;
  readonly nsec: number;
}

/** timespec64_valid: no negative seconds, nanoseconds below one second. */
function timespecValid(t: Timespec): boolean {
  return Number.isFinite(t.sec) && t.sec >= 0 && t.nsec >= 0 && t.nsec < 1e9;
}

/**
 * timerfd_settime(fd, flags, {it_value, it_interval}): EINVAL for unknown flags or an invalid timespec, EBADF for a
 * bad fd, EINVAL for a non-timerfd. Cancels the old timer, clears the expiry count, and arms a one-shot timer at
 * it_value from now (TFD_TIMER_ABSTIME: at it_value; a zero it_value only disarms). The expiry runs timerfd_tmrproc in
 * an irq thread when the virtual clock gets there. `interval` must be zero (periodic timers are not modelled).
 */
export const sys_timerfd_settime = kfn(
  'timerfd_settime',
  function* (fd: number, flags: number, value: Timespec, interval: Timespec): Gen<number> {
    if ((flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) !== 0) return -ERRNO.EINVAL;
    if (!timespecValid(value) || !timespecValid(interval)) return -ERRNO.EINVAL;
    if (interval.sec !== 0 || interval.nsec !== 0)
      throw new Error('epoll-lab bug: a periodic timerfd reached the model');
    const ns = value.sec * 1e9 + value.nsec;
    const f = yield* fdget(fd);
    if (f === null) return -ERRNO.EBADF;
    if (f.file.f_op !== timerfd_fops) {
      yield* fdput(f);
      return -ERRNO.EINVAL;
    }
    const ctx = ctx_of(f.file);
    const m = current().machine;
    for (;;) {
      yield* spin_lock(ctx.wqh.lock);
      yield rd(ctx, 'tmr');
      const old = ctx.tmr;
      if ((yield* hrtimer_try_to_cancel(old)) >= 0) break;
      yield* spin_unlock(ctx.wqh.lock);
      if (old !== null) yield* hrtimer_cancel_wait_running(old);
    }
    yield wr(ctx, 'ticks');
    ctx.expired = false;
    ctx.ticks = 0n;
    ctx.tmr = null;
    if (ns > 0) {
      const at = (flags & TFD_TIMER_ABSTIME) !== 0 ? ns : m.clock + ns;
      const timer = new TimerfdHrtimer(m, at, ctx);
      ctx.tmr = timer;
      yield rmw(m.globals, 'hrtimers');
      m.hrtimers.push(timer);
    }
    yield* spin_unlock(ctx.wqh.lock);
    yield* fdput(f);
    return 0;
  },
);
