// Models kernel/sched/wait.c: wait queue heads, entries, __wake_up_common and the wait_event loop.
import { current } from './current.ts';
import { kfn } from './kfn.ts';
import { type Lock, lockdep_assert_held, spin_lock, spin_unlock, spinlock } from './lock.ts';
import { Embedded, type KObject } from './object.ts';
import type { Aliases } from './access.ts';
import { rd, rmw, wr, type Gen, type Step } from './step.ts';
import { TASK_INTERRUPTIBLE, TASK_RUNNING, TASK_UNINTERRUPTIBLE, type Task } from './task.ts';

export const WQ_FLAG_EXCLUSIVE = 0x01;

/** wait_queue_func_t: returns non-zero when the entry counts as woken (for exclusive accounting). */
export type WaitQueueFunc = (entry: WaitQueueEntry, key: number) => Gen<number>;

/** struct wait_queue_entry. `private` is the sleeping task for ordinary waits, null for callbacks like ep_poll_callback. */
export class WaitQueueEntry {
  flags = 0;
  /** The head it is linked on, or null when not on any list (list_empty(&entry)). */
  head: WaitQueueHead | null = null;
  constructor(
    readonly func: WaitQueueFunc,
    readonly private_: Task | null,
    /** Owner of a callback entry (the eppoll_entry, the poll_table_entry). */
    public owner: unknown = null,
  ) {}
}

/** struct wait_queue_head: a spinlock and a list of entries. */
export class WaitQueueHead extends Embedded {
  /**
   * `task_list`: the entry list (`entries`); `done`: the flag of a `struct completion` built on this queue (the flag
   * lives in the completion's owner, e.g. timerfd's hrtimer).
   */
  declare readonly $locations?: 'task_list' | 'done';
  static readonly $aliases: Aliases<WaitQueueHead> = { entries: 'task_list' };
  readonly lock: Lock;
  readonly entries: WaitQueueEntry[] = [];
  constructor(container: KObject, field: string) {
    super(container, field);
    this.lock = spinlock(container, `${field}.lock`);
  }
}

const listStep = (wq: WaitQueueHead): Step => wr(wq, 'task_list');

/** list_add: head insertion, clears the exclusive flag. Caller holds wq->lock. */
export function* __add_wait_queue(wq: WaitQueueHead, e: WaitQueueEntry): Gen {
  yield listStep(wq);
  wq.entries.unshift(e);
  e.head = wq;
}

/** Tail insertion with WQ_FLAG_EXCLUSIVE. Caller holds wq->lock. */
export function* __add_wait_queue_exclusive(wq: WaitQueueHead, e: WaitQueueEntry): Gen {
  yield listStep(wq);
  e.flags |= WQ_FLAG_EXCLUSIVE;
  wq.entries.push(e);
  e.head = wq;
}

/** list_del_init. Caller holds wq->lock. */
export function* __remove_wait_queue(wq: WaitQueueHead, e: WaitQueueEntry): Gen {
  yield listStep(wq);
  const i = wq.entries.indexOf(e);
  if (i >= 0) wq.entries.splice(i, 1);
  e.head = null;
}

export const add_wait_queue = kfn('add_wait_queue', function* (wq: WaitQueueHead, e: WaitQueueEntry): Gen {
  e.flags &= ~WQ_FLAG_EXCLUSIVE;
  yield* spin_lock(wq.lock);
  yield* __add_wait_queue(wq, e);
  yield* spin_unlock(wq.lock);
});

export const add_wait_queue_exclusive = kfn(
  'add_wait_queue_exclusive',
  function* (wq: WaitQueueHead, e: WaitQueueEntry): Gen {
    yield* spin_lock(wq.lock);
    yield* __add_wait_queue_exclusive(wq, e);
    yield* spin_unlock(wq.lock);
  },
);

export const remove_wait_queue = kfn('remove_wait_queue', function* (wq: WaitQueueHead, e: WaitQueueEntry): Gen {
  yield* spin_lock(wq.lock);
  yield* __remove_wait_queue(wq, e);
  yield* spin_unlock(wq.lock);
});

/** try_to_wake_up: returns 1 if the task was sleeping (or about to) and is now runnable. */
export const try_to_wake_up = kfn('try_to_wake_up', function* (t: Task, state: number): Gen<number> {
  yield rmw(t, 'state');
  if ((t.state & state) === 0) return 0;
  t.state = TASK_RUNNING;
  return 1;
});

export function* default_wake_function(e: WaitQueueEntry): Gen<number> {
  if (e.private_ === null) throw new Error('epoll-lab bug: default_wake_function without a task');
  return yield* try_to_wake_up(e.private_, TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE);
}

/** autoremove_wake_function: wake the task and unlink the entry (the waker holds wq->lock). */
export function* autoremove_wake_function(e: WaitQueueEntry, _key: number): Gen<number> {
  const ret = yield* default_wake_function(e);
  if (ret !== 0 && e.head !== null) yield* __remove_wait_queue(e.head, e);
  return ret;
}

