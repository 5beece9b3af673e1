import assert from 'node:assert/strict';
import { test } from 'node:test';
import { current } from '../../src/kernel/current.ts';
import { kfn } from '../../src/kernel/kfn.ts';
import { Machine } from '../../src/kernel/machine.ts';
import { KObject } from '../../src/kernel/object.ts';
import { rd, wr, type Gen } from '../../src/kernel/step.ts';
import { variant } from '../../src/kernel/variant.ts';
import { runStep, start } from '../../src/sched/runtime.ts';

// The driver runs `kfn` calls as frames of its own (src/kernel/kfn.ts, src/sched/runtime.ts): these tests pin what
// kernel code and reports rely on — names on the model stack, values through calls, a halt abandoning the frames.

class Cell extends KObject {
  v = 0;
}

const inner = kfn('inner', function* (c: Cell, seen: string[][]): Gen<number> {
  yield rd(c, 'v');
  seen.push([...current().stack]);
  return c.v + 1;
});

function* plainHelper(c: Cell, seen: string[][]): Gen<number> {
  const a = yield* inner(c, seen);
  yield wr(c, 'v');
  seen.push([...current().stack]);
  c.v = a;
  return a * 10;
}

const outer = kfn('outer', function* (c: Cell, seen: string[][]): Gen<number> {
  const a = yield* plainHelper(c, seen);
  const b = yield* inner(c, seen);
  return a + b;
});

const halting = kfn('halting', function* (c: Cell): Gen<number> {
  yield rd(c, 'v');
  current().machine.report('refcount-addition-on-0', 'test halt', c, true);
  return 0;
});

const callsHalting = kfn('calls_halting', function* (c: Cell): Gen<number> {
  const r = yield* halting(c);
  return r + 1;
});

function machineWithTask(): { m: Machine; c: Cell; t: ReturnType<Machine['spawn']> } {
  const m = new Machine(variant('v7.1'));
  return { m, c: m.alloc('eventfd_ctx', new Cell()), t: m.spawn('P0', 'user', null) };
}

function runToEnd(m: Machine, t: ReturnType<Machine['spawn']>): number {
  let steps = 0;
  while (!t.done) {
    const v = runStep(m, t);
    assert.equal(v, null);
    steps++;
  }
  return steps;
}

void test('driver frames: each kfn name is on the model stack while its body runs, plain helpers add none, values return through nested calls', () => {
  const { m, c, t } = machineWithTask();
  const seen: string[][] = [];
  start(t, outer(c, seen));
  const steps = runToEnd(m, t);
  assert.deepEqual(seen, [['outer', 'inner'], ['outer'], ['outer', 'inner']]);
  // inner reads 0 -> 1; the helper stores 1 and returns 10; inner again reads 1 -> 2.
  assert.equal(t.result, 12);
  assert.equal(steps, 4, 'three steps plus the priming resumption');
  assert.deepEqual(t.stack, []);
  assert.equal(t.frames.length, 0);
});

void test('driver frames: the pending step of a suspended call is reported inside that call', () => {
  const { m, c, t } = machineWithTask();
  start(t, outer(c, []));
  runStep(m, t);
  assert.equal(t.pending?.k, 'read');
  assert.deepEqual(t.stack, ['outer', 'inner']);
  runStep(m, t);
  assert.equal(t.pending?.k, 'write');
  assert.deepEqual(t.stack, ['outer']);
});

void test('driver frames: a fatal violation in a nested call halts the task, records the model stack and abandons every frame', () => {
  const { m, c, t } = machineWithTask();
  start(t, callsHalting(c));
  assert.equal(runStep(m, t), null);
  const v = runStep(m, t);
  assert.equal(v?.title, 'test halt');
  assert.deepEqual(v?.stack, ['calls_halting', 'halting']);
  assert.equal(t.done, true);
  assert.equal(t.result, undefined, 'the caller never resumed');
  assert.deepEqual(t.stack, []);
  assert.equal(t.frames.length, 0);
});
