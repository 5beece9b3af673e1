// Models fs/eventpoll.c's EPOLL_CTL_ADD and EPOLL_CTL_MOD: attach_epitem, ep_insert, ep_modify.
import { current } from '../kernel/current.ts';
import { ERRNO } from '../kernel/errno.ts';
import { kfn } from '../kernel/kfn.ts';
import { lockdep_assert_held, mutex_lock, mutex_unlock, spin_lock, spin_unlock } from '../kernel/lock.ts';
import { rd, rmw, wr, type Gen } from '../kernel/step.ts';
import type { File } from '../kernel/vfs.ts';
import { waitqueue_active, wake_up } from '../kernel/wait.ts';
import { EpPqueue, ep_poll_safewake } from './callback.ts';
import { Epitem, EpitemsHead, Eventpoll, type HlistHead } from './eventpoll.ts';
import { ep_item_poll, keyOnlyTable } from './item_poll.ts';
import { list_file, reverse_path_check } from './loop_check.ts';
import { ep_get, ep_remove } from './remove.ts';
import { list_add_tail } from './scan.ts';

/** /proc/sys/fs/epoll/max_user_watches as read on the 24 GiB reference machine (per user). */
export const MAX_USER_WATCHES = 5_491_489;

/** attach_epitem: link the item on the target's f_ep hlist (head insertion), creating an epitems_head if needed. */
const attach_epitem = kfn('attach_epitem', function* (file: File, epi: Epitem): Gen<number> {
  const m = current().machine;
  const tep = file.private_data instanceof Eventpoll ? file.private_data : null;
  yield* spin_lock(file.f_lock);
  yield rd(file, 'f_ep');
  if (file.f_ep === null) {
    const head: HlistHead = tep !== null ? tep.refs : m.alloc('epitems_head', new EpitemsHead(file));
    yield wr(file, 'f_ep');
    file.f_ep = head;
  }
  const head = file.f_ep as HlistHead;
  yield wr(head, 'first');
  head.epitems.unshift(epi);
  yield* spin_unlock(file.f_lock);
  return 0;
});

/** The tail of ep_insert and ep_modify for a ready item: queue it unless linked, wake a sleeper and the pollers. */
function* ep_queue_ready(ep: Eventpoll, epi: Epitem): Gen {
  let pwake = false;
  yield* spin_lock(ep.lock);
  yield rd(ep, 'rdllist');
  if (epi.rdllink === null) {
    yield wr(ep, 'rdllist');
    list_add_tail(epi, ep.rdllist);
    if (yield* waitqueue_active(ep.wq)) yield* wake_up(ep.wq);
    if (yield* waitqueue_active(ep.poll_wait)) pwake = true;
  }
  yield* spin_unlock(ep.lock);
  if (pwake) yield* ep_poll_safewake(ep, 0);
}

/** ep_insert (EPOLL_CTL_ADD) under ep->mtx, in kernel order. */
export const ep_insert = kfn(
  'ep_insert',
  function* (ep: Eventpoll, events: number, data: bigint, tfile: File, fd: number, full_check: boolean): Gen<number> {
    lockdep_assert_held(ep.mtx);
    const m = current().machine;
    const tep = tfile.private_data instanceof Eventpoll ? tfile.private_data : null;
    yield rmw(m.globals, 'epoll_watches');
    if (m.epoll_watches >= MAX_USER_WATCHES) return -ERRNO.ENOSPC;
    m.epoll_watches++;
    const epi = m.alloc('epitem', new Epitem(ep, { file: tfile, fd }, events, data));
    if (tep !== null) yield* mutex_lock(tep.mtx);
    yield* attach_epitem(tfile, epi);
    if (full_check && tep === null) yield* list_file(tfile);
    yield wr(ep, 'rbr');
    let byFd = ep.rbr.get(tfile);
    if (byFd === undefined) ep.rbr.set(tfile, (byFd = new Map()));
    byFd.set(fd, epi);
    if (tep !== null) yield* mutex_unlock(tep.mtx);
    yield* ep_get(ep);
    if (full_check && !(yield* reverse_path_check())) {
      yield* ep_remove(ep, epi);
      return -ERRNO.EINVAL;
    }
    const epq = new EpPqueue(epi);
    const revents = yield* ep_item_poll(epi, epq, 1);
    if (revents !== 0) yield* ep_queue_ready(ep, epi);
    return 0;
  },
);

/** ep_modify (EPOLL_CTL_MOD): new mask and data, then re-poll; wait-queue hooks are not re-registered. */
export const ep_modify = kfn(
  'ep_modify',
  function* (ep: Eventpoll, epi: Epitem, events: number, data: bigint): Gen<number> {
    lockdep_assert_held(ep.mtx);
    yield wr(epi, 'event');
    epi.events = events >>> 0;
    epi.data = data;
    if ((yield* ep_item_poll(epi, keyOnlyTable(), 1)) !== 0) yield* ep_queue_ready(ep, epi);
    return 0;
  },
);
