import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { explore } from '../../src/explore/index.ts';
import { agreesWithNaive, tokensReplay } from './differential.ts';
import { countProgramArb, toyScenario, type Program } from './toy.ts';

// Counting steps (`Step.ctr`, DESIGN.md "Counting steps"): DPOR leaves two reference-count updates unordered while
// every arrangement of the updates between them keeps each one where it commutes. That is a dependency decided by
// the values of one execution, outside the static relation DPOR's proof assumes, so it is checked here against
// naive DFS (every interleaving) and against DPOR that orders every pair of them, on programs made of gets, puts,
// reads, stores, locks and a free over counts starting at 1, 2 or 3.

const RUNS = Number(process.env['EPOLL_LAB_COUNTING_RUNS'] ?? 400);
const SEED = Number(process.env['EPOLL_LAB_COUNTING_SEED'] ?? 20261206);
const sorted = (m: Map<string, unknown>): string[] => [...m.keys()].sort();
const totals = { programs: 0, full: 0, naive: 0, plain: 0, counting: 0, redundant: 0 };

function check(p: Program, init: number): void {
  const sc = toyScenario(p, { init });
  const d = explore(sc, { mode: 'dpor' });
  assert.equal(d.kind, 'exhausted', `dpor: ${d.kind === 'model-error' ? d.message : d.kind}`);
  assert.equal(d.stats.blocked, 0, 'dpor followed an infeasible schedule');
  const plain = explore(sc, { mode: 'dpor', counting: false });
  assert.equal(plain.kind, 'exhausted');
  assert.deepEqual(sorted(d.outcomes), sorted(plain.outcomes), 'counting and plain DPOR outcome sets differ');
  const n = explore(sc, { mode: 'naive', maxExecutions: 20_000 });
  if (agreesWithNaive(d, n)) totals.full++;
  tokensReplay(sc, d);
  totals.programs++;
  totals.naive += n.stats.executions;
  totals.plain += plain.stats.executions;
  totals.counting += d.stats.executions;
  totals.redundant += d.stats.redundant;
}

void test(`counting DPOR = plain DPOR = naive on ${RUNS} random programs of gets and puts (counts from 1 to 3): same outcomes, tokens replay`, (t) => {
  fc.assert(
    fc.property(countProgramArb, fc.integer({ min: 1, max: 3 }), (p, init) => check(p, init)),
    { numRuns: RUNS, seed: SEED },
  );
  t.diagnostic(JSON.stringify(totals));
  assert.ok(totals.counting < totals.plain, 'counting steps reduced nothing');
});
