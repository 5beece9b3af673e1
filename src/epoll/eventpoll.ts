// Models fs/eventpoll.c's objects: struct eventpoll, struct epitem, struct eppoll_entry, struct epitems_head.
//
// Lock order (outermost first), as the model takes them and as fs/eventpoll.c documents its own:
//   epnested_mutex (global; only an EPOLL_CTL_ADD that needs the loop and path checks takes it, after dropping its
//     ep->mtx, which it then takes again)
//   > ep->mtx (sleeping; ctl, scans, removals; a nested epoll's mtx is taken under its watcher's, outer before inner,
//     one lockdep subclass per depth)
//   > ep->lock (spinning; rdllist, ovflist and the ep->wq list) and file->f_lock (f_ep and the watched file's
//     hlist), never held together.
// Wait-queue locks: a watched queue's lock (a file's queue, or a nested epoll's poll_wait) sits outside ep->lock, since
// ep_poll_callback runs with it held and takes ep->lock inside; ep->wq's own lock sits inside ep->lock (ep_poll_callback
// and ep_done_scan wake ep->wq with ep->lock held); ep_poll_safewake takes poll_wait's lock with no ep lock held.
// namespace_sem (with mount_lock) belongs to the mount tree: umount and mount take it with none of the above, and no
// epoll path takes it. Functions that rely on a lock their caller took assert it (lockdep_assert_held).
import { via, type Aliases, type LockedBy } from '../kernel/access.ts';
import { Lock, mutex, spinlock } from '../kernel/lock.ts';
import { Embedded, KObject } from '../kernel/object.ts';
import type { Task } from '../kernel/task.ts';
import type { Views } from '../kernel/step.ts';
import type { File } from '../kernel/vfs.ts';
import { WaitQueueHead, type WaitQueueEntry } from '../kernel/wait.ts';
import { EPOLLET, EPOLLEXCLUSIVE, EPOLLONESHOT, EPOLLWAKEUP } from '../kernel/uapi.ts';

export const EP_PRIVATE_BITS = (EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE) >>> 0;
/** Maximum epoll-in-epoll edges in a chain. */
export const EP_MAX_NESTS = 4;
/** INT_MAX / sizeof(struct epoll_event) (12 bytes, packed on x86_64). */
export const EP_MAX_EVENTS = Math.floor(2147483647 / 12);

/** An hlist of epitems watching one file: `file->f_ep` points at one (an epitems_head, or an epoll's `refs`). */
export interface HlistHead extends KObject {
  /** `first`: the hlist (`epitems`). */
  readonly $locations?: 'first';
  readonly epitems: Epitem[];
}

/** struct epitems_head: allocated at the first ADD of a non-epoll file. `next` links tfile_check_list. */
export class EpitemsHead extends KObject implements HlistHead {
  /** `first`: the hlist; `next` links tfile_check_list, and `onCheckList` is what its value says (listed or not). */
  declare readonly $locations?: 'first';
  static readonly $aliases: Aliases<EpitemsHead> = { epitems: 'first', onCheckList: 'next' };
  /** The hlist changes under the watched file's f_lock (reverse_path_check reads it under RCU, with steps). */
  static readonly $lockedBy: LockedBy<EpitemsHead> = { first: (h) => h.file.f_lock };
  /** Not kernel state: the watched file, for the audit's `$lockedBy` (the kernel finds the head from the file). */
  static readonly $bookkeeping = ['file'];
  constructor(readonly file: File) {
    super();
  }
  readonly epitems: Epitem[] = [];
  next: EpitemsHead | null = null;
  onCheckList = false;
}

/** `ep->refs`: the epitems in other epolls that watch this epoll's file. */
export class RefsHead extends Embedded implements HlistHead {
  declare readonly $locations?: 'first';
  static readonly $aliases: Aliases<RefsHead> = { epitems: 'first' };
  /** As an epitems_head's: under the epoll file's f_lock. */
  static readonly $lockedBy: LockedBy<RefsHead> = { first: (h) => (h.container as Eventpoll).file?.f_lock ?? NO_LOCK };
  readonly epitems: Epitem[] = [];
}

/** struct eppoll_entry: the wait-queue hook ep_ptable_queue_proc installs on a target's queue. */
export interface EppollEntry {
  readonly base: Epitem;
  readonly wait: WaitQueueEntry;
  whead: WaitQueueHead | null;
}

/** struct epitem: one registration, keyed by (file, fd). It holds no reference on the file. */
export class Epitem extends KObject {
  /** `event`: epi->event, the registered events and data; `next`: the ovflist link (`onOvflist`). */
  declare readonly $locations?: 'event' | 'next';
  static readonly $aliases: Aliases<Epitem> = {
    events: 'event',
    data: 'event',
    // Links of the ep's lists: list_add(&epi->rdllink, &ep->rdllist) and the ovflist chain (epi->next). A link of a
    // scan's txlist (stolen from rdllist under ep->lock) is private to the scanner, which holds ep->mtx.
    rdllink: via(
      (epi: Epitem, v: unknown) => (onTxlist(epi, epi.rdllink) || onTxlist(epi, v) ? null : epi.ep),
      'rdllist',
    ),
    onOvflist: 'next',
  };
  /** epi->event changes only under ep->mtx (ep_modify); epi->next (the ovflist link) only under ep->lock. */
  static readonly $lockedBy: LockedBy<Epitem> = { event: (epi) => epi.ep.mtx, next: (epi) => epi.ep.lock };
  /** The list (rdllist or a scan's txlist) the item is on, or null (rdllink unlinked). */
  rdllink: Epitem[] | null = null;
  /** On ep->ovflist (epi->next != EP_UNACTIVE_PTR). */
  onOvflist = false;
  pwqlist: EppollEntry[] = [];
  /** 6.4-7.0 only: set by eventpoll_release_file under f_lock so ep_remove_safe leaves the item alone. */
  dying = false;
  events: number;
  data: bigint;
  constructor(
    readonly ep: Eventpoll,
    readonly ffd: { readonly file: File; readonly fd: number },
    events: number,
    data: bigint,
  ) {
    super();
    this.events = events >>> 0;
    this.data = data;
  }
  override get label(): string {
    return `epi#${this.id}(fd ${this.ffd.fd})`;
  }
}

