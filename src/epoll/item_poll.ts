// Models fs/eventpoll.c's polling of watched files: epi_fget, ep_item_poll (the variant's pin policy),
// __ep_eventpoll_poll and the eventpoll file's f_op.
import { current } from '../kernel/current.ts';
import { file_count, file_ref_get, fput, fput_delayed } from '../kernel/file.ts';
import { kfn } from '../kernel/kfn.ts';
import { lockdep_assert_held, mutex_lock, mutex_unlock } from '../kernel/lock.ts';
import { poll_wait, vfs_poll } from '../kernel/poll.ts';
import type { Machine } from '../kernel/machine.ts';
import { rd, type Gen } from '../kernel/step.ts';
import { EPOLLIN, EPOLLRDNORM, formatEvents } from '../kernel/uapi.ts';
import { SB_NOUSER, type File, type PollTable } from '../kernel/vfs.ts';
import { is_file_epoll, type Epitem, type Eventpoll } from './eventpoll.ts';
import { ep_done_scan, ep_start_scan, list_del_init } from './scan.ts';

/** epi_fget: inc-not-zero on the watched file (safe without RCU: a dying file blocks on ep->mtx before free). */
export const epi_fget = kfn('epi_fget', function* (epi: Epitem): Gen<File | null> {
  const file = epi.ffd.file;
  return (yield* file_ref_get(file)) ? file : null;
});

/** A poll table that only carries the interest key (init_poll_funcptr(&pt, NULL)). */
export function keyOnlyTable(): PollTable {
  return { _qproc: null, _key: 0 };
}

/**
 * ep_item_poll: poll the watched file and mask the answer with the item's events. How the file is held during
 * ->poll is the `item_poll_pin` knob: none (P0, <= 6.8), inc_not_zero (P1, 4efaa5acf0a1) or sb_nouser (P2: pin files
 * of SB_NOUSER filesystems, skip others seen at count 0, poll the rest unpinned).
 */
export const ep_item_poll = kfn('ep_item_poll', function* (epi: Epitem, pt: PollTable, depth: number): Gen<number> {
  // Every caller holds ep->mtx: what keeps the polled file from being freed under ->poll (eventpoll_release_file
  // takes it too).
  lockdep_assert_held(epi.ep.mtx);
  const m = current().machine;
  const policy = m.variant.item_poll_pin;
  let file: File | null = epi.ffd.file;
  let pinned = false;
  if (policy === 'inc_not_zero' || (policy === 'sb_nouser' && (file.f_inode.i_sb.s_flags & SB_NOUSER) !== 0)) {
    file = yield* epi_fget(epi);
    if (file === null) return dropped(m, epi);
    pinned = true;
  } else if (policy === 'sb_nouser') {
    if ((yield* file_count(file)) === 0) return dropped(m, epi);
  }
  yield rd(epi, 'event');
  pt._key = epi.events;
  const res = is_file_epoll(file) ? yield* __ep_eventpoll_poll(file, pt, depth) : yield* vfs_poll(file, pt);
  // Observation only (no kernel counterpart; the read is a step so that DPOR orders it against the closer's put):
  // did an unpinned ->poll answer for a file whose last reference is already gone?
  const dying = m.observe_dying && !pinned && !file.freed && (yield* file_count(file)) === 0;
  // The unpin: the `epi_unpin` knob (a candidate fix for I5 sends the last put to the delayed-fput kworker).
  if (pinned) yield* m.variant.epi_unpin === 'delayed_fput' ? fput_delayed(file) : fput(file);
  yield rd(epi, 'event');
  const mask = (res & epi.events) >>> 0;
  if (dying && mask !== 0) {
    const what = `ep_item_poll reported ${formatEvents(mask)} for ${file.label} (fd ${epi.ffd.fd}) after its last reference was dropped`;
    m.report('event-from-dying-file', what, file, false);
  }
  return mask;
});

/** The observation of a skipped dying file (the pin failed, or P2 saw count 0); ep_item_poll then returns 0. */
function dropped(m: Machine, epi: Epitem): number {
  if (!m.observe_dying) return 0;
  const file = epi.ffd.file;
  const what = `ep_item_poll skipped ${file.label} (fd ${epi.ffd.fd}): its count was 0, its events are not reported`;
  m.report('event-dropped-dying-file', what, file, false);
  return 0;
}

/**
 * __ep_eventpoll_poll: the epoll file polled (by an outer epoll at `depth`, or by poll(2)): hook `wait` on
 * ep->poll_wait, then scan for the first item that is really ready; items found not ready leave the ready list.
 */
export const __ep_eventpoll_poll = kfn(
  '__ep_eventpoll_poll',
  function* (file: File, wait: PollTable | null, depth: number): Gen<number> {
    const ep = file.private_data as Eventpoll;
    yield* poll_wait(file, ep.poll_wait, wait);
    yield* mutex_lock(ep.mtx);
    const txlist = yield* ep_start_scan(ep);
    let res = 0;
    const pt = keyOnlyTable();
    for (const epi of [...txlist]) {
      if ((yield* ep_item_poll(epi, pt, depth + 1)) !== 0) {
        res = EPOLLIN | EPOLLRDNORM;
        break;
      }
      list_del_init(epi);
    }
    yield* ep_done_scan(ep, txlist);
    yield* mutex_unlock(ep.mtx);
    return res;
  },
);

export function ep_eventpoll_poll(file: File, wait: PollTable | null): Gen<number> {
  return __ep_eventpoll_poll(file, wait, 0);
}
