import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KCall } from '../../../src/kernel/kfn.ts';
import { Machine } from '../../../src/kernel/machine.ts';
import { KObject } from '../../../src/kernel/object.ts';
import { countRmw, rd, rdView, type Step } from '../../../src/kernel/step.ts';
import { parseVariant } from '../../../src/kernel/variant.ts';
import { Histories } from '../../../src/explore/stateful/state.ts';
import { Hash128 } from '../../../src/explore/stateful/hash.ts';

class Cell extends KObject {
  x = 0;
  y = 0;
}

function world(): { m: Machine; h: Histories; cell: Cell; t: ReturnType<Machine['spawn']> } {
  const v = parseVariant('v6.9');
  if (!v.ok) throw new Error('variant');
  const m = new Machine(v.variant);
  const t = m.spawn('T', 'user', null);
  const cell = new Cell();
  cell.xStable = 1; // a stable name, as the explorer gives every object it sees allocated
  const h = new Histories();
  h.attach(m);
  h.seed(0);
  return { m, h, cell, t };
}

const call = (name: string, args: unknown[]): KCall => new KCall(name, (function* () {})(), args);

function digest(h: Histories): string {
  const x = new Hash128();
  x.reset();
  h.digestInto(0, x);
  const out = new Int32Array(4);
  x.finish(out, 0);
  return [...out].join(',');
}

/** Thread 0 calls f(args), which reads cell.x (seeing `seen`) and returns `ret`. */
function run(
  seen: number,
  ret: unknown,
  args: unknown[] = [1],
  inside?: (w: ReturnType<typeof world>) => void,
): string[] {
  const w = world();
  w.cell.x = seen;
  const before = digest(w.h);
  w.h.call(w.t, call('f', args));
  w.h.observe(w.m, 0, w.t, rd(w.cell, 'x'));
  inside?.(w);
  const mid = digest(w.h);
  w.h.ret(w.t, ret);
  return [before, mid, digest(w.h)];
}

test('stateful identity: a call that observed different values but returned the same value leaves its caller alike', () => {
  const a = run(1, 5);
  const b = run(2, 5);
  assert.equal(a[0], b[0]);
  assert.notEqual(a[1], b[1], 'inside the call the observations differ');
  assert.equal(a[2], b[2], 'after the return only (f, args, value) is left');
});

test('stateful identity: a different return value, or different arguments, keep the caller apart', () => {
  assert.notEqual(run(1, 5)[2], run(1, 6)[2]);
  assert.notEqual(run(1, 5, [1])[2], run(1, 5, [2])[2]);
});

test('stateful identity: an argument the callee filled is part of what it leaves its caller', () => {
  const fill = (n: number) => (w: ReturnType<typeof world>) => {
    void w;
    arr.push(n);
  };
  let arr: number[] = [];
  const a = run(1, 0, [arr], fill(7));
  arr = [];
  const b = run(1, 0, [arr], fill(8));
  assert.notEqual(a[2], b[2]);
});

test('stateful identity: a load observes the field its step names, not the rest of the object', () => {
  const a = run(1, 5, [1], (w) => w.h.observe(w.m, 0, w.t, rd(w.cell, 'x')));
  const b = run(1, 5, [1], (w) => {
    w.cell.y = 9;
    w.h.observe(w.m, 0, w.t, rd(w.cell, 'x'));
  });
  assert.equal(a[1], b[1], 'y is not read by a step naming x');
});

/** A cell whose `x` has a view (is it positive?), as `Eventpoll.$views` declares one for `rdllist`. */
class Viewed extends KObject {
  static readonly $views = { x: (c: Viewed): boolean => c.x > 0 };
  x = 0;
}

/** Thread 0's digest after one step `s(cell)` on a fresh `Viewed` cell holding `x`. */
function observeOn(x: number, s: (c: Viewed) => Step): string {
  const w = world();
  const c = new Viewed();
  c.xStable = 2;
  c.x = x;
  w.h.observe(w.m, 0, w.t, s(c));
  return digest(w.h);
}

test('stateful identity: a view read observes its view, not the value (2 and 3 are both positive)', () => {
  const view = (c: Viewed): Step => rdView(c, 'x');
  assert.equal(observeOn(2, view), observeOn(3, view));
  assert.notEqual(observeOn(2, view), observeOn(0, view), 'positive and zero stay apart');
  assert.notEqual(
    observeOn(2, (c) => rd(c, 'x')),
    observeOn(3, (c) => rd(c, 'x')),
    'a plain read sees the value',
  );
});

test('stateful identity: a counting step observes only that its count is at least its from (below it, the count)', () => {
  const get = (c: Viewed): Step => countRmw(c, 'x', { delta: 1, from: 1, count: (o) => (o as Viewed).x });
  assert.equal(observeOn(2, get), observeOn(5, get));
  assert.notEqual(observeOn(0, get), observeOn(2, get), 'a count under from is a different observation');
  assert.notEqual(observeOn(0, get), observeOn(-1, get));
});
