// Models fs/eventpoll.c's system calls: epoll_create1/epoll_create, epoll_ctl (do_epoll_ctl) with the kernel's
// errno precedence, epoll_wait and epoll_pwait2 (the 6.15 ep_check_params order is the `epoll_wait_errno` knob).
import { current } from '../kernel/current.ts';
import { ERRNO } from '../kernel/errno.ts';
import { fdget, fdput, fd_install, get_unused_fd_flags, type Fd } from '../kernel/fdtable.ts';
import { kfn } from '../kernel/kfn.ts';
import { mutex_lock, mutex_unlock } from '../kernel/lock.ts';
import { anon_inode_getfile } from '../fs/pseudo.ts';
import { file_can_poll } from '../kernel/poll.ts';
import { rd, wr, type Gen } from '../kernel/step.ts';
import {
  EPOLLERR,
  EPOLLET,
  EPOLLEXCLUSIVE,
  EPOLLHUP,
  EPOLLIN,
  EPOLLOUT,
  EPOLLWAKEUP,
  EPOLL_CLOEXEC,
  EPOLL_CTL_ADD,
  EPOLL_CTL_DEL,
  EPOLL_CTL_MOD,
  O_RDWR,
} from '../kernel/uapi.ts';
import type { FileOperations } from '../kernel/vfs.ts';
import { EP_MAX_EVENTS, Eventpoll, is_file_epoll } from './eventpoll.ts';
import { ep_insert, ep_modify } from './insert.ts';
import { ep_eventpoll_ioctl } from './ioctl.ts';
import { ep_eventpoll_poll } from './item_poll.ts';
import { clear_tfile_check_list, ep_loop_check } from './loop_check.ts';
import { ep_eventpoll_release, ep_remove } from './remove.ts';
import { ep_poll, type EventBuffer } from './wait.ts';

/** The epoll file's f_op: read/write are absent (EINVAL), llseek is noop_llseek. */
export const eventpoll_fops: FileOperations = {
  name: 'eventpoll',
  poll: ep_eventpoll_poll,
  release: ep_eventpoll_release,
  unlocked_ioctl: ep_eventpoll_ioctl,
  *llseek(file) {
    return file.f_pos;
  },
};

const EPOLLEXCLUSIVE_OK_BITS =
  (EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE) >>> 0;

/** do_epoll_create: a new eventpoll and its anon-inode "[eventpoll]" file. */
export const sys_epoll_create1 = kfn('epoll_create1', function* (flags: number): Gen<number> {
  if ((flags & ~EPOLL_CLOEXEC) !== 0) return -ERRNO.EINVAL;
  const ep = current().machine.alloc('eventpoll', new Eventpoll());
  const fd = yield* get_unused_fd_flags(O_RDWR | (flags & EPOLL_CLOEXEC));
  if (fd < 0) return fd;
  const file = yield* anon_inode_getfile('[eventpoll]', eventpoll_fops, ep, O_RDWR | (flags & EPOLL_CLOEXEC));
  ep.file = file;
  yield* fd_install(fd, file);
  return fd;
});

export const sys_epoll_create = kfn('epoll_create', function* (size: number): Gen<number> {
  if (size <= 0) return -ERRNO.EINVAL;
  return yield* sys_epoll_create1(0);
});

/** A struct epoll_event argument, or null for a pointer copy_from_user cannot read. */
export interface CtlEvent {
  readonly events: number;
  readonly data: bigint;
}

/** do_epoll_ctl in the kernel's order of checks. */
export const sys_epoll_ctl = kfn(
  'epoll_ctl',
  function* (epfd: number, op: number, fd: number, event: CtlEvent | null): Gen<number> {
    const hasEvent = op !== EPOLL_CTL_DEL;
    if (hasEvent && event === null) return -ERRNO.EFAULT;
    const events = hasEvent && event !== null ? event.events >>> 0 : 0;
    const data = event?.data ?? 0n;
    const f = yield* fdget(epfd);
    if (f === null) return -ERRNO.EBADF;
    const tf = yield* fdget(fd);
    if (tf === null) {
      yield* fdput(f);
      return -ERRNO.EBADF;
    }
    const ret = yield* do_epoll_ctl(f, tf, op, fd, events, data);
    yield* fdput(tf);
    yield* fdput(f);
    return ret;
  },
);

