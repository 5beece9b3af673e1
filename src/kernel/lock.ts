// Models kernel/locking/mutex.c and include/linux/spinlock.h: sleeping mutexes and spinlocks as blocking steps.
import { current } from './current.ts';
import { Embedded, type KObject } from './object.ts';
import type { Gen, Step } from './step.ts';
import type { Task } from './task.ts';

/** A mutex or spinlock. The driver keeps a task whose pending step is `acquire` off the CPU while `owner` is set. */
export class Lock extends Embedded {
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
export const mutex_unlock = unlock;
export const spin_lock = lock;
export const spin_unlock = unlock;

export function mutex(container: KObject, field: string): Lock {
  return new Lock(container, field, true);
}
export function spinlock(container: KObject, field: string): Lock {
  return new Lock(container, field, false);
}
