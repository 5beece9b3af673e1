// Models fs/eventpoll.c's harvesting side: ep_send_events (LT re-queue, ET, ONESHOT, copy faults) and ep_poll
// (the epoll_wait loop that sleeps again when a scan yields nothing).
import { current } from '../kernel/current.ts';
import { ERRNO } from '../kernel/errno.ts';
import { task_work_run } from '../kernel/file.ts';
import { kfn } from '../kernel/kfn.ts';
import { mutex_lock, mutex_unlock, spin_lock, spin_unlock } from '../kernel/lock.ts';
import { rd, wr, type Gen } from '../kernel/step.ts';
import { TASK_INTERRUPTIBLE, TASK_RUNNING } from '../kernel/task.ts';
import { EPOLLET, EPOLLONESHOT } from '../kernel/uapi.ts';
import {
  __add_wait_queue_exclusive,
  __remove_wait_queue,
  default_wake_function,
  schedule_timeout_until,
  set_current_state,
  WaitQueueEntry,
} from '../kernel/wait.ts';
import { EP_PRIVATE_BITS, type Eventpoll } from './eventpoll.ts';
import { ep_item_poll, keyOnlyTable } from './item_poll.ts';
import { ep_done_scan, ep_events_available, ep_start_scan, list_add, list_add_tail, list_del_init } from './scan.ts';

/** One delivered struct epoll_event. */
export interface EpollEvent {
  readonly events: number;
  readonly data: bigint;
}

/** The user buffer of epoll_wait: `null` models a pointer that faults on copy-out (NULL, PROT_READ page). */
export type EventBuffer = EpollEvent[] | null;

/** ep_send_events: one scan of the ready list under ep->mtx; returns the count, or -EFAULT if nothing was copied. */
export const ep_send_events = kfn(
  'ep_send_events',
  function* (ep: Eventpoll, buf: EventBuffer, maxevents: number): Gen<number> {
    let res = 0;
    yield* mutex_lock(ep.mtx);
    const txlist = yield* ep_start_scan(ep);
    const pt = keyOnlyTable();
    while (txlist.length > 0 && res < maxevents) {
      const epi = txlist[0];
      if (epi === undefined) break;
      list_del_init(epi);
      const revents = yield* ep_item_poll(epi, pt, 1);
      if (revents === 0) continue;
      if (buf === null) {
        list_add(epi, txlist);
        if (res === 0) res = -ERRNO.EFAULT;
        break;
      }
      buf.push({ events: revents, data: epi.data });
      res++;
      yield rd(epi, 'event');
      if ((epi.events & EPOLLONESHOT) !== 0) {
        yield wr(epi, 'event');
        epi.events = (epi.events & EP_PRIVATE_BITS) >>> 0;
      } else if ((epi.events & EPOLLET) >>> 0 === 0) {
        yield wr(ep, 'rdllist');
        list_add_tail(epi, ep.rdllist);
      }
    }
    yield* ep_done_scan(ep, txlist);
    yield* mutex_unlock(ep.mtx);
    return res;
  },
);

/** ep_autoremove_wake_function: wake the sleeper and always unlink the entry. */
function* ep_autoremove_wake_function(e: WaitQueueEntry): Gen<number> {
  const ret = yield* default_wake_function(e);
  if (e.head !== null) yield* __remove_wait_queue(e.head, e);
  return ret;
}

/**
 * ep_poll: harvest if events may be available; return a non-zero result; else give up on timeout or signal; else
 * sleep exclusively on ep->wq and try again. `deadline` is absolute on the virtual clock; null waits forever and a
 * deadline equal to "now" with `nonblock` is the {0,0} case.
 */
export const ep_poll = kfn(
  'ep_poll',
  function* (
    ep: Eventpoll,
    buf: EventBuffer,
    maxevents: number,
    deadline: number | null,
    nonblock: boolean,
  ): Gen<number> {
    const t = current();
    let timedOut = nonblock;
    let eavail = yield* ep_events_available(ep);
    for (;;) {
      if (eavail) {
        const res = yield* ep_send_events(ep, buf, maxevents);
        if (res !== 0) return res;
      }
      if (timedOut) return 0;
      yield rd(t, 'signalPending');
      if (t.signalPending) return -ERRNO.EINTR;
      // The `ep_poll_task_work` candidate fix for I5: no lock is held here, so the task_work a scan queued (the pin's
      // last fput) runs now instead of at the return to user, which a sleep forever never reaches.
      if (t.machine.variant.ep_poll_task_work === 'before_sleep') yield* task_work_run();
      const wait = new WaitQueueEntry(ep_autoremove_wake_function, t);
      yield* spin_lock(ep.lock);
      yield* set_current_state(TASK_INTERRUPTIBLE);
      eavail = yield* ep_events_available(ep);
      if (!eavail) yield* __add_wait_queue_exclusive(ep.wq, wait);
      yield* spin_unlock(ep.lock);
      if (!eavail) {
        const expired = deadline !== null && deadline <= t.machine.clock;
        timedOut = expired || (yield* schedule_timeout_until(deadline));
      }
      yield* set_current_state(TASK_RUNNING);
      eavail = true;
      // list_empty_careful(&wait.entry): a lockless load of the link ep_autoremove_wake_function clears.
      yield rd(ep.wq, 'task_list');
      if (wait.head !== null) {
        yield* spin_lock(ep.lock);
        if (timedOut) eavail = wait.head === null;
        if (wait.head !== null) yield* __remove_wait_queue(ep.wq, wait);
        yield* spin_unlock(ep.lock);
      }
    }
  },
);
