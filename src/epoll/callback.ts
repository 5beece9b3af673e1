// Models fs/eventpoll.c's wakeup side: ep_poll_callback, ep_ptable_queue_proc and ep_poll_safewake.
import { current } from '../kernel/current.ts';
import { kfn } from '../kernel/kfn.ts';
import { spin_lock, spin_unlock } from '../kernel/lock.ts';
import { KObject } from '../kernel/object.ts';
import { rd, wr, type Gen } from '../kernel/step.ts';
import { EPOLLEXCLUSIVE, EPOLLIN, EPOLLOUT, EPOLL_URING_WAKE, POLLFREE } from '../kernel/uapi.ts';
import type { File, PollTable } from '../kernel/vfs.ts';
import {
  add_wait_queue,
  add_wait_queue_exclusive,
  waitqueue_active,
  wake_up,
  wake_up_poll,
  WaitQueueEntry,
  type WaitQueueHead,
} from '../kernel/wait.ts';
import { EP_PRIVATE_BITS, scanLocation, type EppollEntry, type Epitem, type Eventpoll } from './eventpoll.ts';
import { list_add_tail } from './scan.ts';

/** ep_poll_safewake: wake pollers of the epoll file (outer epolls, poll(2)) with EPOLLIN. */
export const ep_poll_safewake = kfn('ep_poll_safewake', function* (ep: Eventpoll, pollflags: number): Gen {
  yield* wake_up_poll(ep.poll_wait, (EPOLLIN | pollflags) >>> 0);
});

/**
 * ep_poll_callback: runs in the waker's context with the target's wait-queue lock held. Queues the item (on ovflist
 * while a scan runs), wakes one epoll_wait sleeper, and wakes all pollers of the epoll file after unlocking.
 * Returns whether this entry counts as an exclusive wakeup.
 */
export const ep_poll_callback = kfn('ep_poll_callback', function* (wait: WaitQueueEntry, key: number): Gen<number> {
  const pwq = wait.owner as EppollEntry;
  const epi = pwq.base;
  const ep = epi.ep;
  const pollflags = key >>> 0;
  let pwake = false;
  let ewake = 0;
  yield* spin_lock(ep.lock);
  yield rd(epi, 'event');
  const events = epi.events;
  if ((events & ~EP_PRIVATE_BITS) >>> 0 !== 0 && (pollflags === 0 || (pollflags & events) >>> 0 !== 0)) {
    yield rd(ep, scanLocation(current()));
    if (ep.scanning) {
      if (!epi.onOvflist) {
        yield wr(ep, 'ovflist');
        epi.onOvflist = true;
        ep.ovflist.unshift(epi);
      }
    } else {
      // ep_is_linked: a load of the link, then the store that queues the item.
      yield rd(ep, 'rdllist');
      if (epi.rdllink === null) {
        yield wr(ep, 'rdllist');
        list_add_tail(epi, ep.rdllist);
      }
    }
    if (yield* waitqueue_active(ep.wq)) {
      if ((events & EPOLLEXCLUSIVE) !== 0 && (pollflags & POLLFREE) === 0) {
        const inout = pollflags & (EPOLLIN | EPOLLOUT);
        if (inout === EPOLLIN) ewake = (events & EPOLLIN) !== 0 ? 1 : 0;
        else if (inout === EPOLLOUT) ewake = (events & EPOLLOUT) !== 0 ? 1 : 0;
        else if (inout === 0) ewake = 1;
      }
      yield* wake_up(ep.wq);
    }
    if (yield* waitqueue_active(ep.poll_wait)) pwake = true;
  }
  yield* spin_unlock(ep.lock);
  if (pwake) yield* ep_poll_safewake(ep, pollflags & EPOLL_URING_WAKE);
  if ((events & EPOLLEXCLUSIVE) === 0) ewake = 1;
  return ewake;
});

/** The poll table ep_insert passes to the first ->poll: each poll_wait hooks an eppoll_entry onto the queue. */
export class EpPqueue extends KObject implements PollTable {
  /** On ep_insert's stack in Linux: only the inserting task uses it. */
  static readonly $ownFields = ['_qproc', '_key'];
  _qproc: PollTable['_qproc'] = ep_ptable_queue_proc;
  _key = 0;
  constructor(readonly epi: Epitem) {
    super();
  }
}

/** ep_ptable_queue_proc: allocate an eppoll_entry and add it to `whead` (at the tail for EPOLLEXCLUSIVE). */
export function* ep_ptable_queue_proc(_file: File, whead: WaitQueueHead, pt: PollTable): Gen {
  const epi = (pt as EpPqueue).epi;
  const pwq: EppollEntry = { base: epi, wait: new WaitQueueEntry(ep_poll_callback, null), whead };
  pwq.wait.owner = pwq;
  if ((epi.events & EPOLLEXCLUSIVE) !== 0) yield* add_wait_queue_exclusive(whead, pwq.wait);
  else yield* add_wait_queue(whead, pwq.wait);
  yield wr(epi, 'pwqlist');
  epi.pwqlist.unshift(pwq);
}
