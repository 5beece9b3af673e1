// Models no kernel file: the knobs a kernel variant is made of, each value standing for one version of the code.

/** Every knob with its allowed values. Kernel code reads knobs only through `machine.variant`. */
export interface Variant {
  /** Preset the variant started from, plus any overrides, e.g. `v6.9,item_poll_pin=sb_nouser`. */
  readonly name: string;
  /** f_count semantics: resurrecting atomic_long (<= 6.12) or file_ref_t with a sticky dead state (6.13+, 08ef26ea9ab3). */
  readonly counter: 'atomic_long' | 'file_ref';
  /** ep_item_poll's pin: none (P0, <= 6.8), inc-not-zero (P1, 4efaa5acf0a1), or Brauner's SB_NOUSER-only pin (P2). */
  readonly item_poll_pin: 'none' | 'inc_not_zero' | 'sb_nouser';
  /** dma_buf_poll's own reference: plain get_file (mainline) or get_file_active first, EPOLLERR if dying (P3). */
  readonly dmabuf_poll_ref: 'get_file' | 'get_file_active';
  /** get_file on a zero atomic_long count: no kernel message (< 6.10) or a WARN (f6bdc7865ef4, 6.10): report text only. */
  readonly get_file_zero: 'silent' | 'warn';
  /** ep_remove pins the watched file before touching f_ep (a6dc643c6931, 7.1); off = 6.4-7.0 epi->dying path. */
  readonly ep_remove_pin: boolean;
  /** epoll_wait argument checks: EINVAL/EFAULT before EBADF (< 6.15) or EBADF first (6.15+, ep_check_params). */
  readonly epoll_wait_errno: 'einval_first' | 'ebadf_first';
  /** eventfd_write's count check: at least 8 bytes, extra bytes ignored (< 6.9) or exactly 8 (6.9+, c8d2bfabba89). */
  readonly eventfd_write_count: 'at_least_8' | 'exactly_8';
  /** ep_loop_check: the downward walk that skips visited epolls (< 6.17) or the depth walk down and up (f2e467a48287). */
  readonly loop_check: 'visited_skip' | 'upward_depth';
  /** ep_free: kfree at once (< 7.0) or kfree_rcu, so RCU walkers of epi->ep may still read it (07712db80857). */
  readonly ep_free: 'kfree' | 'kfree_rcu';
  /** The ep refcount's final decrements: under ep->mtx (6.4 - 6.16-rc5) or after mutex_unlock (8c2e52ebbe88, 6.16). */
  readonly ep_put: 'under_mtx' | 'after_unlock';
  /** mutex_unlock: one step, or the slow path's hand-off then a last touch of lock->wait_lock (every kernel). */
  readonly mutex_unlock: 'atomic' | 'handoff_then_wait_lock';
  /** close(2)'s final put: the ordinary put, or one cmpxchg ONEREF -> DEAD first (6.15, e83588458f65; file_ref only). */
  readonly close_put: 'fput' | 'oneref_cmpxchg';
  /** ep_events_available: two lockless loads (rdllist, then ovflist; < 7.2) or a seqcount-checked read (0c4aefe3c2d0). */
  readonly eavail_check: 'lockless' | 'seqcount';
  /** Candidate fix for I5: ep_poll runs the poller's pending task_work (the pin's final fput) before sleeping again. */
  readonly ep_poll_task_work: 'none' | 'before_sleep';
  /** Candidate fix for I5: how ep_item_poll drops its pin — fput (task_work of the poller) or the delayed-fput kworker. */
  readonly epi_unpin: 'fput' | 'delayed_fput';
}

export type KnobName = Exclude<keyof Variant, 'name'>;
export type Knobs = Omit<Variant, 'name'>;

/** A knob's values as text (`true`/`false` for a boolean knob): a value the knob's type lacks fails typecheck. */
export type KnobText<K extends KnobName> = `${Knobs[K]}`;

