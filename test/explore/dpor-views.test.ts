import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { explore } from '../../src/explore/index.ts';
import { newRelationTally, relationAgrees } from './differential.ts';
import { toyScenario, viewProgramArb, type Program } from './toy.ts';

// View reads (`Step.view`, DESIGN.md "Views"): a read whose caller uses only its location's declared view is ordered
// after the writes that changed the view, not after every write. Whether a write changed the view is learned when it
// has run, so the relation depends on values; it is checked here against naive DFS (every interleaving) and against
// DPOR with ordinary reads, on programs of view reads ("is the cell positive?") against stores of 0 to 2,
// increments, counting steps, locks and a free.

const RUNS = Number(process.env['EPOLL_LAB_VIEWS_RUNS'] ?? 400);
const SEED = Number(process.env['EPOLL_LAB_VIEWS_SEED'] ?? 20261206);
const sorted = (m: Map<string, unknown>): string[] => [...m.keys()].sort();
// `more`: programs where view DPOR ran more executions than plain DPOR. Sleep sets and wakeup trees compare events by
// their descriptors, which do not know whether a write changed a view, so they can wake a sleeping view read a silent
// store did not affect: an execution of a class already explored (sound, not optimal).
const totals = newRelationTally();

function check(p: Program, init: number): void {
  const d = relationAgrees(p, init, 'views', totals);
  assert.equal(d.stats.redundant, 0, 'dpor ran a sleep-set-blocked execution');
}

void test(`view DPOR = plain DPOR = naive on ${RUNS} random programs of view reads against stores (cells from 0 to 1): same outcomes, no blocked run, tokens replay`, (t) => {
  fc.assert(
    fc.property(viewProgramArb, fc.integer({ min: 0, max: 1 }), (p, init) => check(p, init)),
    { numRuns: RUNS, seed: SEED },
  );
  t.diagnostic(JSON.stringify(totals));
  assert.ok(totals.with < totals.plain, 'view reads reduced nothing');
});

void test('a store that leaves the view alone is not ordered with a view read: one execution, where ordinary reads need two', () => {
  // P0 stores 2 over 1 (positive either way); P1 asks whether the cell is positive.
  const p: Program = [[{ op: 'wr', c: 0, k: 2 }], [{ op: 'vrd', c: 0 }]];
  const sc = toyScenario(p, { init: 1 });
  const d = explore(sc, { mode: 'dpor' });
  const plain = explore(sc, { mode: 'dpor', views: false });
  assert.equal(d.stats.executions, 1);
  assert.equal(plain.stats.executions, 2);
  assert.deepEqual(sorted(d.outcomes), sorted(plain.outcomes));
});

void test('a store that changes the view races with the view read: both values are seen', () => {
  const p: Program = [[{ op: 'wr', c: 0, k: 0 }], [{ op: 'vrd', c: 0 }]];
  const d = explore(toyScenario(p, { init: 1 }), { mode: 'dpor' });
  assert.equal(d.stats.executions, 2);
  assert.deepEqual([...d.outcomes.keys()].map((o) => o.split(' ')[1]).sort(), ['P1=p', 'P1=z']);
});