function* do_epoll_ctl(f: Fd, tf: Fd, op: number, fd: number, events: number, data: bigint): Gen<number> {
  const m = current().machine;
  const hasEvent = op !== EPOLL_CTL_DEL;
  if (!file_can_poll(tf.file)) return -ERRNO.EPERM;
  // EPOLLWAKEUP without CAP_BLOCK_SUSPEND: the model runs as root with CONFIG_PM_SLEEP, so the bit is kept.
  if (f.file === tf.file || !is_file_epoll(f.file)) return -ERRNO.EINVAL;
  if (hasEvent && (events & EPOLLEXCLUSIVE) !== 0) {
    if (op === EPOLL_CTL_MOD) return -ERRNO.EINVAL;
    if (op === EPOLL_CTL_ADD && (is_file_epoll(tf.file) || (events & ~EPOLLEXCLUSIVE_OK_BITS) >>> 0 !== 0)) {
      return -ERRNO.EINVAL;
    }
  }
  const ep = f.file.private_data as Eventpoll;
  let full_check = false;
  let error: number;
  yield* mutex_lock(ep.mtx);
  if (op === EPOLL_CTL_ADD) {
    // ep_insert's fast path: not watched by another epoll, not visited by the current loop check, no epoll target.
    // loop_check_gen belongs to epnested_mutex, which this read does not hold: it is a step of its own.
    yield rd(f.file, 'f_ep');
    const watched = f.file.f_ep !== null;
    yield rd(ep, 'gen');
    const gen = ep.gen;
    yield rd(m.globals, 'loop_check_gen');
    if (watched || gen === m.loop_check_gen || is_file_epoll(tf.file)) {
      yield* mutex_unlock(ep.mtx);
      yield* mutex_lock(m.epnested_mutex);
      yield wr(m.globals, 'loop_check_gen');
      m.loop_check_gen++;
      full_check = true;
      if (is_file_epoll(tf.file) && !(yield* ep_loop_check(ep, tf.file.private_data as Eventpoll))) {
        yield* end_full_check();
        return -ERRNO.ELOOP;
      }
      yield* mutex_lock(ep.mtx);
    }
  }
  yield rd(ep, 'rbr');
  const epi = ep.rbr.get(tf.file)?.get(fd) ?? null;
  switch (op) {
    case EPOLL_CTL_ADD:
      error =
        epi === null
          ? yield* ep_insert(ep, (events | EPOLLERR | EPOLLHUP) >>> 0, data, tf.file, fd, full_check)
          : -ERRNO.EEXIST;
      break;
    case EPOLL_CTL_DEL:
      if (epi === null) error = -ERRNO.ENOENT;
      else {
        yield* ep_remove(ep, epi);
        error = 0;
      }
      break;
    case EPOLL_CTL_MOD:
      if (epi === null) error = -ERRNO.ENOENT;
      else if ((epi.events & EPOLLEXCLUSIVE) !== 0) error = -ERRNO.EINVAL;
      else error = yield* ep_modify(ep, epi, (events | EPOLLERR | EPOLLHUP) >>> 0, data);
      break;
    default:
      error = -ERRNO.EINVAL;
  }
  yield* mutex_unlock(ep.mtx);
  if (full_check) yield* end_full_check();
  return error;
}

function* end_full_check(): Gen {
  const m = current().machine;
  yield* clear_tfile_check_list();
  yield wr(m.globals, 'loop_check_gen');
  m.loop_check_gen++;
  yield* mutex_unlock(m.epnested_mutex);
}

