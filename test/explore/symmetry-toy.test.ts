import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { explore, replay, type ExploreResult, type Scenario } from '../../src/explore/index.ts';
import { lockProgramArb, programArb, symmetricScenario } from './toy.ts';

// The symmetry gate against plain DPOR on toy programs (counters, locks, lists, waits with deadlines, kworkers,
// timers, frees that halt, lock orders that depend on reads) whose first thread is repeated: the same final states
// and violation kinds, and every token replays to its outcome. The toy is cheap, so these are many more programs
// than the kernel fuzz: they test the gate itself (halts, the clock, held threads at a stuck end).

const finals = (r: ExploreResult): string[] => [...r.outcomes.keys()].sort();
const kinds = (r: ExploreResult): string[] => [...new Set(r.violations.map((v) => v.kind))].sort();

function agrees(sc: Scenario): number {
  const d = explore(sc, { maxExecutions: 3_000 });
  if (d.kind !== 'exhausted') return 0;
  const s = explore(sc, { symmetry: true });
  assert.equal(s.kind, 'exhausted', s.kind === 'model-error' ? s.message : s.kind);
  assert.deepEqual(finals(s), finals(d));
  assert.deepEqual(kinds(s), kinds(d));
  for (const [o, info] of s.outcomes) {
    const r = replay(sc, info.token);
    assert.ok(r.ok && r.outcome === o, `the token of ${o} replays to ${r.ok ? r.outcome : r.message}`);
  }
  return 1;
}

const RUNS = Number(process.env['EPOLL_LAB_SYMMETRY_TOY_RUNS'] ?? 200);
const SEED = Number(process.env['EPOLL_LAB_FUZZ_SEED'] ?? 20261208);

test('symmetry gate = plain DPOR on random toy programs with a repeated thread', (t) => {
  let compared = 0;
  fc.assert(
    fc.property(fc.oneof(programArb, lockProgramArb), fc.constantFrom(2, 3), (p, copies) => {
      compared += agrees(symmetricScenario(p, copies));
    }),
    { numRuns: RUNS, seed: SEED },
  );
  t.diagnostic(`${compared} programs compared`);
  assert.ok(compared * 2 > RUNS);
});

test('naive DFS with the symmetry gate reaches the states of naive DFS without it, in fewer executions', () => {
  // Two identical threads that each lock, increment and read a cell, and a third that reads it under the lock.
  const body = [
    {
      op: 'lock' as const,
      l: 0,
      body: [
        { op: 'inc' as const, c: 0 },
        { op: 'rd' as const, c: 0 },
      ],
    },
  ];
  const sc = symmetricScenario([body, [{ op: 'lock', l: 0, body: [{ op: 'rd', c: 0 }] }]], 2);
  const n = explore(sc, { mode: 'naive' });
  const s = explore(sc, { mode: 'naive', symmetry: true });
  assert.equal(n.kind, 'exhausted');
  assert.equal(s.kind, 'exhausted');
  assert.deepEqual(finals(s), finals(n));
  assert.ok(finals(n).length > 1);
  assert.ok(s.stats.executions < n.stats.executions, `${s.stats.executions} vs ${n.stats.executions}`);
});
