// Models fs/eventpoll.c's removal paths: A (ep_remove: EPOLL_CTL_DEL, insert rollback), B (ep_clear_and_put: close
// of the epoll file) and C (eventpoll_release_file: __fput of a watched file), in both knob settings of
// `ep_remove_pin`: the 6.4-7.0 epi->dying protocol, or 7.1's pin of the watched file (a6dc643c6931).
import { current } from '../kernel/current.ts';
import { fput } from '../kernel/file.ts';
import { kfn } from '../kernel/kfn.ts';
import { lockdep_assert_held, mutex_lock, mutex_unlock, spin_lock, spin_unlock } from '../kernel/lock.ts';
import { kfree, kfree_rcu } from '../kernel/slab.ts';
import { rd, rmw, wr, type Gen } from '../kernel/step.ts';
import type { File, Inode } from '../kernel/vfs.ts';
import { remove_wait_queue, waitqueue_active } from '../kernel/wait.ts';
import { ep_poll_safewake } from './callback.ts';
import { EpitemsHead, rbItems, type Epitem, type Eventpoll, type HlistHead } from './eventpoll.ts';
import { epi_fget } from './item_poll.ts';
import { list_del_init } from './scan.ts';

/** ep_unregister_pollwait: unhook every eppoll_entry (each remove takes the target queue's lock). */
export const ep_unregister_pollwait = kfn('ep_unregister_pollwait', function* (epi: Epitem): Gen {
  yield wr(epi, 'pwqlist');
  const list = epi.pwqlist;
  epi.pwqlist = [];
  for (const pwq of list) {
    const whead = pwq.whead;
    if (whead !== null) yield* remove_wait_queue(whead, pwq.wait);
  }
});

/** ep_put: drop an ep reference; true when it was the last (the caller frees the ep). */
export function* ep_put(ep: Eventpoll): Gen<boolean> {
  yield rmw(ep, 'refcount');
  return --ep.refcount === 0;
}

export function* ep_get(ep: Eventpoll): Gen {
  yield rmw(ep, 'refcount');
  ep.refcount++;
}

/** ep_free: kfree at once, or (07712db80857) kfree_rcu so a walker under rcu_read_lock may still read it. */
export const ep_free = kfn('ep_free', function* (ep: Eventpoll): Gen {
  if (current().machine.variant.ep_free === 'kfree_rcu') yield* kfree_rcu(ep);
  else yield* kfree(ep);
});

/**
 * The owner's last ep reference and ep->mtx: 6.4-6.16-rc5 drop the reference under the mutex, then unlock (the next
 * owner may free the ep while the unlock still touches it, CVE-2025-38349); 8c2e52ebbe88 unlocks first.
 */
function* ep_put_and_unlock(ep: Eventpoll): Gen {
  if (current().machine.variant.ep_put === 'under_mtx') {
    const dispose = yield* ep_put(ep);
    yield* mutex_unlock(ep.mtx);
    if (dispose) yield* ep_free(ep);
    return;
  }
  yield* mutex_unlock(ep.mtx);
  if (yield* ep_put(ep)) yield* ep_free(ep);
}

/** Unlink the item from the file's f_ep hlist; publishing f_ep = NULL when it was the last watcher. */
const ep_remove_file = kfn('ep_remove_file', function* (epi: Epitem, file: File, force: boolean): Gen<
  'skipped' | 'removed'
> {
  yield* spin_lock(file.f_lock);
  if (!current().machine.variant.ep_remove_pin && !force) {
    yield rd(epi, 'dying');
  }
  if (!current().machine.variant.ep_remove_pin && !force && epi.dying) {
    // 6.4-7.0: eventpoll_release_file owns a dying item; only its forced removal proceeds.
    yield* spin_unlock(file.f_lock);
    return 'skipped';
  }
  yield rd(file, 'f_ep');
  const head = file.f_ep as HlistHead;
  let toFree: EpitemsHead | null = null;
  if (head.epitems.length === 1 && head.epitems[0] === epi) {
    yield wr(file, 'f_ep');
    file.f_ep = null;
    if (head instanceof EpitemsHead) {
      // smp_load_acquire(&head->next): a listed head is freed by unlist_file instead.
      yield rd(head, 'next');
      if (!head.onCheckList) toFree = head;
    }
  }
  // hlist_del_rcu writes through the neighbour/head pointers: the head lives in `head` (an epoll's refs for epolls).
  yield wr(head, 'first');
  head.epitems.splice(head.epitems.indexOf(epi), 1);
  yield* spin_unlock(file.f_lock);
  if (toFree !== null) yield* kfree(toFree);
  return 'removed';
});

