// Models fs/eventpoll.c's topology checks for EPOLL_CTL_ADD: ep_loop_check (the visited-skip downward walk before
// f2e467a48287, the depth walk down and up after), tfile_check_list and reverse_path_check (wakeup-path limits).
import { current } from '../kernel/current.ts';
import { kfn } from '../kernel/kfn.ts';
import { lockdep_assert_held, mutex_lock, mutex_unlock, spin_lock, spin_unlock } from '../kernel/lock.ts';
import { kfree } from '../kernel/slab.ts';
import { rcuRd, rcuWr, rd, wr, type Gen } from '../kernel/step.ts';
import type { File } from '../kernel/vfs.ts';
import { EP_MAX_NESTS, Eventpoll, EpitemsHead, rbItems, type HlistHead } from './eventpoll.ts';

const INT_MAX = 2147483647;
/** C `int` addition of 1: the kernel builds with -fno-strict-overflow, so INT_MAX + 1 wraps to INT_MIN. */
const plusOne = (x: number): number => (x + 1) | 0;

/** The depth walk's value for a loop or a too-deep chain (see the knob `loop_check_placeholder`). */
function tooDeep(): number {
  return current().machine.variant.loop_check_placeholder === 'int_max' ? INT_MAX : EP_MAX_NESTS + 1;
}
/** Allowed wakeup paths of length 1..5 emanating from one file (length-0 paths are not counted). */
const PATH_LIMITS = [1000, 500, 100, 50, 10] as const;

/**
 * ep_loop_check_proc: the longest epoll chain below `ep`; more than EP_MAX_NESTS on a cycle back to `inserting_into`
 * or too deep. Before fdcfce93073d that value is INT_MAX, and the caller's + 1 wraps: max() then drops it.
 */
function* ep_loop_check_proc(ep: Eventpoll, depth: number, inserting_into: Eventpoll): Gen<number> {
  const m = current().machine;
  let result = 0;
  yield* mutex_lock(ep.mtx);
  yield wr(ep, 'gen');
  ep.gen = m.loop_check_gen;
  yield rd(ep, 'rbr');
  for (const epi of rbItems(ep)) {
    const f = epi.ffd.file;
    if (f.private_data instanceof Eventpoll) {
      const tovisit = f.private_data;
      if (tovisit === inserting_into || depth > EP_MAX_NESTS) result = tooDeep();
      else result = Math.max(result, plusOne(yield* ep_loop_check_proc(tovisit, depth + 1, inserting_into)));
      if (result > EP_MAX_NESTS) break;
    } else {
      yield* list_file(f);
    }
  }
  ep.loop_check_depth = result;
  yield* mutex_unlock(ep.mtx);
  return result;
}

/**
 * ep_get_upwards_depth_proc: the longest chain of epolls watching `ep` (through ep->refs). It runs under
 * rcu_read_lock only: an epoll above may be freed meanwhile (safe only once ep_free is kfree_rcu).
 */
function* ep_get_upwards_depth_proc(ep: Eventpoll, depth: number): Gen<number> {
  const m = current().machine;
  yield rcuRd(ep, 'gen');
  if (ep.gen === m.loop_check_gen) return ep.loop_check_depth;
  let result = 0;
  yield rcuRd(ep.refs, 'first');
  for (const epi of [...ep.refs.epitems]) {
    result = Math.max(result, plusOne(yield* ep_get_upwards_depth_proc(epi.ep, depth + 1)));
  }
  yield rcuWr(ep, 'gen');
  ep.gen = m.loop_check_gen;
  ep.loop_check_depth = result;
  return result;
}

/**
 * The walk before f2e467a48287: downward from `ep` under each mtx, skipping epolls already visited in this
 * generation; false on a cycle back to `inserting_into` or below depth EP_MAX_NESTS. Nothing looks upward, so a
 * chain grown at the top is limited only by reverse_path_check (EINVAL) over the files below it.
 */
