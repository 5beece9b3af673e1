import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, replay, type ExploreMode } from '../../src/explore/index.ts';
import { toyScenario, type Program } from './toy.ts';

const modes: ExploreMode[] = ['naive', 'dpor'];
const kindsOf = (r: ReturnType<typeof explore>): string[] => [...new Set(r.violations.map((v) => v.kind))].sort();

test('deadlock: ABBA lock order deadlocks in some schedules; lockdep-style report; token replays it', () => {
  const abba: Program = [
    [{ op: 'lock', l: 0, body: [{ op: 'lock', l: 1, body: [] }] }],
    [{ op: 'lock', l: 1, body: [{ op: 'lock', l: 0, body: [] }] }],
  ];
  const sc = toyScenario(abba);
  for (const mode of modes) {
    const r = explore(sc, { mode });
    assert.equal(r.kind, 'exhausted');
    const dl = r.violations.find((v) => v.kind === 'deadlock');
    assert.ok(dl, `${mode}: no deadlock found`);
    assert.match(dl.report, /possible deadlock/);
    assert.match(dl.report, /P0 waits for .*lock1 held by P1/);
    assert.match(dl.report, /\*\*\* DEADLOCK \*\*\*/);
    const outs = [...r.outcomes.keys()];
    assert.ok(outs.some((o) => o.includes('deadlock')));
    assert.ok(outs.includes('P0= P1= ; 0 0'));
    const rep = replay(sc, dl.token);
    assert.ok(rep.ok && rep.outcome.includes('deadlock') && rep.end === 'stuck');
  }
});

test('hung task: an uninterruptible wait nobody ends, while the other thread finishes', () => {
  const sc = toyScenario([[{ op: 'wait', c: 0, deadline: null, interruptible: false }], [{ op: 'inc', c: 1 }]]);
  for (const mode of modes) {
    const r = explore(sc, { mode });
    assert.deepEqual(kindsOf(r), ['hung-task']);
    const h = r.violations[0];
    assert.ok(h);
    assert.match(h.report, /INFO: task P0 blocked for more than 120 seconds/);
    assert.match(h.report, /wait_event/);
    assert.deepEqual([...r.outcomes.keys()], ['P0=blocked P1= ; 0 1 | hung-task']);
  }
  // With a deadline the virtual clock ends the wait: no hung task, the wait times out.
  const timed = explore(
    toyScenario([[{ op: 'wait', c: 0, deadline: 10, interruptible: false }], [{ op: 'inc', c: 1 }]]),
  );
  assert.deepEqual(kindsOf(timed), []);
  assert.deepEqual([...timed.outcomes.keys()], ['P0=wtimeout P1= ; 0 1']);
});

test('no hung task for an interruptible sleeper that is never woken: the outcome says blocked, no violation', () => {
  for (const mode of modes) {
    const r = explore(toyScenario([[{ op: 'wait', c: 0, deadline: null }], [{ op: 'inc', c: 1 }]]), { mode });
    assert.deepEqual(kindsOf(r), []);
    assert.deepEqual([...r.outcomes.keys()], ['P0=blocked P1= ; 0 1']);
  }
});

test('lock-order: an inversion seen only across executions (no execution deadlocks)', () => {
  // P0 takes lock0 then lock1 if cell 0 reads 0, else lock1 then lock0; P1 sets cell 0. One thread: never a deadlock.
  const sc = toyScenario([[{ op: 'order', c: 0 }], [{ op: 'wr', c: 0, k: 1 }]]);
  for (const mode of modes) {
    const r = explore(sc, { mode });
    assert.equal(r.kind, 'exhausted');
    assert.deepEqual(kindsOf(r), ['lock-order']);
    for (const o of r.outcomes.keys()) assert.doesNotMatch(o, /deadlock/);
    const lo = r.violations[0];
    assert.ok(lo);
    assert.match(lo.report, /WARNING: possible circular locking dependency detected/);
    assert.match(lo.report, /struct eventfd_ctx\.lock[01]/);
    assert.match(lo.violation.title, /lock0 -> .*lock1 -> .*lock0|lock1 -> .*lock0 -> .*lock1/);
  }
  assert.deepEqual(kindsOf(explore(sc, { lockdep: false })), []);
});

test('use-after-free: kfree then access gives a KASAN report with alloc and free stacks', () => {
  const sc = toyScenario([[{ op: 'free', c: 1 }], [{ op: 'inc', c: 1 }]]);
  for (const mode of modes) {
    const r = explore(sc, { mode });
    assert.deepEqual([...r.outcomes.keys()].sort(), ['P0= P1= ; 0 1', 'P0= P1=void ; 0 0 | use-after-free']);
    const uaf = r.violations.find((v) => v.kind === 'use-after-free');
    assert.ok(uaf);
    assert.match(
      uaf.report,
      /^={66}\nBUG: KASAN: slab-use-after-free in toy_op\nWrite of size 8 at addr ffff8881[0-9a-f]{8} by task P1/,
    );
    assert.match(uaf.report, /Allocated by task init:/);
    assert.match(uaf.report, /Freed by task P0:\n toy_op/);
    assert.match(uaf.report, /belongs to the cache struct eventfd_ctx/);
    const rep = replay(sc, uaf.token, { trace: true });
    assert.ok(rep.ok);
    assert.equal(rep.end, 'halt');
    assert.deepEqual(
      rep.trace?.map((e) => `${e.thread} ${e.kind} ${e.field}`),
      ['P0 free *', 'P1 rmw v'],
    );
    assert.equal(rep.violations[0]?.report, uaf.report);
  }
  // A double free is a KASAN double-free.
  const df = explore(toyScenario([[{ op: 'free', c: 1 }], [{ op: 'free', c: 1 }]]));
  assert.match(df.violations[0]?.report ?? '', /BUG: KASAN: double-free in toy_op/);
});

test('leak: objects of a must-free cache still allocated once every thread finished', () => {
  const sc = toyScenario([[{ op: 'alloc' }], [{ op: 'inc', c: 0 }]], { mustFree: true });
  for (const mode of modes) {
    const r = explore(sc, { mode });
    assert.deepEqual(kindsOf(r), ['leak']);
    const lk = r.violations[0];
    assert.ok(lk);
    assert.match(lk.report, /unreferenced object 0xffff8881[0-9a-f]{8} \(struct timerfd_ctx\):\n {2}comm "P0"/);
    assert.match(lk.report, /backtrace:\n {4}toy_op/);
  }
  assert.deepEqual(kindsOf(explore(toyScenario([[{ op: 'alloc' }]]))), []);
});
