// Models include/linux/poll.h: poll_table, poll_wait and vfs_poll.
import { DEFAULT_POLLMASK } from './uapi.ts';
import type { Gen } from './step.ts';
import type { File, PollTable } from './vfs.ts';
import type { WaitQueueHead } from './wait.ts';

/** poll_wait: hand the wait queue to the table's queue proc (epoll's ep_ptable_queue_proc at ADD), if any. */
export function* poll_wait(file: File, whead: WaitQueueHead, pt: PollTable | null): Gen {
  if (pt !== null && pt._qproc !== null) yield* pt._qproc(file, whead, pt);
}

/** poll_requested_events: the events the caller is interested in (all when there is no table). */
export function poll_requested_events(pt: PollTable | null): number {
  return pt === null ? ~0 >>> 0 : pt._key;
}

/** vfs_poll: DEFAULT_POLLMASK for files without ->poll. */
export function* vfs_poll(file: File, pt: PollTable | null): Gen<number> {
  if (file.f_op.poll === undefined) return DEFAULT_POLLMASK;
  return yield* file.f_op.poll(file, pt);
}

/** file_can_poll: does the file have ->poll (epoll_ctl refuses others with EPERM)? */
export function file_can_poll(file: File): boolean {
  return file.f_op.poll !== undefined;
}
