// Models fs/eventfd.c: struct eventfd_ctx, eventfd2(2), eventfd_read/write/poll/release and eventfd_signal.
import { current } from '../kernel/current.ts';
import { ERRNO } from '../kernel/errno.ts';
import { kfn } from '../kernel/kfn.ts';
import { spin_lock, spin_unlock } from '../kernel/lock.ts';
import { KObject } from '../kernel/object.ts';
import { poll_wait } from '../kernel/poll.ts';
import { kfree } from '../kernel/slab.ts';
import { rd, rmw, wr, type Gen } from '../kernel/step.ts';
import {
  EFD_CLOEXEC,
  EFD_NONBLOCK,
  EFD_SEMAPHORE,
  EPOLLERR,
  EPOLLHUP,
  EPOLLIN,
  EPOLLOUT,
  O_NONBLOCK,
  O_RDWR,
} from '../kernel/uapi.ts';
import type { File, FileOperations, Inode, PollTable, ReadResult } from '../kernel/vfs.ts';
import { __wake_up_common, wait_event, waitqueue_active, wake_up_poll, WaitQueueHead } from '../kernel/wait.ts';
import { noop_llseek } from '../kernel/read_write.ts';
import { anon_inode_getfd } from './pseudo.ts';

export const ULLONG_MAX = 0xffff_ffff_ffff_ffffn;
const EFD_FLAGS_SET = EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC;

/** struct eventfd_ctx: a u64 counter guarded by wqh.lock, its wait queue, and a kref (the file holds one). */
export class EventfdCtx extends KObject {
  readonly wqh = new WaitQueueHead(this, 'wqh');
  kref = 1;
  constructor(
    public count: bigint,
    readonly flags: number,
  ) {
    super();
  }
  override get label(): string {
    return `eventfd#${this.id}`;
  }
}

function ctx_of(file: File): EventfdCtx {
  if (!(file.private_data instanceof EventfdCtx)) throw new Error('epoll-lab bug: not an eventfd file');
  return file.private_data;
}

/** u64 little-endian, as read(2) of an eventfd or timerfd returns it. */
export function u64le(v: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, v, true);
  return out;
}

export function readU64le(data: Uint8Array): bigint {
  return new DataView(data.buffer, data.byteOffset, 8).getBigUint64(0, true);
}

/** wake_up_locked_poll: the caller holds wqh.lock; one exclusive waiter at most. */
function* wake_up_locked_poll(wq: WaitQueueHead, key: number): Gen {
  yield* __wake_up_common(wq, 1, key);
}

/**
 * Sleep (non-exclusively, interruptibly) until `cond` holds, with wqh.lock held on entry and on return, as
 * wait_event_interruptible_locked_irq does. False if a signal ended the wait.
 */
function* wait_locked(ctx: EventfdCtx, cond: () => boolean): Gen<boolean> {
  while (!cond()) {
    yield* spin_unlock(ctx.wqh.lock);
    const r = yield* wait_event(ctx.wqh, function* () {
      yield rd(ctx, 'count');
      return cond();
    });
    yield* spin_lock(ctx.wqh.lock);
    yield rd(ctx, 'count');
    if (r === 'signal') return false;
  }
  return true;
}

/**
 * eventfd_read: EINVAL for a buffer under 8 bytes; on a zero counter EAGAIN with O_NONBLOCK, else sleep. Returns the
 * counter (1 in semaphore mode) as 8 little-endian bytes, subtracts it, and wakes waiters with EPOLLOUT.
 */
export const eventfd_read = kfn('eventfd_read', function* (file: File, count: number): Gen<ReadResult> {
  const ctx = ctx_of(file);
  if (count < 8) return -ERRNO.EINVAL;
  yield* spin_lock(ctx.wqh.lock);
  yield rd(ctx, 'count');
  if (ctx.count === 0n) {
    if ((file.f_flags & O_NONBLOCK) !== 0) {
      yield* spin_unlock(ctx.wqh.lock);
      return -ERRNO.EAGAIN;
    }
    if (!(yield* wait_locked(ctx, () => ctx.count > 0n))) {
      yield* spin_unlock(ctx.wqh.lock);
      return -ERRNO.EINTR;
    }
  }
  const ucnt = (ctx.flags & EFD_SEMAPHORE) !== 0 ? 1n : ctx.count;
  yield wr(ctx, 'count');
  ctx.count -= ucnt;
  if (yield* waitqueue_active(ctx.wqh)) yield* wake_up_locked_poll(ctx.wqh, EPOLLOUT);
  yield* spin_unlock(ctx.wqh.lock);
  return u64le(ucnt);
});

