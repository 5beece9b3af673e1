import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { RestartWatch } from '../../src/explore/dpor/counting.ts';
import { explore, type ExploreResult, type Scenario } from '../../src/explore/index.ts';
import { Machine } from '../../src/kernel/machine.ts';
import { countRmw, type Counting } from '../../src/kernel/step.ts';
import { variant } from '../../src/kernel/variant.ts';
import { start } from '../../src/sched/runtime.ts';
import { newRelationTally, relationAgrees } from './differential.ts';
import { Cell, countProgramArb, toyScenario, type Program } from './toy.ts';

// Counting steps (`Step.ctr`, DESIGN.md "Counting steps"): DPOR leaves a count's updates unordered while no
// program-order arrangement of them reaches where one of them behaves differently, and starts again with the count
// ordered when an execution shows one could. That relation is learned from executions, outside the fixed relation
// DPOR's proof assumes, so it is checked here against naive DFS (every interleaving) and against DPOR that orders
// every pair of them, on programs made of gets, puts, reads, stores, locks and a free over counts starting at 1 to 3.

const RUNS = Number(process.env['EPOLL_LAB_COUNTING_RUNS'] ?? 400);
const SEED = Number(process.env['EPOLL_LAB_COUNTING_SEED'] ?? 20261206);
const totals = newRelationTally();
let redundant = 0;

function check(p: Program, init: number): void {
  redundant += relationAgrees(p, init, 'counting', totals).stats.redundant;
}

void test(`counting DPOR = plain DPOR = naive on ${RUNS} random programs of gets and puts (counts from 1 to 3): same outcomes, tokens replay`, (t) => {
  fc.assert(
    fc.property(countProgramArb, fc.integer({ min: 1, max: 3 }), (p, init) => check(p, init)),
    { numRuns: RUNS, seed: SEED },
  );
  t.diagnostic(JSON.stringify({ ...totals, redundant }));
  assert.ok(totals.with < totals.plain, 'counting steps reduced nothing');
});

void test('a restart keeps the outcomes found and counts only the final exploration (plain here: the counts of counting: false)', () => {
  // Two gets leave the count unordered between two threads, then two puts from 4 could reach 1 (a put's edge) in
  // another order: the first execution restarts with the count plain.
  const p: Program = [
    [{ op: 'get', c: 0 }],
    [{ op: 'get', c: 0 }],
    [
      { op: 'put', c: 0 },
      { op: 'put', c: 0 },
    ],
  ];
  const sc = toyScenario(p, { init: 2 });
  const d = explore(sc, { mode: 'dpor' });
  const plain = explore(sc, { mode: 'dpor', counting: false });
  assert.equal(d.kind, 'exhausted');
  const counts = (r: ExploreResult): Record<string, number> =>
    Object.fromEntries([...r.outcomes].map(([k, o]) => [k, o.count]));
  assert.deepEqual(counts(d), counts(plain));
  assert.ok(d.stats.executions > plain.stats.executions, 'the executions before the restart are counted in the stats');
});

void test('RestartWatch: a restart zeroes the counts; an outcome the final exploration missed is an epoll-lab bug', () => {
  const m = new Map([
    ['a', { count: 3 }],
    ['b', { count: 1 }],
  ]);
  const w = new RestartWatch(m);
  w.after(0);
  assert.equal(m.get('a')?.count, 3);
  w.after(1);
  assert.deepEqual(
    [...m.values()].map((o) => o.count),
    [0, 0],
  );
  (m.get('a') as { count: number }).count++;
  assert.match(w.lost() ?? '', /^epoll-lab bug: .*did not reach b again$/);
  (m.get('b') as { count: number }).count++;
  assert.equal(w.lost(), null);
});

/** Two threads each making `step` on a cell starting at `init`, then changing it by `change`. */
function lyingScenario(step: Counting, init: number, change: number): Scenario {
  const v = variant('v7.1');
  return {
    name: 'a lying counting step',
    variant: v,
    setup() {
      const m = new Machine(v);
      const c = m.alloc('eventfd_ctx', new Cell());
      c.v = init;
      const threads = ['P0', 'P1'].map((n) => {
        const t = m.spawn(n, 'user', null);
        start(
          t,
          (function* () {
            yield countRmw(c, 'v', step);
            c.v += change;
          })(),
        );
        return t;
      });
      return { machine: m, threads };
    },
  };
}

void test('a counting step whose count does not move by its declared delta is a model-error naming it', () => {
  // Declares +1 from 1 and adds 2: the contract the explorer checks after every step taken at or above `from`.
  const LIE: Counting = { delta: 1, from: 1, count: (o) => (o as Cell).v };
  const r = explore(lyingScenario(LIE, 1, 2), { mode: 'dpor' });
  assert.ok(r.kind === 'model-error', r.kind);
  assert.match(r.message, /^epoll-lab bug: a counting step on v declared delta 1 from 1 and left \d+, not \d+/);
});

void test('below its from, a counting step that takes more than min(0, delta) away is a model-error naming it', () => {
  // Declares -1 from 5 and takes 2 at a count of 3: its segment counted it as -1, a bound the count went under.
  const LIE: Counting = { delta: -1, from: 5, count: (o) => (o as Cell).v };
  const r = explore(lyingScenario(LIE, 3, -2), { mode: 'dpor' });
  assert.ok(r.kind === 'model-error', r.kind);
  assert.match(r.message, /^epoll-lab bug: a counting step on v declared delta -1 from 5 and left \d+, below \d+/);
  // Taking only what it declares below its from is allowed.
  assert.equal(explore(lyingScenario(LIE, 3, -1), { mode: 'dpor' }).kind, 'exhausted');
});
