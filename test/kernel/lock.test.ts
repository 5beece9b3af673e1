// kernel/locking/mutex.c and rwlock.h as the model sees them: mutex_unlock's slow path, and an rwlock's shared readers.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUGS_DIR } from '../../src/atlas/atlas.ts';
import { mutex_lock, mutex_unlock, read_lock, read_unlock } from '../../src/kernel/lock.ts';
import type { Step } from '../../src/kernel/step.ts';
import type { Task } from '../../src/kernel/task.ts';
import { isEnabled } from '../../src/sched/runtime.ts';
import { checkLitmusFile } from '../../src/litmus/index.ts';
import { bootKernel, sys } from '../_helpers/run.ts';

/** Steps one uncontended mutex_lock + mutex_unlock of `epnested_mutex` makes under a `mutex_unlock` knob value. */
function uncontendedSteps(model: string): number {
  const b = bootKernel(`v7.1,mutex_unlock=${model}`);
  const l = b.machine.epnested_mutex;
  const before = b.machine.steps;
  sys(
    b,
    (function* () {
      yield* mutex_lock(l);
      yield* mutex_unlock(l);
      return 0;
    })(),
  );
  return b.machine.steps - before;
}

test('mutex_unlock=slowpath_if_waiters: an uncontended lock and unlock are one step each (the fast paths, no wait_lock touch)', () => {
  const atomic = uncontendedSteps('atomic');
  assert.equal(uncontendedSteps('slowpath_if_waiters'), atomic);
  assert.equal(uncontendedSteps('handoff_then_wait_lock'), atomic + 1);
});

const E4 = join(BUGS_DIR, 'E4-ep-put-under-mtx.litmus');

test('mutex_unlock=slowpath_if_waiters: CVE-2025-38349 (E4) needs a queued waiter and is still reachable before 8c2e52ebbe88, not after', () => {
  const model = 'mutex_unlock=slowpath_if_waiters';
  const r = checkLitmusFile(E4, {
    variants: [`v6.15,${model}`, `v6.12.38,${model}`, `v6.12.39,${model}`, `v6.16,${model}`],
  });
  assert.ok(r.ok);
  const uaf = r.results.map((x) => x.violations.some((v) => v.kind === 'use-after-free'));
  assert.deepEqual(uaf, [true, true, false, false]);
  for (const x of r.results) assert.ok(x.complete && x.stats.redundant === 0 && x.stats.blocked === 0, x.variant);
  const report = r.results[0]?.violations.find((v) => v.kind === 'use-after-free')?.report ?? '';
  assert.match(report, /__mutex_unlock_slowpath/);
});

test('mutex_unlock: slowpath_if_waiters reaches the same states as handoff_then_wait_lock on E4 (the cheaper superset)', () => {
  for (const v of ['v6.15', 'v7.1']) {
    const states = (model: string) => {
      const r = checkLitmusFile(E4, { variants: [`${v},mutex_unlock=${model}`] });
      assert.ok(r.ok);
      return r.results[0]?.outcomes.map((o) => o.outcome);
    };
    assert.deepEqual(states('slowpath_if_waiters'), states('handoff_then_wait_lock'), v);
  }
});

test('rwlock: readers share the lock and exclude a writer; a writer waits for every reader', () => {
  const b = bootKernel('v6.17');
  const l = b.machine.epnested_mutex;
  const pending = (s: Step): Task => ({ done: false, pending: s }) as unknown as Task;
  const reader = pending({ k: 'acquire', o: l, f: l.field, shared: true });
  const writer = pending({ k: 'acquire', o: l, f: l.field });
  const tryer = pending({ k: 'acquire', o: l, f: l.field, try: true });
  sys(
    b,
    (function* () {
      yield* read_lock(l);
      assert.equal(l.readers, 1);
      assert.ok(isEnabled(reader), 'a second reader gets in');
      assert.ok(!isEnabled(writer), 'a writer waits for the reader');
      assert.ok(isEnabled(tryer), "a mutex's fast-path try always runs (then queues)");
      yield* read_unlock(l);
      assert.ok(isEnabled(writer));
      yield* mutex_lock(l);
      assert.ok(!isEnabled(reader), 'a reader waits for the writer');
      yield* mutex_unlock(l);
      return 0;
    })(),
  );
});