/**
 * eventfd_write: EINVAL for a count other than 8 (under 8 before 6.9: knob eventfd_write_count) or the value 2^64-1. Adds the value if ULLONG_MAX - count > value (so at
 * most 2^64-2 from user space), else EAGAIN with O_NONBLOCK or sleep until it fits. Wakes with EPOLLIN, also for 0.
 */
export const eventfd_write = kfn('eventfd_write', function* (file: File, data: Uint8Array): Gen<number> {
  const ctx = ctx_of(file);
  const exact = current().machine.variant.eventfd_write_count === 'exactly_8';
  if (data.length < 8 || (exact && data.length !== 8)) return -ERRNO.EINVAL;
  const ucnt = readU64le(data);
  if (ucnt === ULLONG_MAX) return -ERRNO.EINVAL;
  yield* spin_lock(ctx.wqh.lock);
  yield rd(ctx, 'count');
  const fits = (): boolean => ULLONG_MAX - ctx.count > ucnt;
  if (!fits()) {
    if ((file.f_flags & O_NONBLOCK) !== 0) {
      yield* spin_unlock(ctx.wqh.lock);
      return -ERRNO.EAGAIN;
    }
    if (!(yield* wait_locked(ctx, fits))) {
      yield* spin_unlock(ctx.wqh.lock);
      return -ERRNO.EINTR;
    }
  }
  yield wr(ctx, 'count');
  ctx.count += ucnt;
  if (yield* waitqueue_active(ctx.wqh)) yield* wake_up_locked_poll(ctx.wqh, EPOLLIN);
  yield* spin_unlock(ctx.wqh.lock);
  return 8;
});

/** eventfd_poll: IN if count > 0, ERR if count == 2^64-1 (only eventfd_signal gets there), OUT if count < 2^64-2. */
export const eventfd_poll = kfn('eventfd_poll', function* (file: File, pt: PollTable | null): Gen<number> {
  const ctx = ctx_of(file);
  yield* poll_wait(file, ctx.wqh, pt);
  yield rd(ctx, 'count');
  const count = ctx.count;
  let events = 0;
  if (count > 0n) events |= EPOLLIN;
  if (count === ULLONG_MAX) events |= EPOLLERR;
  if (ULLONG_MAX - 1n > count) events |= EPOLLOUT;
  return events;
});

/** eventfd_ctx_put: the last kref frees the context. */
export function* eventfd_ctx_put(ctx: EventfdCtx): Gen {
  yield rmw(ctx, 'kref');
  if (--ctx.kref === 0) yield* kfree(ctx);
}

/** eventfd_release: wake waiters with EPOLLHUP, then drop the file's context reference. */
export const eventfd_release = kfn('eventfd_release', function* (_inode: Inode, file: File): Gen {
  const ctx = ctx_of(file);
  yield* wake_up_poll(ctx.wqh, EPOLLHUP);
  yield* eventfd_ctx_put(ctx);
});

/** eventfd_signal: the kernel-side increment, saturating at 2^64-1; wakes with EPOLLIN. Returns the amount added. */
export const eventfd_signal = kfn('eventfd_signal', function* (ctx: EventfdCtx, n: bigint): Gen<bigint> {
  yield* spin_lock(ctx.wqh.lock);
  yield rmw(ctx, 'count');
  const add = ULLONG_MAX - ctx.count < n ? ULLONG_MAX - ctx.count : n;
  ctx.count += add;
  if (yield* waitqueue_active(ctx.wqh)) yield* wake_up_locked_poll(ctx.wqh, EPOLLIN);
  yield* spin_unlock(ctx.wqh.lock);
  return add;
});

export const eventfd_fops: FileOperations = {
  name: 'eventfd',
  read: eventfd_read,
  write: eventfd_write,
  poll: eventfd_poll,
  release: eventfd_release,
  llseek: noop_llseek,
};

/**
 * eventfd2(initval, flags): EINVAL for flags beyond EFD_SEMAPHORE|EFD_NONBLOCK|EFD_CLOEXEC. The C argument is an
 * unsigned int, so `initval` is truncated to 32 bits. An "[eventfd]" anon_inodefs file opened O_RDWR.
 */
export const sys_eventfd2 = kfn('eventfd2', function* (initval: bigint, flags: number): Gen<number> {
  if ((flags & ~EFD_FLAGS_SET) !== 0) return -ERRNO.EINVAL;
  const ctx = current().machine.alloc('eventfd_ctx', new EventfdCtx(BigInt.asUintN(32, initval), flags));
  const fd = yield* anon_inode_getfd('[eventfd]', eventfd_fops, ctx, O_RDWR | (flags & (EFD_NONBLOCK | EFD_CLOEXEC)));
  if (fd < 0) yield* kfree(ctx);
  return fd;
});
