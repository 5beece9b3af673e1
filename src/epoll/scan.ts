// Models fs/eventpoll.c's ready-list state machine: ep_start_scan, ep_done_scan, ep_events_available, list helpers.
import { current } from '../kernel/current.ts';
import { lockdep_assert_held, spin_lock, spin_unlock } from '../kernel/lock.ts';
import { rd, rdView, viewRead, wr, type Gen } from '../kernel/step.ts';
import { waitqueue_active, wake_up } from '../kernel/wait.ts';
import type { Epitem, Eventpoll } from './eventpoll.ts';

/** list_del_init(&epi->rdllink) from whatever list it is on. */
export function list_del_init(epi: Epitem): void {
  const l = epi.rdllink;
  if (l === null) return;
  const i = l.indexOf(epi);
  if (i >= 0) l.splice(i, 1);
  epi.rdllink = null;
}

export function list_add_tail(epi: Epitem, list: Epitem[]): void {
  list.push(epi);
  epi.rdllink = list;
}

export function list_add(epi: Epitem, list: Epitem[]): void {
  list.unshift(epi);
  epi.rdllink = list;
}

/** The scan transitions are two separate stores (rdllist, ovflist) that a lockless reader can see apart (< 7.2). */
const lockless = (): boolean => current().machine.variant.eavail_check === 'lockless';

/**
 * ep_events_available: a non-empty ready list or a scan in progress, without ep->lock. Up to 7.1 these are two
 * loads (list_empty_careful(rdllist), then READ_ONCE(ovflist)): a scan starting or ending between them makes both
 * say "nothing" while an item is ready. 0c4aefe3c2d0 (7.2) re-reads under a seqcount: one consistent read here.
 */
export function* ep_events_available(ep: Eventpoll): Gen<boolean> {
  if (!lockless()) {
    yield rd(ep, 'rdllist');
    return ep.rdllist.length > 0 || ep.scanning;
  }
  // Each load's caller uses only the views Eventpoll declares (`$views`): empty or not, scanning or not.
  yield rdView(ep, 'rdllist');
  if (viewRead(ep, 'rdllist') === true) return true;
  yield rdView(ep, 'ovflist');
  return viewRead(ep, 'ovflist') === true;
}

/** ep_start_scan: steal rdllist into a private txlist, then mark the instance as scanning (ovflist = NULL). */
export function* ep_start_scan(ep: Eventpoll): Gen<Epitem[]> {
  // The txlist is private to the scanner because every scan holds ep->mtx.
  lockdep_assert_held(ep.mtx);
  yield* spin_lock(ep.lock);
  yield wr(ep, 'rdllist');
  const txlist = ep.rdllist.splice(0);
  for (const epi of txlist) epi.rdllink = txlist;
  // With the seqcount (7.2), "scanning" changes with rdllist in one write section; before, it is ovflist's store.
  if (!lockless()) ep.scanning = true;
  yield wr(ep, 'ovflist');
  ep.ovflist = [];
  if (lockless()) ep.scanning = true;
  yield* spin_unlock(ep.lock);
  return txlist;
}

/**
 * ep_done_scan: items queued on ovflist during the scan go to the head of rdllist (reversing the LIFO), the scan
 * ends, txlist leftovers are spliced at the head, and one waiter is woken if anything is ready.
 */
export function* ep_done_scan(ep: Eventpoll, txlist: Epitem[]): Gen {
  lockdep_assert_held(ep.mtx);
  yield* spin_lock(ep.lock);
  yield wr(ep, 'rdllist');
  for (const epi of ep.ovflist) {
    epi.onOvflist = false;
    if (epi.rdllink === null) {
      ep.rdllist.unshift(epi);
      epi.rdllink = ep.rdllist;
    }
  }
  // WRITE_ONCE(ep->ovflist, EP_UNACTIVE_PTR) is published before txlist is spliced back (with the seqcount, the end
  // of the scan is part of the ready list's write section).
  yield wr(ep, 'ovflist');
  ep.ovflist = [];
  if (lockless()) ep.scanning = false;
  yield wr(ep, 'rdllist');
  if (!lockless()) ep.scanning = false;
  for (let i = txlist.length - 1; i >= 0; i--) {
    const epi = txlist[i] as Epitem;
    ep.rdllist.unshift(epi);
    epi.rdllink = ep.rdllist;
  }
  txlist.length = 0;
  if (ep.rdllist.length > 0 && (yield* waitqueue_active(ep.wq))) yield* wake_up(ep.wq);
  yield* spin_unlock(ep.lock);
}
