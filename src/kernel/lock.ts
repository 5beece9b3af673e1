// Models kernel/locking/mutex.c, include/linux/spinlock.h and rwlock.h: mutexes, spinlocks, rwlocks as blocking steps.
import { current } from './current.ts';
import { kfn } from './kfn.ts';
import { Embedded, type KObject } from './object.ts';
import { rd, type Gen, type Step } from './step.ts';
import type { Task } from './task.ts';

/** A mutex or spinlock. The driver keeps a task whose pending step is `acquire` off the CPU while `owner` is set. */
export class Lock extends Embedded {
  /** `wait_lock`: the mutex's internal spinlock, touched by the unlock slow path. */
  declare readonly $locations?: 'wait_lock';
  /**
   * Not observed as a field (src/kernel/access.ts): the lock word changes only at the lock's own steps (acquire,
   * release), and lockdep_assert_held reads it as lockdep reads its held-lock stack, not as kernel code.
   */
  static readonly $bookkeeping = ['owner'];
  owner: Task | null = null;
  /** Tasks queued in mutex_lock's slow path: the owner word's MUTEX_FLAG_WAITERS is set while there are any. */
  waiters = 0;
  /** An rwlock's readers (read_lock): a writer (`lock`, spin_lock, write_lock) waits until there are none. */
  readers = 0;
  constructor(
    container: KObject,
    field: string,
    readonly sleeping: boolean,
  ) {
    super(container, field);
  }
}

const acquire = (l: Lock): Step => ({ k: 'acquire', o: l, f: l.field });
const release = (l: Lock): Step => ({ k: 'release', o: l, f: l.field });
const tryAcquire = (l: Lock): Step => ({ k: 'acquire', o: l, f: l.field, try: true });
const readAcquire = (l: Lock): Step => ({ k: 'acquire', o: l, f: l.field, shared: true });
const readRelease = (l: Lock): Step => ({ k: 'release', o: l, f: l.field, shared: true });

export function* lock(l: Lock): Gen {
  yield acquire(l);
  l.owner = current();
}

export function* unlock(l: Lock): Gen {
  yield release(l);
  if (l.owner !== current())
    throw new Error(`epoll-lab bug: ${current().comm} unlocks ${l.label} held by ${l.owner?.comm}`);
  l.owner = null;
}

/** `mutex_unlock` knob: how precisely mutex_lock and mutex_unlock are modelled. */
const mutexModel = (): 'atomic' | 'handoff_then_wait_lock' | 'slowpath_if_waiters' =>
  current().machine.variant.mutex_unlock;

/**
 * lockdep_assert_held: the running task holds `l`. Kernel code that relies on a lock its caller took says so with this
 * (as Linux does); a failure is a bug of the model, never silent: an exception, which the explorer reports as a
 * `model-error` result and the sequential driver passes up to its caller.
 */
export function lockdep_assert_held(l: Lock): void {
  const t = current();
  if (l.owner !== t)
    throw new Error(
      `epoll-lab bug: lockdep_assert_held(${l.label}) failed in ${t.stack.at(-1) ?? '?'} on ${t.comm}: ` +
        (l.owner === null ? 'not held' : `held by ${l.owner.comm}`),
    );
}

/**
 * mutex_lock. With `mutex_unlock=slowpath_if_waiters` the first step is the fast path's cmpxchg of the owner word,
 * made whether or not the lock is free: when it is held the task queues on the wait list (which sets
 * MUTEX_FLAG_WAITERS, so the owner's unlock takes the slow path) and then sleeps until the lock is free. An
 * uncontended lock is still one step. Otherwise one acquire step, which waits while the lock is held.
 */
export function* mutex_lock(l: Lock): Gen {
  if (mutexModel() !== 'slowpath_if_waiters') return yield* lock(l);
  yield tryAcquire(l);
  if (l.owner === null && l.readers === 0) {
    l.owner = current();
    return;
  }
  l.waiters++;
  yield* lock(l);
  l.waiters--;
}

/**
 * mutex_unlock. The release step is the fast path's cmpxchg of the owner word. The slow path (every unlock with
 * `handoff_then_wait_lock`, an unlock with waiters queued with `slowpath_if_waiters`) releases the owner first (a
 * waiter, or any new locker, may take the mutex and run from here), then still takes and drops lock->wait_lock to
 * wake the top waiter: a last touch of the mutex's memory, which is why the mutex must outlive its unlock
 * (CVE-2025-38349).
 */
export function* mutex_unlock(l: Lock): Gen {
  yield* unlock(l);
  const m = mutexModel();
  if (m === 'handoff_then_wait_lock' || (m === 'slowpath_if_waiters' && l.waiters > 0))
    yield* __mutex_unlock_slowpath(l);
}

/** The slow path's tail after the hand-off: raw_spin_lock(&lock->wait_lock) to wake the top waiter. */
const __mutex_unlock_slowpath = kfn('__mutex_unlock_slowpath', function* (l: Lock): Gen {
  yield rd(l, 'wait_lock');
});
export const spin_lock = lock;
export const spin_unlock = unlock;

/** read_lock (rwlock_t, include/linux/rwlock.h): shared with other readers, waits only while a writer holds it. */
export function* read_lock(l: Lock): Gen {
  yield readAcquire(l);
  l.readers++;
}

export function* read_unlock(l: Lock): Gen {
  yield readRelease(l);
  if (l.readers <= 0) throw new Error(`epoll-lab bug: ${current().comm} read-unlocks ${l.label} with no reader`);
  l.readers--;
}

/** write_lock: exclusive, as spin_lock: it waits for the writer and every reader. */
export const write_lock = lock;
export const write_unlock = unlock;

export function mutex(container: KObject, field: string): Lock {
  return new Lock(container, field, true);
}
export function spinlock(container: KObject, field: string): Lock {
  return new Lock(container, field, false);
}
