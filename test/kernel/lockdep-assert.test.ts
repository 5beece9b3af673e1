// kernel/locking/lockdep.c as the model uses it: lockdep_assert_held where code relies on a lock its caller took.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bootKernel, call, sys } from '../_helpers/run.ts';
import type { Eventpoll } from '../../src/epoll/eventpoll.ts';
import { ep_done_scan, ep_start_scan } from '../../src/epoll/scan.ts';
import { sys_epoll_create1 } from '../../src/epoll/syscalls.ts';
import { explore } from '../../src/explore/index.ts';
import type { Scenario } from '../../src/explore/scenario.ts';
import type { Booted } from '../../src/init/boot.ts';
import { fget } from '../../src/kernel/fdtable.ts';
import { kfn } from '../../src/kernel/kfn.ts';
import { mutex_lock, mutex_unlock } from '../../src/kernel/lock.ts';
import type { Gen } from '../../src/kernel/step.ts';
import { syscall } from '../../src/kernel/syscall.ts';
import type { File } from '../../src/kernel/vfs.ts';
import { variant } from '../../src/kernel/variant.ts';
import { start } from '../../src/sched/runtime.ts';

/** An epoll instance (fd 3 of the first process). */
function epoll(b: Booted): Eventpoll {
  sys(b, sys_epoll_create1(0));
  return (sys(b, fget(3)) as File).private_data as Eventpoll;
}

/** A scan without ep->mtx: the model bug lockdep_assert_held is there to catch. */
const plantedScan = kfn('planted_scan', function* (ep: Eventpoll): Gen {
  const txlist = yield* ep_start_scan(ep);
  yield* ep_done_scan(ep, txlist);
});

const scan = kfn('scan', function* (ep: Eventpoll): Gen {
  yield* mutex_lock(ep.mtx);
  yield* plantedScan(ep);
  yield* mutex_unlock(ep.mtx);
});

void test('lockdep_assert_held: a scan under ep->mtx passes', () => {
  const b = bootKernel();
  assert.equal(call(b, scan(epoll(b))).kind, 'done');
});

void test('lockdep_assert_held: a planted scan without ep->mtx fails loudly in the sequential driver', () => {
  const b = bootKernel();
  const ep = epoll(b);
  assert.throws(
    () => call(b, plantedScan(ep)),
    /lockdep_assert_held\(ep#\d+\.mtx\) failed in planted_scan on main: not held/,
  );
});

void test('lockdep_assert_held: a planted missing lock is a model-error result of the explorer, never silent', () => {
  const sc: Scenario = {
    name: 'planted-missing-lock',
    variant: variant('v7.1'),
    setup() {
      const b = bootKernel();
      const ep = epoll(b);
      const t = b.machine.spawn('P0', 'user', b.init.files);
      start(t, syscall(plantedScan(ep)));
      return { machine: b.machine, threads: [t] };
    },
  };
  const r = explore(sc, { mode: 'dpor' });
  assert.equal(r.kind, 'model-error');
  assert.match(
    r.kind === 'model-error' ? r.message : '',
    /lockdep_assert_held\(ep#\d+\.mtx\) failed in planted_scan on P0/,
  );
});
