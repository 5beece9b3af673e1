// Models kernel/locking/mutex.c and include/linux/spinlock.h: sleeping mutexes and spinlocks as blocking steps.
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

export const mutex_lock = lock;

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
 * mutex_unlock. With `mutex_unlock=handoff_then_wait_lock` it is the slow path's order: the owner is released first
 * (a waiter, or any new locker, may take the mutex and run from here), then the unlocker still takes and drops
 * lock->wait_lock to wake the top waiter: a last touch of the mutex's memory, which is why the mutex must outlive its
 * unlock (CVE-2025-38349). The model takes the slow path on every unlock (the kernel's fast path, taken when no waiter
 * has queued, has no last touch).
 */
export function* mutex_unlock(l: Lock): Gen {
  yield* unlock(l);
  if (current().machine.variant.mutex_unlock === 'handoff_then_wait_lock') yield* __mutex_unlock_slowpath(l);
}

/** The slow path's tail after the hand-off: raw_spin_lock(&lock->wait_lock) to wake the top waiter. */
const __mutex_unlock_slowpath = kfn('__mutex_unlock_slowpath', function* (l: Lock): Gen {
  yield rd(l, 'wait_lock');
});
export const spin_lock = lock;
export const spin_unlock = unlock;

export function mutex(container: KObject, field: string): Lock {
  return new Lock(container, field, true);
}
export function spinlock(container: KObject, field: string): Lock {
  return new Lock(container, field, false);
}
