import { test } from 'node:test';
import fc from 'fast-check';
import { checkProgram, newTally } from './differential.ts';
import { lockProgramArb, toyScenario, type Program } from './toy.ts';
import { explore } from '../../src/explore/index.ts';
import assert from 'node:assert/strict';

// rwlock readers (shared acquires that commute with one another, DESIGN.md "DPOR") and mutexes whose fast-path try
// is a step that runs while the lock is held (mutex_unlock=slowpath_if_waiters): the explorer's acquire rules must
// stay sound.
test('dpor = naive on 300 random lock programs (spin, read side, mutex with queued waiters): same outcomes, 0 redundant, tokens replay', (t) => {
  const tally = newTally();
  fc.assert(
    fc.property(lockProgramArb, (p) => checkProgram(p, tally, 2500, 'v7.1,mutex_unlock=slowpath_if_waiters')),
    { numRuns: 300, seed: 20261206 },
  );
  t.diagnostic(JSON.stringify(tally));
});

/** Both programs below lost a state or followed an infeasible schedule in a first version of read-side independence. */
function readersAgree(p: Program, variant: string): ExploreResultLike {
  const sc = toyScenario(p, { variant });
  const d = explore(sc, { mode: 'dpor' });
  const n = explore(sc, { mode: 'naive' });
  assert.equal(d.stats.blocked, 0, 'an infeasible schedule');
  assert.deepEqual([...d.outcomes.keys()].sort(), [...n.outcomes.keys()].sort());
  return { dpor: d.stats.executions, naive: n.stats.executions };
}
type ExploreResultLike = { readonly dpor: number; readonly naive: number };

test('a writer raced with a reader acquisition is not scheduled where another reader still holds the lock', () => {
  // P1 reads after P0's write: undoing P0's acquisition keeps P1's, whose section ends after P0's write.
  const p: Program = [
    [{ op: 'rlock', l: 1, body: [{ op: 'inc', c: 1 }] }],
    [
      { op: 'rlock', l: 1, body: [{ op: 'inc', c: 1 }] },
      { op: 'rd', c: 0 },
    ],
    [{ op: 'lock', l: 1, body: [] }],
  ];
  const r = readersAgree(p, 'v7.1,mutex_unlock=slowpath_if_waiters');
  assert.ok(r.dpor < r.naive);
});

test('a writer raced with a reader acquisition comes after the reader sections left before it (P2 reads 0, the increment before the store)', () => {
  const p: Program = [
    [{ op: 'rlock', l: 1, body: [{ op: 'wr', c: 0, k: 1 }] }],
    [{ op: 'lock', l: 1, body: [{ op: 'inc', c: 0 }] }],
    [{ op: 'rlock', l: 1, body: [{ op: 'rd', c: 0 }] }],
  ];
  readersAgree(p, 'v7.1,mutex_unlock=slowpath_if_waiters');
  readersAgree(p, 'v7.1');
});
