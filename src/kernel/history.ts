// Models no kernel file: which knob value each kernel release has, from the commits that changed them (mainline and
// the stable backports), so a version string such as `6.18.44` names a set of knobs.
import type { KnobName, Knobs } from './knobs.ts';

/** One change of a knob: the commit, the first mainline release that has it, and the stable releases it was backported to. */
export interface KnobChange {
  readonly knob: KnobName;
  readonly value: Knobs[KnobName];
  readonly commit: string;
  readonly title: string;
  /** First mainline release, `MAJOR.MINOR`. */
  readonly release: string;
  /** Stable releases (`MAJOR.MINOR.PATCH`) that got the backport, one per branch. */
  readonly stable: readonly string[];
  readonly cve?: string;
}

/**
 * The earliest release the model follows: 6.6, the first with both 6.4's ep refcount + epi->dying design
 * (58c9b016e128) and close(2)'s synchronous __fput (021a160abf62), which the model does not make knobs. (6.7's
 * SLAB_TYPESAFE_BY_RCU filp cache, 0ede61d8589c, is not a knob either: before it files were freed after an RCU grace
 * period, which the model's RCU-marked lookups treat alike; only slot recycling is 6.7+.)
 */
export const EARLIEST = '6.6';

/** The newest release the table knows: a later one may have changes it does not list. */
export const NEWEST = '7.2';

/**
 * The knobs of 6.6: before every change below. `mutex_unlock` is the model's precision, not a change: every unlock
 * takes the slow path (a superset of the kernel's wait_lock touches). `slowpath_if_waiters`, the kernel's own choice,
 * reached the same states on every corpus and atlas test (v6.8, v6.13, v7.1) at 2.1x the executions
 * (test/kernel/lock.test.ts; docs/case-study-notes.md).
 */
export const BASE_KNOBS: Knobs = {
  counter: 'atomic_long',
  item_poll_pin: 'none',
  dmabuf_poll_ref: 'get_file',
  get_file_zero: 'silent',
  ep_remove_pin: false,
  epoll_wait_errno: 'einval_first',
  eventfd_write_count: 'at_least_8',
  loop_check: 'visited_skip',
  loop_check_placeholder: 'int_max',
  ep_free: 'kfree',
  ep_put: 'under_mtx',
  mutex_unlock: 'handoff_then_wait_lock',
  close_put: 'fput',
  ep_lock: 'rwlock',
  eavail_check: 'lockless',
  ep_poll_task_work: 'none',
  epi_unpin: 'fput',
};

