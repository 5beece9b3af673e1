// Models fs/select.c: poll(2) on one pollfd with a zero timeout (do_sys_poll, do_poll, do_pollfd).
import { fdget, fdput } from './fdtable.ts';
import { kfn } from './kfn.ts';
import type { Gen } from './step.ts';
import { POLLERR, POLLHUP, POLLNVAL } from './uapi.ts';
import { vfs_poll } from './poll.ts';
import type { PollTable } from './vfs.ts';

/** The result of poll on one fd: the count of fds with events (0 or 1) and their revents. */
export interface PollResult {
  readonly ret: number;
  readonly revents: number;
}

/**
 * do_pollfd: a negative fd is ignored (revents 0); a closed fd reports POLLNVAL; otherwise the file's ->poll with
 * the requested events plus POLLERR|POLLHUP, which are always reported. With a zero timeout do_poll passes a table
 * with no queue proc, so nothing is queued on any wait queue.
 */
const do_pollfd = kfn('do_pollfd', function* (fd: number, events: number): Gen<number> {
  if (fd < 0) return 0;
  const f = yield* fdget(fd);
  if (f === null) return POLLNVAL;
  const filter = ((events & 0xffff) | POLLERR | POLLHUP) >>> 0;
  const pt: PollTable = { _qproc: null, _key: filter };
  const mask = yield* vfs_poll(f.file, pt);
  yield* fdput(f);
  return (mask & filter) >>> 0;
});

/** poll(&{fd, events}, 1, 0): one pass, no sleeping. */
export const sys_poll = kfn('poll', function* (fd: number, events: number): Gen<PollResult> {
  const revents = yield* do_pollfd(fd, events);
  return { ret: revents !== 0 ? 1 : 0, revents };
});