/**
 * The location of "a scan is running" (ep->ovflist != EP_UNACTIVE_PTR): `ovflist`, or with 0c4aefe3c2d0's seqcount
 * (7.2) `rdllist`, which the seqcount makes one consistent read with the ready list for ep_events_available.
 */
export function scanLocation(t: Task): 'ovflist' | 'rdllist' {
  return t.machine.variant.eavail_check === 'lockless' ? 'ovflist' : 'rdllist';
}

/** Stands for "no lock held" where an object has no lock yet (an epoll whose file is not created). */
const NO_LOCK = new Lock(new KObject(), 'none', false);

/** Is `list` (an epitem's rdllink) a scan's private txlist rather than its ep's rdllist? */
function onTxlist(epi: Epitem, list: unknown): boolean {
  return Array.isArray(list) && list !== epi.ep.rdllist;
}

/** struct eventpoll: one epoll instance. */
export class Eventpoll extends KObject {
  /** `busy_poll`: the three busy-poll parameters EPIOCSPARAMS sets together. */
  declare readonly $locations?: 'busy_poll';
  static readonly $aliases: Aliases<Eventpoll> = {
    // `scanning` is ovflist != EP_UNACTIVE_PTR; with the 7.2 seqcount, readers see it and rdllist as one location.
    scanning: via((ep: Eventpoll) => ep, scanLocation),
    busy_poll_usecs: 'busy_poll',
    busy_poll_budget: 'busy_poll',
    prefer_busy_poll: 'busy_poll',
  };
  /** The loop check's memo of a chain's depth: only loop checks (under epnested_mutex) touch it. */
  static readonly $lockedBy: LockedBy<Eventpoll> = {
    loop_check_depth: (_ep, t) => t.machine.epnested_mutex,
    // ovflist's list is changed under ep->lock (ep_events_available only reads whether a scan runs).
    ovflist: (ep) => ep.lock,
  };
  /**
   * What ep_events_available's lockless loads use (`rdView`): whether the ready list is empty, and whether a scan runs
   * (ovflist != EP_UNACTIVE_PTR; lockless, `scanning` changes only under `ovflist` steps). DPOR orders those loads only
   * after the stores that change these, not after every store of the list (an item queued on ovflist mid-scan).
   */
  static readonly $views: Views<Eventpoll> = {
    rdllist: (ep) => ep.rdllist.length > 0,
    ovflist: (ep) => ep.scanning,
  };
  readonly mtx: Lock = mutex(this, 'mtx');
  /** ep->lock: protects rdllist, ovflist and the wq list; an rwlock before 6.18 (knob `ep_lock`, see callback.ts). */
  readonly lock: Lock = spinlock(this, 'lock');
  readonly wq: WaitQueueHead = new WaitQueueHead(this, 'wq');
  readonly poll_wait: WaitQueueHead = new WaitQueueHead(this, 'poll_wait');
  readonly rdllist: Epitem[] = [];
  /** The rbtree: items by file, then by fd. */
  readonly rbr = new Map<File, Map<number, Epitem>>();
  /** ovflist, LIFO; `scanning` false means EP_UNACTIVE_PTR. */
  ovflist: Epitem[] = [];
  scanning = false;
  readonly refs: RefsHead = new RefsHead(this, 'refs');
  /** 1 for the epoll file plus 1 per epitem (6.4+). */
  refcount = 1;
  file: File | null = null;
  gen = 0;
  loop_check_depth = 0;
  /** Busy-poll parameters set by EPIOCSPARAMS (stored only: the model has no NAPI). */
  busy_poll_usecs = 0;
  busy_poll_budget = 0;
  prefer_busy_poll = 0;
  override get label(): string {
    return `ep#${this.id}`;
  }
}

/** The epitems of an instance in rbtree order (file address ~ allocation order, then fd). */
export function rbItems(ep: Eventpoll): Epitem[] {
  const out: Epitem[] = [];
  const files = [...ep.rbr.keys()].sort((a, b) => a.id - b.id);
  for (const f of files) {
    const byFd = ep.rbr.get(f);
    if (byFd === undefined) continue;
    for (const fd of [...byFd.keys()].sort((a, b) => a - b)) out.push(byFd.get(fd) as Epitem);
  }
  return out;
}

export function rbCount(ep: Eventpoll): number {
  let n = 0;
  for (const m of ep.rbr.values()) n += m.size;
  return n;
}

/** is_file_epoll. */
export function is_file_epoll(f: File): boolean {
  return f.private_data instanceof Eventpoll;
}
