// Models no kernel file: the candidate fixes for I5 (deferred release), each a set of knob values a patch would set.
import type { Knobs } from './knobs.ts';

export interface CandidateFix {
  /** Preset name: the candidate on top of the newest version preset. */
  readonly name: string;
  readonly knobs: Partial<Knobs>;
  readonly doc: string;
}

/** The candidates `epoll-lab judge` compares (docs/findings/I5-deferred-release.md). */
export const CANDIDATE_FIXES: readonly CandidateFix[] = [
  {
    name: 'fix-task-work',
    knobs: { ep_poll_task_work: 'before_sleep' },
    doc: "candidate (a): ep_poll runs pending task_work (the pin's last fput) before it sleeps again",
  },
  {
    name: 'fix-delayed-fput',
    knobs: { epi_unpin: 'delayed_fput' },
    doc: "candidate (b): ep_item_poll's unpin sends the last put to the delayed-fput kworker, never to the poller",
  },
  {
    name: 'fix-no-pin',
    knobs: { item_poll_pin: 'none', dmabuf_poll_ref: 'get_file_active' },
    doc: 'candidate (c): no pin in ep_item_poll (as <= 6.8); dma_buf_poll takes get_file_active instead (P3)',
  },
  {
    name: 'fix-nouser',
    knobs: { item_poll_pin: 'sb_nouser' },
    doc: "candidate (d): Brauner's SB_NOUSER-only pin (P2) on the newest release",
  },
];
