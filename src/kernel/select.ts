// Models fs/select.c: poll(2) on one pollfd (do_sys_poll, do_poll, do_pollfd, the poll_wqueues sleep machinery).
import { current } from './current.ts';
import { ERRNO } from './errno.ts';
import { fdget, fdput } from './fdtable.ts';
import { kfn } from './kfn.ts';
import { KObject } from './object.ts';
import { rd, wr, type Gen } from './step.ts';
import { TASK_INTERRUPTIBLE, TASK_RUNNING, type Task } from './task.ts';
import { POLLERR, POLLHUP, POLLNVAL } from './uapi.ts';
import { vfs_poll } from './poll.ts';
import type { File, PollTable } from './vfs.ts';
import {
  add_wait_queue,
  remove_wait_queue,
  schedule_timeout_until,
  set_current_state,
  try_to_wake_up,
  WaitQueueEntry,
  type WaitQueueHead,
} from './wait.ts';

/** The result of poll on one fd: the count of fds with events (0 or 1) and their revents. */
export interface PollResult {
  readonly ret: number;
  readonly revents: number;
}

/**
 * do_pollfd: a negative fd is ignored (revents 0); a closed fd reports POLLNVAL; otherwise the file's ->poll with
 * the requested events plus POLLERR|POLLHUP, which are always reported. `pt` is the caller's table; its queue proc
 * is null once nothing needs to be queued (a zero timeout, or after the first pass).
 */
const do_pollfd = kfn('do_pollfd', function* (fd: number, events: number, pt: PollTable): Gen<number> {
  if (fd < 0) return 0;
  const f = yield* fdget(fd);
  if (f === null) return POLLNVAL;
  const filter = ((events & 0xffff) | POLLERR | POLLHUP) >>> 0;
  pt._key = filter;
  const mask = yield* vfs_poll(f.file, pt);
  yield* fdput(f);
  return (mask & filter) >>> 0;
});

/** struct poll_table_entry: one wait-queue hook of a sleeping poll, with the events it was queued for. */
interface PollTableEntry {
  readonly wait: WaitQueueEntry;
  readonly whead: WaitQueueHead;
  readonly key: number;
}

/** struct poll_wqueues: the poll table, the polling task, `triggered`, and every hook installed. */
class PollWqueues extends KObject implements PollTable {
  /** The poll table proper is the polling task's (on its stack in Linux); wakers touch only `triggered`. */
  static readonly $ownFields = ['_qproc', '_key', 'entries'];
  _qproc: PollTable['_qproc'] = __pollwait;
  _key = 0;
  triggered = false;
  readonly entries: PollTableEntry[] = [];
  constructor(readonly polling_task: Task) {
    super();
  }
}

/** pollwake: ignore wakeups whose key misses the events; else mark the table triggered and wake the poller. */
function* pollwake(wait: WaitQueueEntry, key: number): Gen<number> {
  const entry = wait.owner as PollTableEntry & { pwq: PollWqueues };
  if (key !== 0 && (key & entry.key) === 0) return 0;
  yield wr(entry.pwq, 'triggered');
  entry.pwq.triggered = true;
  return yield* try_to_wake_up(entry.pwq.polling_task, TASK_INTERRUPTIBLE);
}

/** __pollwait: the queue proc of a sleeping poll: hook a pollwake entry (non-exclusive) on `whead`. */
function* __pollwait(_file: File, whead: WaitQueueHead, pt: PollTable): Gen {
  const pwq = pt as PollWqueues;
  const entry = { wait: new WaitQueueEntry(pollwake, null), whead, key: pwq._key, pwq };
  entry.wait.owner = entry;
  pwq.entries.push(entry);
  yield* add_wait_queue(whead, entry.wait);
}

/** poll_freewait: unhook every entry. */
function* poll_freewait(pwq: PollWqueues): Gen {
  for (const e of pwq.entries) yield* remove_wait_queue(e.whead, e.wait);
  pwq.entries.length = 0;
}

/** poll_schedule_timeout: sleep unless a wakeup already triggered the table; true when the deadline passed. */
function* poll_schedule_timeout(pwq: PollWqueues, deadline: number | null): Gen<boolean> {
  yield* set_current_state(TASK_INTERRUPTIBLE);
  yield rd(pwq, 'triggered');
  let timedOut = false;
  if (!pwq.triggered) timedOut = yield* schedule_timeout_until(deadline);
  yield* set_current_state(TASK_RUNNING);
  yield wr(pwq, 'triggered');
  pwq.triggered = false;
  return timedOut;
}

/**
 * poll(&{fd, events}, 1, timeout_ms): do_poll's loop on one fd. A zero timeout is one pass that queues nothing; a
 * negative one waits forever. The first pass hooks the poller on the file's wait queues, later passes only poll.
 * A pending signal ends the wait with -EINTR (ERESTARTNOHAND with a handler installed), also a zero-timeout pass that
 * found nothing ready (native/checks/poll_signal_zero_timeout.c on Linux 6.18); a ready fd wins over the signal.
 */
export const sys_poll = kfn('poll', function* (fd: number, events: number, timeout_ms: number = 0): Gen<PollResult> {
  const t = current();
  const pwq = new PollWqueues(t);
  let timedOut = timeout_ms === 0;
  const deadline = timeout_ms < 0 ? null : t.machine.clock + timeout_ms * 1_000_000;
  if (timedOut) pwq._qproc = null;
  let revents = 0;
  for (;;) {
    revents = yield* do_pollfd(fd, events, pwq);
    pwq._qproc = null;
    if (revents !== 0) break;
    // do_poll looks at signals before the timeout: a zero-timeout poll of an idle fd with a signal pending is EINTR.
    // signal_pending() is a load of a flag other tasks set: a step of its own.
    yield rd(t, 'signalPending');
    if (t.signalPending) {
      yield* poll_freewait(pwq);
      return { ret: -ERRNO.EINTR, revents: 0 };
    }
    if (timedOut) break;
    if (yield* poll_schedule_timeout(pwq, deadline)) timedOut = true;
  }
  yield* poll_freewait(pwq);
  return { ret: revents !== 0 ? 1 : 0, revents };
});
