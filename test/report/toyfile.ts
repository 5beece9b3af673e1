// Test helper: a toy struct file race for the report's golden file — only the step protocol, locks and kfree, so the
// golden changes when the report does, not when the kernel model's fput paths do.
import { kfn } from '../../src/kernel/kfn.ts';
import { mutex, mutex_lock, mutex_unlock, spin_lock, spin_unlock, type Lock } from '../../src/kernel/lock.ts';
import { Machine } from '../../src/kernel/machine.ts';
import { KObject } from '../../src/kernel/object.ts';
import { kfree } from '../../src/kernel/slab.ts';
import { rmw, type Gen } from '../../src/kernel/step.ts';
import { variant } from '../../src/kernel/variant.ts';
import { File, type FileOperations } from '../../src/kernel/vfs.ts';
import { start } from '../../src/sched/runtime.ts';
import { scenarioHash, threadResult, type Scenario } from '../../src/explore/index.ts';
import { stepRefCount } from '../../src/kernel/ref_count.ts';

/** A toy poller object with a mutex, allocated from the eventpoll cache so that its mutex reads `ep#N.mtx`. */
class ToyEp extends KObject {
  readonly mtx: Lock;
  constructor() {
    super();
    this.mtx = mutex(this, 'mtx');
  }
}

const TOY_FOPS: FileOperations = { name: 'toy' };

/** Takes a reference: unconditionally, or (variant knob `item_poll_pin` set) only while the count is not zero. */
const toy_get = kfn('toy_get', function* (f: File, notZero: boolean): Gen<boolean> {
  yield rmw(f, 'f_count');
  if (notZero && f.f_count === 0) return false;
  f.f_count++;
  return true;
});

/** Drops a reference; the last one frees the file under its f_lock's protection. */
const toy_put = kfn('toy_put', function* (f: File): Gen {
  yield rmw(f, 'f_count');
  if (--f.f_count > 0) return;
  yield* toy_release(f);
});

const toy_release = kfn('toy_release', function* (f: File): Gen {
  yield* spin_lock(f.f_lock);
  yield* spin_unlock(f.f_lock);
  yield* kfree(f);
});

/** P0: under the poller's mutex, pin the file, then drop the pin. */
const toy_poll = kfn('toy_poll', function* (ep: ToyEp, f: File, notZero: boolean): Gen<string> {
  yield* mutex_lock(ep.mtx);
  const got = yield* toy_get(f, notZero);
  yield* mutex_unlock(ep.mtx);
  if (got) yield* toy_put(f);
  return got ? 'pinned' : 'skipped';
});

/** P1: drop the only reference (close). */
const toy_close = kfn('toy_close', function* (f: File): Gen<string> {
  yield* toy_put(f);
  return 'closed';
});

/** The toy race on variant `spec`: with `item_poll_pin=none` the pin can resurrect a zero count. */
export function toyFileRace(spec: string): Scenario {
  const v = variant(spec);
  return {
    name: `toy file race ${spec}`,
    traceCount: stepRefCount,
    variant: v,
    hash: scenarioHash('toy file race: P0 toy_poll | P1 toy_close'),
    setup() {
      const m = new Machine(v);
      const ep = m.alloc('eventpoll', new ToyEp());
      const f = m.alloc('filp', new File(TOY_FOPS, null as never, null as never, 0, 0));
      const p0 = m.spawn('P0', 'user', null);
      const p1 = m.spawn('P1', 'user', null);
      start(p0, toy_poll(ep, f, v.item_poll_pin !== 'none'));
      start(p1, toy_close(f));
      return { machine: m, threads: [p0, p1] };
    },
    outcome: (_m, ts) => ts.map((t) => `${t.comm}=${threadResult(t)}`).join(' '),
  };
}