/** Documentation of each knob: values and what each value models (the commits are in `history.ts`). */
export const KNOBS: { readonly [K in KnobName]: { readonly values: readonly KnobText<K>[]; readonly doc: string } } = {
  counter: {
    values: ['atomic_long', 'file_ref'],
    doc: 'f_count type: atomic_long (get_file resurrects 0 -> 1) | file_ref (6.13, 08ef26ea9ab3 + 90ee6ed776c0: dead is sticky)',
  },
  item_poll_pin: {
    values: ['none', 'inc_not_zero', 'sb_nouser'],
    doc: 'ep_item_poll pin: none (P0, <= 6.8) | inc_not_zero (P1, 4efaa5acf0a1, v6.9) | sb_nouser (P2, Brauner 2024-05-06, unmerged)',
  },
  dmabuf_poll_ref: {
    values: ['get_file', 'get_file_active'],
    doc: 'dma_buf_poll ref: get_file (mainline, ff2d23843f7f) | get_file_active (P3, Brauner 2024-05-04, unmerged)',
  },
  get_file_zero: {
    values: ['silent', 'warn'],
    doc: "get_file of a zero atomic_long f_count: silent (< 6.10: the model still flags it, as its own check) | warn (f6bdc7865ef4, 6.10: WARN 'f_count incremented from zero'); file_ref warns from file_ref_inc either way",
  },
  ep_remove_pin: {
    values: ['false', 'true'],
    doc: 'ep_remove pins the file before f_ep (a6dc643c6931, 7.1, CVE-2026-46242 fix); false = 6.4-7.0 epi->dying path',
  },
  epoll_wait_errno: {
    values: ['einval_first', 'ebadf_first'],
    doc: 'epoll_wait checks: einval_first (< 6.15) | ebadf_first (6.15+, ep_check_params refactor)',
  },
  eventfd_write_count: {
    values: ['at_least_8', 'exactly_8'],
    doc: 'eventfd write count: at_least_8 (< 6.9, bytes past 8 ignored) | exactly_8 (6.9, c8d2bfabba89: else EINVAL)',
  },
  loop_check: {
    values: ['visited_skip', 'upward_depth'],
    doc: 'ep_loop_check: visited_skip (downward only, a too-deep chain is EINVAL from reverse_path_check or accepted) | upward_depth (f2e467a48287, 6.17, CVE-2025-38614: ELOOP when down + 1 + up > 4; the upward walk reads epi->ep under RCU only)',
  },
  ep_free: {
    values: ['kfree', 'kfree_rcu'],
    doc: 'ep_free: kfree (an RCU walker of epi->ep reads freed memory, CVE-2026-43074) | kfree_rcu (07712db80857, 7.0)',
  },
  ep_put: {
    values: ['under_mtx', 'after_unlock'],
    doc: 'ep refcount drop in ep_clear_and_put / eventpoll_release_file: under_mtx (58c9b016e128, 6.4; CVE-2025-38349 with the mutex slow path) | after_unlock (8c2e52ebbe88, 6.16)',
  },
  mutex_unlock: {
    values: ['atomic', 'handoff_then_wait_lock'],
    doc: 'mutex_unlock: atomic (one step: a coarser model) | handoff_then_wait_lock (kernel/locking/mutex.c slow path: the owner is released, a waiter may run, then lock->wait_lock is touched)',
  },
  close_put: {
    values: ['fput', 'oneref_cmpxchg'],
    doc: "close's put: fput (file_ref: decrement to NOREF, then cmpxchg NOREF -> DEAD; a get in between revives the file) | oneref_cmpxchg (6.15, e83588458f65 + 3e46a92a27c2: a sole reference dies in one cmpxchg)",
  },
  eavail_check: {
    values: ['lockless', 'seqcount'],
    doc: 'ep_events_available: lockless (two loads, rdllist then ovflist, against ep_start_scan/ep_done_scan stores: epoll_wait(..., 0) may return 0 with an LT item ready) | seqcount (0c4aefe3c2d0, 7.2)',
  },
  ep_poll_task_work: {
    values: ['none', 'before_sleep'],
    doc: 'candidate fix (I5, unmerged): none (every kernel: task_work runs only at the return to user) | before_sleep (ep_poll runs task_work_run() when nothing was harvested, before it sleeps again, as io_uring waits do)',
  },
  epi_unpin: {
    values: ['fput', 'delayed_fput'],
    doc: "candidate fix (I5, unmerged): fput (every kernel: the pin's last put queues __fput on the poller's task_work) | delayed_fput (the pin's last put goes to delayed_fput_list and its kworker, as a kthread's fput does)",
  },
};