/** The rest of the removal under ep->mtx: rbtree erase, ready-list unlink, free the item. */
const ep_remove_epi = kfn('ep_remove_epi', function* (ep: Eventpoll, epi: Epitem): Gen {
  lockdep_assert_held(ep.mtx);
  yield wr(ep, 'rbr');
  const byFd = ep.rbr.get(epi.ffd.file);
  byFd?.delete(epi.ffd.fd);
  if (byFd?.size === 0) ep.rbr.delete(epi.ffd.file);
  yield* spin_lock(ep.lock);
  yield wr(ep, 'rdllist');
  list_del_init(epi);
  yield* spin_unlock(ep.lock);
  yield* kfree(epi);
  // Uncharge the watch (percpu_counter_dec). A step like ep_insert's charge: it does not commute with the limit check.
  const m = current().machine;
  yield rmw(m.globals, 'epoll_watches');
  m.epoll_watches--;
});

/**
 * ep_remove (path A) for callers holding ep->mtx and an extra ep reference.
 * 7.1: pin the watched file first; if the pin fails, __fput owns the item (path C removes it).
 * 6.4-7.0: __ep_remove(force=false) touches f_lock/f_ep with no pin (the CVE-2026-46242 window).
 */
export const ep_remove = kfn('ep_remove', function* (ep: Eventpoll, epi: Epitem): Gen {
  lockdep_assert_held(ep.mtx);
  yield* ep_unregister_pollwait(epi);
  if (current().machine.variant.ep_remove_pin) {
    const file = yield* epi_fget(epi);
    if (file === null) return;
    yield* ep_remove_file(epi, file, false);
    yield* ep_remove_epi(ep, epi);
    yield* ep_put(ep);
    yield* fput(file);
    return;
  }
  if ((yield* ep_remove_file(epi, epi.ffd.file, false)) === 'skipped') return;
  yield* ep_remove_epi(ep, epi);
  yield* ep_put(ep);
});

/** ep_clear_and_put (path B): wake pollers, unhook every item, remove every item, drop the file's ep reference. */
export const ep_clear_and_put = kfn('ep_clear_and_put', function* (ep: Eventpoll): Gen {
  if (yield* waitqueue_active(ep.poll_wait)) yield* ep_poll_safewake(ep, 0);
  yield* mutex_lock(ep.mtx);
  yield rd(ep, 'rbr');
  for (const epi of rbItems(ep)) yield* ep_unregister_pollwait(epi);
  yield rd(ep, 'rbr');
  for (const epi of rbItems(ep)) yield* ep_remove(ep, epi);
  yield* ep_put_and_unlock(ep);
});

/** ep_eventpoll_release: the epoll file's f_op->release. */
export function* ep_eventpoll_release(_inode: Inode, file: File): Gen {
  const ep = file.private_data as Eventpoll | null;
  if (ep !== null) yield* ep_clear_and_put(ep);
}

/**
 * eventpoll_release_file (path C), from __fput when f_ep was set: remove the file's items from every epoll, each
 * under that epoll's mtx (so it waits for any scan in progress).
 */
export const eventpoll_release_file = kfn('eventpoll_release_file', function* (file: File): Gen {
  const pin = current().machine.variant.ep_remove_pin;
  for (;;) {
    yield* spin_lock(file.f_lock);
    yield rd(file, 'f_ep');
    const head = file.f_ep as HlistHead | null;
    const epi = head?.epitems[0];
    if (epi === undefined) {
      yield* spin_unlock(file.f_lock);
      return;
    }
    if (!pin) {
      yield wr(epi, 'dying');
      epi.dying = true;
    }
    yield* spin_unlock(file.f_lock);
    const ep = epi.ep;
    yield* mutex_lock(ep.mtx);
    yield* ep_unregister_pollwait(epi);
    yield* ep_remove_file(epi, file, true);
    yield* ep_remove_epi(ep, epi);
    yield* ep_put_and_unlock(ep);
  }
});