function* ep_loop_check_visited(ep: Eventpoll, depth: number, inserting_into: Eventpoll): Gen<boolean> {
  const m = current().machine;
  let ok = true;
  yield* mutex_lock(ep.mtx);
  yield wr(ep, 'gen');
  ep.gen = m.loop_check_gen;
  yield rd(ep, 'rbr');
  for (const epi of rbItems(ep)) {
    const f = epi.ffd.file;
    if (f.private_data instanceof Eventpoll) {
      const tovisit = f.private_data;
      yield rd(tovisit, 'gen');
      if (tovisit.gen === m.loop_check_gen) continue;
      if (tovisit === inserting_into || depth > EP_MAX_NESTS) ok = false;
      else ok = yield* ep_loop_check_visited(tovisit, depth + 1, inserting_into);
      if (!ok) break;
    } else {
      yield* list_file(f);
    }
  }
  yield* mutex_unlock(ep.mtx);
  return ok;
}

/** ep_loop_check: false (ELOOP) when adding `to` into `ep` closes a cycle or makes a chain too deep (see the knob). */
export const ep_loop_check = kfn('ep_loop_check', function* (ep: Eventpoll, to: Eventpoll): Gen<boolean> {
  lockdep_assert_held(current().machine.epnested_mutex);
  if (current().machine.variant.loop_check === 'visited_skip') return yield* ep_loop_check_visited(to, 0, ep);
  const depth = yield* ep_loop_check_proc(to, 0, ep);
  if (depth > EP_MAX_NESTS) return false;
  const up = yield* ep_get_upwards_depth_proc(ep, 0);
  return ((depth + 1 + up) | 0) <= EP_MAX_NESTS;
});

/** list_file: put a non-epoll file's epitems_head on tfile_check_list (once). */
export function* list_file(file: File): Gen {
  lockdep_assert_held(current().machine.epnested_mutex);
  const m = current().machine;
  yield rd(file, 'f_ep');
  const head = file.f_ep;
  if (!(head instanceof EpitemsHead)) return;
  yield rd(head, 'next');
  if (head.onCheckList) return;
  yield wr(head, 'next');
  head.onCheckList = true;
  yield wr(m.globals, 'tfile_check_list');
  m.tfile_check_list.push(head);
}

/**
 * unlist_file: take a head off tfile_check_list. An emptied head is freed here (ep_remove_file leaves a listed head
 * alone); a non-empty one is unlisted under its file's f_lock, which orders this with ep_remove_file.
 */
function* unlist_file(head: EpitemsHead): Gen {
  yield rcuRd(head, 'first');
  const epi = head.epitems[0];
  let toFree: EpitemsHead | null = head;
  if (epi !== undefined) {
    const file = epi.ffd.file;
    yield* spin_lock(file.f_lock);
    yield rd(head, 'first');
    if (head.epitems.length > 0) toFree = null;
    yield wr(head, 'next');
    head.onCheckList = false;
    yield* spin_unlock(file.f_lock);
  }
  if (toFree !== null) yield* kfree(toFree);
}

/** clear_tfile_check_list: unlist every head (freeing those that emptied while listed). */
export function* clear_tfile_check_list(): Gen {
  lockdep_assert_held(current().machine.epnested_mutex);
  const m = current().machine;
  yield wr(m.globals, 'tfile_check_list');
  const heads = m.tfile_check_list as EpitemsHead[];
  m.tfile_check_list = [];
  for (const h of heads) yield* unlist_file(h);
}

/** reverse_path_check_proc, under rcu_read_lock: follows epi->ep->refs upward from a watched file. */
function* reverse_path_check_proc(refs: HlistHead, depth: number, count: number[]): Gen<boolean> {
  if (depth > EP_MAX_NESTS) return false;
  yield rcuRd(refs, 'first');
  for (const epi of [...refs.epitems]) {
    const up = epi.ep.refs;
    yield rcuRd(up, 'first');
    if (up.epitems.length === 0) {
      if (depth !== 0 && ++(count[depth] as number) > (PATH_LIMITS[depth] as number)) return false;
    } else if (!(yield* reverse_path_check_proc(up, depth + 1, count))) {
      return false;
    }
  }
  return true;
}

/** reverse_path_check: every listed file keeps within the per-length wakeup-path limits (else EINVAL). */
export const reverse_path_check = kfn('reverse_path_check', function* (): Gen<boolean> {
  lockdep_assert_held(current().machine.epnested_mutex);
  const m = current().machine;
  for (const head of m.tfile_check_list as EpitemsHead[]) {
    if (!(yield* reverse_path_check_proc(head, 0, [0, 0, 0, 0, 0]))) return false;
  }
  return true;
});
