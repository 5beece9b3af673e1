// Models no kernel file: the known epoll lifetime bugs of epoll-bug-history.md (E1-E10), each with the litmus test
// that reproduces it and the knob values that decide, from the version table, which releases have it.
import { HISTORY, type KnobChange } from '../kernel/history.ts';
import type { KnobName, Knobs } from '../kernel/knobs.ts';

/** A knob setting: `{ knob: 'ep_put', value: 'after_unlock' }`. */
export interface KnobSetting {
  readonly knob: KnobName;
  readonly value: Knobs[KnobName];
}

/** A bug the model can express: its litmus test (in litmus/bugs/) and when a release has it. */
export interface AtlasBug {
  readonly id: string;
  readonly title: string;
  readonly cve: string | null;
  /** File name under litmus/bugs/; the test's `exists` condition is the bug. */
  readonly litmus: string;
  /** The knob setting of the fix: a release with it is clean. */
  readonly fixedBy: KnobSetting;
  /** The knob setting that brought the bug in, when it came after 6.6 (E5b: the upward walk). */
  readonly introducedBy: KnobSetting | null;
}

/** A known bug the model cannot express, and why. */
export interface InexpressibleBug {
  readonly id: string;
  readonly title: string;
  readonly reason: string;
}

export const ATLAS_BUGS: readonly AtlasBug[] = [
  {
    id: 'E1',
    title: 'ep_item_poll polls an unpinned file: dma_buf_poll revives it, a second __fput',
    cve: 'CVE-2024-38580',
    litmus: 'E1-dmabuf-poll-resurrect.litmus',
    fixedBy: { knob: 'item_poll_pin', value: 'inc_not_zero' },
    introducedBy: null,
  },
  {
    id: 'E3',
    title: 'Bad Epoll: ep_remove clears f_ep, the watched epoll is freed under hlist_del_rcu',
    cve: 'CVE-2026-46242',
    litmus: 'E3-bad-epoll.litmus',
    fixedBy: { knob: 'ep_remove_pin', value: true },
    introducedBy: null,
  },
  {
    id: 'E4',
    title: 'ep refcount dropped under ep->mtx: the next owner frees the ep under mutex_unlock',
    cve: 'CVE-2025-38349',
    litmus: 'E4-ep-put-under-mtx.litmus',
    fixedBy: { knob: 'ep_put', value: 'after_unlock' },
    introducedBy: null,
  },
  {
    id: 'E5',
    title: 'semi-unbounded recursion: the downward-only loop check accepts a chain deeper than 4 edges',
    cve: 'CVE-2025-38614',
    litmus: 'E5-loop-check-depth.litmus',
    fixedBy: { knob: 'loop_check', value: 'upward_depth' },
    introducedBy: null,
  },
  {
    id: 'E5a',
    title: "ep_loop_check_proc's INT_MAX + 1 wraps: ADD(e3, e1) over e1 > e2 > e3 closes a cycle",
    cve: null,
    litmus: 'E5a-loop-check-int-overflow.litmus',
    fixedBy: { knob: 'loop_check_placeholder', value: 'max_nests_plus_1' },
    introducedBy: { knob: 'loop_check', value: 'upward_depth' },
  },
  {
    id: 'E5b',
    title: 'the upward loop-check walk reads an eventpoll that ep_free freed at once',
    cve: 'CVE-2026-43074',
    litmus: 'E5b-loop-check-rcu.litmus',
    fixedBy: { knob: 'ep_free', value: 'kfree_rcu' },
    introducedBy: { knob: 'loop_check', value: 'upward_depth' },
  },
  {
    id: 'E7',
    title: 'epoll_wait(..., 0) returns 0 with a level-triggered item ready (two lockless loads)',
    cve: null,
    litmus: 'E7-eavail-false-negative.litmus',
    fixedBy: { knob: 'eavail_check', value: 'seqcount' },
    introducedBy: null,
  },
];

export const INEXPRESSIBLE_BUGS: readonly InexpressibleBug[] = [
  {
    id: 'E2',
    title: 'file_ref (6.13): a get between the decrement and the cmpxchg to DEAD revives the file',
    reason: 'a semantic change, not a bug: litmus/I2-dmabuf-async-file-ref-revive.litmus shows the revival',
  },
  {
    id: 'E5c',
    title: '8b7e8245e229 eventpoll: pin files while checking reverse paths',
    reason: 'patch content unread (epoll-bug-history.md marks it [U])',
  },
  {
    id: 'E6',
    title: 'ep->lock rwlock with lockless adds in ep_poll_callback (until 0c43094f8cc9, 6.18; stable 6.6.114)',
    reason:
      'modelled (knob ep_lock), no user-visible difference: litmus/E6-ep-lock-producers.litmus (two writers ' +
      'against epoll_wait) has the same outcome sets on the rwlock (v6.17) and the spinlock (v6.18) ' +
      '(test/epoll/ep-lock.test.ts); not a bug, so no atlas row',
  },
  {
    id: 'E8',
    title: '58c9b016e128 (6.4): epmutex replaced by the ep refcount and epi->dying',
    reason: 'the model starts at 6.6: the epmutex design before 6.4 is not modelled',
  },
  {
    id: 'E9d',
    title: 'CVE-2025-38017: busy loop after an expired timeout (6.14.4-6.14.7 only)',
    reason: 'no preset for 6.14 stable; the model has no busy loop detector',
  },
  {
    id: 'E10',
    title: 'fget re-check (CVE-2021-4083), POLLFREE (signalfd, binder, psi), kernfs, __legitimize_mnt',
    reason: 'before 6.6, or in files the model has no counterpart for (unix GC, signalfd, cgroup files)',
  },
];

/** Does a release with these knobs have the bug? */
export function affected(bug: AtlasBug, knobs: Knobs): boolean {
  const ib = bug.introducedBy;
  if (ib !== null && knobs[ib.knob] !== ib.value) return false;
  return knobs[bug.fixedBy.knob] !== bug.fixedBy.value;
}

/** The version-table entry of a knob setting (commit, release, stable backports). */
export function changeOf(s: KnobSetting): KnobChange | undefined {
  return HISTORY.find((c) => c.knob === s.knob && c.value === s.value);
}