/** __wake_up_common: call every entry; stop after nr_exclusive exclusive entries reported a wakeup. Caller holds the lock. */
export function* __wake_up_common(wq: WaitQueueHead, nr_exclusive: number, key: number): Gen<number> {
  lockdep_assert_held(wq.lock);
  yield { k: 'read', o: wq, f: 'task_list' };
  // Iterate over a snapshot with the "safe" rule: an entry removed by its own callback does not disturb the walk.
  for (const e of wq.entries.slice()) {
    if (e.head !== wq) continue;
    const flags = e.flags;
    const ret = yield* e.func(e, key);
    if (ret < 0) break;
    if (ret !== 0 && (flags & WQ_FLAG_EXCLUSIVE) !== 0 && --nr_exclusive === 0) break;
  }
  return nr_exclusive;
}

/** __wake_up(wq, mode, nr_exclusive, key). key 0 = keyless wakeup. */
export const __wake_up = kfn('__wake_up', function* (wq: WaitQueueHead, nr_exclusive: number, key: number): Gen {
  yield* spin_lock(wq.lock);
  yield* __wake_up_common(wq, nr_exclusive, key);
  yield* spin_unlock(wq.lock);
});

export function wake_up(wq: WaitQueueHead): Gen {
  return __wake_up(wq, 1, 0);
}
export function wake_up_all(wq: WaitQueueHead): Gen {
  return __wake_up(wq, 0, 0);
}
/** wake_up_interruptible_poll / wake_up_poll: one exclusive waiter, with a poll key. */
export function wake_up_poll(wq: WaitQueueHead, key: number): Gen {
  return __wake_up(wq, 1, key);
}
/** wake_up_interruptible_sync_poll and friends: the same wakeup as far as the model is concerned. */
export const wake_up_interruptible_poll = wake_up_poll;

/** waitqueue_active: lockless check for waiters. */
export function* waitqueue_active(wq: WaitQueueHead): Gen<boolean> {
  yield { k: 'read', o: wq, f: 'task_list' };
  return wq.entries.length > 0;
}

/** set_current_state. */
export function* set_current_state(state: number): Gen {
  const t = current();
  yield wr(t, 'state');
  t.state = state as Task['state'];
}

/** __set_current_state(TASK_RUNNING) is a store only the task itself does. */
export function* __set_current_state_running(): Gen {
  yield* set_current_state(TASK_RUNNING);
}

/** schedule(): off the CPU until the state is TASK_RUNNING again. */
export function* schedule(): Gen {
  const t = current();
  yield { k: 'sleep', o: t, f: 'state' };
}

/**
 * schedule_timeout / schedule_hrtimeout to an absolute virtual-clock deadline (ns). Returns true if the task woke
 * because the deadline passed. The virtual clock only moves when no thread can run.
 */
export function* schedule_timeout_until(deadline: number | null): Gen<boolean> {
  const t = current();
  t.timeout = deadline;
  t.timedOut = false;
  yield { k: 'sleep', o: t, f: 'state' };
  const timedOut = t.timedOut;
  t.timeout = null;
  t.timedOut = false;
  return timedOut;
}

export interface WaitEventOptions {
  readonly exclusive?: boolean;
  readonly interruptible?: boolean;
  /** Absolute deadline on the virtual clock, or null for none. */
  readonly deadline?: number | null;
}

/** Why a wait_event loop ended. */
export type WaitEventResult = 'ok' | 'signal' | 'timeout';

/**
 * ___wait_event: prepare_to_wait_event, test the condition, schedule, repeat; then finish_wait.
 * The condition is itself kernel code (it yields its own steps).
 */
export const wait_event = kfn(
  'wait_event',
  function* (wq: WaitQueueHead, condition: () => Gen<boolean>, opts: WaitEventOptions = {}): Gen<WaitEventResult> {
    const t = current();
    const entry = new WaitQueueEntry(autoremove_wake_function, t);
    const state = opts.interruptible === false ? TASK_UNINTERRUPTIBLE : TASK_INTERRUPTIBLE;
    let result: WaitEventResult = 'ok';
    for (;;) {
      // prepare_to_wait_event
      yield* spin_lock(wq.lock);
      let signal = false;
      if (opts.interruptible !== false) {
        yield rd(t, 'signalPending');
        signal = t.signalPending;
      }
      if (signal) {
        if (entry.head !== null) yield* __remove_wait_queue(wq, entry);
        yield* spin_unlock(wq.lock);
        result = 'signal';
        break;
      }
      if (entry.head === null) {
        if (opts.exclusive === true) yield* __add_wait_queue_exclusive(wq, entry);
        else yield* __add_wait_queue(wq, entry);
      }
      yield* set_current_state(state);
      yield* spin_unlock(wq.lock);
      if (yield* condition()) break;
      if (yield* schedule_timeout_until(opts.deadline ?? null)) {
        if (yield* condition()) break;
        result = 'timeout';
        break;
      }
    }
    // finish_wait: list_empty_careful() is a lockless read of the list autoremove_wake_function unlinks us from.
    yield* set_current_state(TASK_RUNNING);
    yield { k: 'read', o: wq, f: 'task_list' };
    if (entry.head !== null) {
      yield* spin_lock(wq.lock);
      if (entry.head !== null) yield* __remove_wait_queue(wq, entry);
      yield* spin_unlock(wq.lock);
    }
    return result;
  },
);
