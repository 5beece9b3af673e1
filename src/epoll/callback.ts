// Models fs/eventpoll.c's wakeup side: ep_poll_callback, ep_ptable_queue_proc and ep_poll_safewake.
import { current } from '../kernel/current.ts';
import { kfn } from '../kernel/kfn.ts';
import { read_lock, read_unlock, spin_lock, spin_unlock } from '../kernel/lock.ts';
import { KObject } from '../kernel/object.ts';
import { rd, rmw, wr, type Gen } from '../kernel/step.ts';
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
 * list_add_tail_lockless (rwlock era): the item is claimed by a cmpxchg of its own link (of two callbacks adding it at
 * once, one loses), then the list's tail is swapped to it (an xchg). The old tail's forward link follows; nobody sees
 * the list without it: walkers hold ep->lock for writing, and list_empty_careful already sees the new tail.
 */
function* list_add_tail_lockless(epi: Epitem, ep: Eventpoll): Gen<boolean> {
  // The item's link is a location of the ready list (Epitem's `rdllink` alias), so the claim names the list.
  yield rmw(ep, 'rdllist');
  if (epi.rdllink !== null) return false;
  epi.rdllink = ep.rdllist;
  yield rmw(ep, 'rdllist');
  ep.rdllist.push(epi);
  return true;
}

/** chain_epi_lockless (rwlock era): claim the item's ovflist link by a cmpxchg, then xchg it in as ovflist's head. */
function* chain_epi_lockless(epi: Epitem, ep: Eventpoll): Gen<boolean> {
  yield rmw(epi, 'next');
  if (epi.onOvflist) return false;
  epi.onOvflist = true;
  yield rmw(ep, 'ovflist');
  ep.ovflist.unshift(epi);
  return true;
}

/** Queue the item under the spinlock (0c43094f8cc9, 6.18): on ovflist while a scan runs, else at rdllist's tail. */
function* ep_queue_locked(epi: Epitem, ep: Eventpoll): Gen {
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
}

/**
 * ep_poll_callback: runs in the waker's context with the target's wait-queue lock held. Queues the item (on ovflist
 * while a scan runs), wakes one epoll_wait sleeper, and wakes all pollers of the epoll file after unlocking.
 * Returns whether this entry counts as an exclusive wakeup. Up to 6.17 (`ep_lock=rwlock`) it holds ep->lock for
 * reading only, so callbacks run together and queue the item with lockless adds; scans and inserts write-lock it.
 */
export const ep_poll_callback = kfn('ep_poll_callback', function* (wait: WaitQueueEntry, key: number): Gen<number> {
  const pwq = wait.owner as EppollEntry;
  const epi = pwq.base;
  const ep = epi.ep;
  const pollflags = key >>> 0;
  let pwake = false;
  let ewake = 0;
  const rw = current().machine.variant.ep_lock === 'rwlock';
  if (rw) yield* read_lock(ep.lock);
  else yield* spin_lock(ep.lock);
  yield rd(epi, 'event');
  const events = epi.events;
  if ((events & ~EP_PRIVATE_BITS) >>> 0 !== 0 && (pollflags === 0 || (pollflags & events) >>> 0 !== 0)) {
    yield rd(ep, scanLocation(current()));
    if (!rw) yield* ep_queue_locked(epi, ep);
    else if (ep.scanning) yield* chain_epi_lockless(epi, ep);
    else yield* list_add_tail_lockless(epi, ep);
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
  if (rw) yield* read_unlock(ep.lock);
  else yield* spin_unlock(ep.lock);
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