/** Every knob change after 6.6, in mainline order (epoll-bug-history.md E1-E9). */
export const HISTORY: readonly KnobChange[] = [
  {
    knob: 'item_poll_pin',
    value: 'inc_not_zero',
    commit: '4efaa5acf0a1',
    title: 'epoll: be better about file lifetimes',
    release: '6.9',
    stable: ['6.1.93', '6.6.33', '6.8.12'],
    cve: 'CVE-2024-38580',
  },
  {
    knob: 'eventfd_write_count',
    value: 'exactly_8',
    commit: 'c8d2bfabba89',
    title: 'eventfd: strictly check the count parameter of eventfd_write',
    release: '6.9',
    stable: [],
  },
  {
    knob: 'get_file_zero',
    value: 'warn',
    commit: 'f6bdc7865ef4',
    title: 'fs: WARN when f_count resurrection is attempted',
    release: '6.10',
    stable: [],
  },
  {
    knob: 'counter',
    value: 'file_ref',
    commit: '08ef26ea9ab3',
    title: 'fs: add file_ref (+ 90ee6ed776c0 fs: port files to file_ref)',
    release: '6.13',
    stable: [],
  },
  {
    knob: 'epoll_wait_errno',
    value: 'ebadf_first',
    commit: '6b47d35d4d9e',
    title: 'eventpoll: abstract out parameter sanity checking',
    release: '6.15',
    stable: [],
  },
  {
    knob: 'close_put',
    value: 'oneref_cmpxchg',
    commit: 'e83588458f65',
    title: 'file: add fput and file_ref_put routines optimized for use when closing a fd (+ 3e46a92a27c2)',
    release: '6.15',
    stable: [],
  },
  {
    knob: 'ep_put',
    value: 'after_unlock',
    commit: '8c2e52ebbe88',
    title: "eventpoll: don't decrement ep refcount while still holding the ep mutex",
    release: '6.16',
    stable: ['6.1.178', '6.6.99', '6.12.39', '6.15.7'],
    cve: 'CVE-2025-38349',
  },
  {
    knob: 'loop_check',
    value: 'upward_depth',
    commit: 'f2e467a48287',
    title: 'eventpoll: Fix semi-unbounded recursion',
    release: '6.17',
    stable: ['6.1.149', '6.6.103', '6.12.43', '6.15.11', '6.16.1'],
    cve: 'CVE-2025-38614',
  },
  {
    // Stable: 6.6.114 (its announcement), 6.1.159 (the 6.1.159-rc1 review shortlog). A 6.12.y backport exists (a 2026
    // regression report on 6.12.79-rt; Greg KH: "backported to stable 6.12.y") but its first release is unknown, so
    // 6.12.y releases here keep the rwlock; 6.17.y is unknown too.
    knob: 'ep_lock',
    value: 'spinlock',
    commit: '0c43094f8cc9',
    title: 'eventpoll: Replace rwlock with spinlock',
    release: '6.18',
    stable: ['6.1.159', '6.6.114'],
  },
  {
    // Stable: from the -rc1 review series that carry it (6.19.7, 6.18.17, 6.12.77, 6.6.130, 6.1.167).
    knob: 'loop_check_placeholder',
    value: 'max_nests_plus_1',
    commit: 'fdcfce93073d',
    title: 'eventpoll: Fix integer overflow in ep_loop_check_proc()',
    release: '7.0',
    stable: ['6.1.167', '6.6.130', '6.12.77', '6.18.17', '6.19.7'],
  },
  {
    knob: 'ep_free',
    value: 'kfree_rcu',
    commit: '07712db80857',
    title: 'eventpoll: defer struct eventpoll free to RCU grace period',
    release: '7.0',
    stable: ['6.1.175', '6.6.136', '6.12.83', '6.18.24', '6.19.14'],
    cve: 'CVE-2026-43074',
  },
  {
    knob: 'ep_remove_pin',
    value: true,
    commit: 'a6dc643c6931',
    title: 'eventpoll: fix ep_remove struct eventpoll / struct file UAF',
    release: '7.1',
    stable: ['6.1.178', '6.6.144', '6.12.95', '6.18.33', '7.0.10'],
    cve: 'CVE-2026-46242',
  },
  {
    knob: 'eavail_check',
    value: 'seqcount',
    commit: '0c4aefe3c2d0',
    title: 'eventpoll: Fix epoll_wait() report false negative',
    release: '7.2',
    stable: [],
  },
];

/** A release as numbers: `6.18.44-foo` -> [6, 18, 44]; null when it does not start with MAJOR.MINOR. */
export function parseRelease(rel: string): readonly [number, number, number] | null {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(rel);
  if (m === null) return null;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

const key = (maj: number, min: number): number => maj * 1000 + min;

/** Does release `r` contain `c` (its mainline release, or a backport on r's stable branch at or below r)? */
export function hasChange(r: readonly [number, number, number], c: KnobChange): boolean {
  const [maj, min] = parseRelease(c.release) ?? [0, 0];
  if (key(r[0], r[1]) >= key(maj, min)) return true;
  return c.stable.some((s) => {
    const p = parseRelease(s);
    return p !== null && p[0] === r[0] && p[1] === r[1] && r[2] >= p[2];
  });
}

/** The knobs of a release (`6.18.44`, `v6.12.39`, `7.1`), or a message when the model does not cover it. */
export function knobsForRelease(
  rel: string,
): { ok: true; knobs: Knobs } | { ok: false; message: string; tooNew: boolean } {
  const r = parseRelease(rel);
  if (r === null)
    return { ok: false, message: `'${rel}' is not a kernel release (MAJOR.MINOR[.PATCH])`, tooNew: false };
  const first = parseRelease(EARLIEST) ?? [6, 6, 0];
  if (key(r[0], r[1]) < key(first[0], first[1])) {
    return {
      ok: false,
      message: `release ${rel} predates ${EARLIEST}: the epmutex design (before 58c9b016e128, 6.4) and close's deferred __fput (before 021a160abf62, 6.6) are not modelled`,
      tooNew: false,
    };
  }
  const last = parseRelease(NEWEST) ?? [7, 2, 0];
  if (key(r[0], r[1]) > key(last[0], last[1])) {
    return {
      ok: false,
      message: `release ${rel} is newer than the newest release the version table knows (${NEWEST})`,
      tooNew: true,
    };
  }
  const knobs: Record<string, unknown> = { ...BASE_KNOBS };
  for (const c of HISTORY) if (hasChange(r, c)) knobs[c.knob] = c.value;
  return { ok: true, knobs: knobs as Knobs };
}