/** do_epoll_wait: argument checks in the variant's order, then ep_poll. `timeoutNs` null = infinite. */
function* do_epoll_wait(epfd: number, buf: EventBuffer, maxevents: number, timeoutNs: number | null): Gen<number> {
  const m = current().machine;
  const badMax = maxevents <= 0 || maxevents > EP_MAX_EVENTS;
  if (m.variant.epoll_wait_errno === 'einval_first' && badMax) return -ERRNO.EINVAL;
  const f = yield* fdget(epfd);
  if (f === null) return -ERRNO.EBADF;
  let ret: number;
  if (badMax || !is_file_epoll(f.file)) ret = -ERRNO.EINVAL;
  else {
    const ep = f.file.private_data as Eventpoll;
    const deadline = timeoutNs === null ? null : m.clock + timeoutNs;
    ret = yield* ep_poll(ep, buf, maxevents, deadline, timeoutNs === 0);
  }
  yield* fdput(f);
  return ret;
}

/** epoll_wait(epfd, events, maxevents, timeout_ms): negative timeouts wait forever. */
export const sys_epoll_wait = kfn(
  'epoll_wait',
  function* (epfd: number, buf: EventBuffer, maxevents: number, timeout_ms: number): Gen<number> {
    return yield* do_epoll_wait(epfd, buf, maxevents, timeout_ms < 0 ? null : timeout_ms * 1_000_000);
  },
);

/**
 * The sigmask argument of epoll_pwait/epoll_pwait2: null for a NULL pointer (the mask is left alone), 'fault' for a
 * pointer copy_from_user cannot read, or a mask. Which signals a mask blocks is not modelled (the model's signals
 * are one pending flag), only the argument checks of set_user_sigmask.
 */
export type SigmaskArg = null | 'fault' | { readonly mask: bigint };

/** sizeof(sigset_t) on x86_64. */
const SIGSET_SIZE = 8;

/** set_user_sigmask's checks: nothing for NULL; else sigsetsize must be 8 (EINVAL), then the copy (EFAULT). */
function set_user_sigmask(sigmask: SigmaskArg, sigsetsize: number): number {
  if (sigmask === null) return 0;
  if (sigsetsize !== SIGSET_SIZE) return -ERRNO.EINVAL;
  if (sigmask === 'fault') return -ERRNO.EFAULT;
  return 0;
}

/** epoll_pwait: the sigmask checks come before everything epoll_wait checks. */
export const sys_epoll_pwait = kfn(
  'epoll_pwait',
  function* (
    epfd: number,
    buf: EventBuffer,
    maxevents: number,
    timeout_ms: number,
    sigmask: SigmaskArg,
    sigsetsize: number,
  ): Gen<number> {
    const err = set_user_sigmask(sigmask, sigsetsize);
    if (err !== 0) return err;
    return yield* do_epoll_wait(epfd, buf, maxevents, timeout_ms < 0 ? null : timeout_ms * 1_000_000);
  },
);

/**
 * epoll_pwait2 with a timespec (null = NULL pointer = infinite; 'fault' = a pointer copy_from_user cannot read, EFAULT);
 * the timespec is copied and checked (EINVAL) before anything else, then the sigmask (as epoll_pwait).
 */
export const sys_epoll_pwait2 = kfn(
  'epoll_pwait2',
  function* (
    epfd: number,
    buf: EventBuffer,
    maxevents: number,
    ts: { sec: number; nsec: number } | null | 'fault',
    sigmask: SigmaskArg = null,
    sigsetsize: number = SIGSET_SIZE,
  ): Gen<number> {
    if (ts === 'fault') return -ERRNO.EFAULT;
    if (ts !== null && (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= 1_000_000_000)) return -ERRNO.EINVAL;
    const err = set_user_sigmask(sigmask, sigsetsize);
    if (err !== 0) return err;
    return yield* do_epoll_wait(epfd, buf, maxevents, ts === null ? null : ts.sec * 1e9 + ts.nsec);
  },
);
