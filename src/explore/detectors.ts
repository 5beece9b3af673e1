// Explorer: end-of-execution detectors — deadlock, hung task and leaks, as the kernel's lockdep/hung_task/kmemleak.
import type { Lock } from '../kernel/lock.ts';
import type { KmemCache, KObject } from '../kernel/object.ts';
import type { Machine } from '../kernel/machine.ts';
import { TASK_UNINTERRUPTIBLE, type Task } from '../kernel/task.ts';
import type { Violation, ViolationKind } from '../kernel/violation.ts';

function record(m: Machine, kind: ViolationKind, title: string, t: Task | null, o: KObject): Violation {
  const v: Violation = {
    kind,
    title,
    thread: t?.comm ?? o.allocThread,
    step: m.steps,
    stack: t ? [...t.stack] : [],
    object: o.label,
    objectKind: o.kind,
    fatal: true,
    allocated: { thread: o.allocThread, stack: o.allocStack },
  };
  m.violations.push(v);
  return v;
}

/**
 * Nothing can run and the clock cannot move. If some thread waits for a lock this is a deadlock (the wait-for chain
 * is in the title). Otherwise a thread asleep in TASK_UNINTERRUPTIBLE is a hung task (khungtaskd reports only those,
 * after its timeout); a thread asleep interruptibly (epoll_wait(-1), a pipe read or write) is no violation: the
 * outcome shows it `blocked`, as a real process stays asleep until a signal.
 */
export function detectStuck(m: Machine): Violation | null {
  const stuck = m.tasks.filter((t) => !t.done);
  if (stuck.length === 0) return null;
  const onLock = stuck.filter((t) => t.pending?.k === 'acquire');
  const first = onLock[0];
  if (first !== undefined) {
    const waits = onLock.map((t) => {
      const l = t.pending?.o as Lock;
      return `${t.comm} waits for ${l.label} held by ${l.owner?.comm ?? 'nobody'}`;
    });
    return record(m, 'deadlock', `deadlock: ${waits.join('; ')}`, first, first.pending?.o as Lock);
  }
  const t = stuck.find((s) => s.pending?.k === 'sleep' && s.state === TASK_UNINTERRUPTIBLE);
  if (t === undefined) return null;
  const where = t.stack.at(-1) ?? '?';
  return record(m, 'hung-task', `task ${t.comm} blocked forever in ${where} (TASK_UNINTERRUPTIBLE)`, t, t);
}

/**
 * kmemleak, approximated: every object of a must-free cache still allocated once all threads finished is a leak
 * (the model does not trace references; scenarios list the caches whose objects must not outlive the test).
 */
export function detectLeaks(m: Machine, allocated: readonly KObject[], caches: ReadonlySet<KmemCache>): Violation[] {
  const out: Violation[] = [];
  for (const o of allocated) {
    if (o.freed || o.cache === null || !caches.has(o.cache)) continue;
    out.push(record(m, 'leak', `unreferenced object ${o.label} (${o.kind}) never freed`, null, o));
  }
  return out;
}

/**
 * kmemleak for one execution: records the objects allocated from the scenario's must-free caches (wrapping the
 * strategy's own allocation observer), and reports the ones still live at a normal end.
 */
export class LeakWatch {
  private readonly allocated: KObject[] = [];

  /** The allocation observer of an execution: `onAlloc` (the strategy's, or null) plus the leak record if `on`. */
  observer(on: boolean, onAlloc: ((obj: KObject) => void) | null): ((obj: KObject) => void) | null {
    const allocated = this.allocated;
    allocated.length = 0;
    if (!on) return onAlloc;
    if (onAlloc === null)
      return (obj: KObject): void => {
        allocated.push(obj);
      };
    return (obj: KObject): void => {
      allocated.push(obj);
      onAlloc(obj);
    };
  }

  /** Reports the leaks of a finished execution (every execution boots a machine with new caches: built here). */
  check(m: Machine, mustFree: readonly Parameters<Machine['cache']>[0][]): void {
    detectLeaks(m, this.allocated, new Set(mustFree.map((n) => m.cache(n))));
  }
}
