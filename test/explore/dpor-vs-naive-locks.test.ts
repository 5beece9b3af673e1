import { test } from 'node:test';
import fc from 'fast-check';
import { checkProgram, newTally } from './differential.ts';
import { lockProgramArb } from './toy.ts';

// rwlock readers (shared acquires, dependent for DPOR but not exclusive) and mutexes whose fast-path try is a step
// that runs while the lock is held (mutex_unlock=slowpath_if_waiters): the explorer's acquire rules must stay sound.
test('dpor = naive on 100 random lock programs (spin, read side, mutex with queued waiters): same outcomes, 0 redundant, tokens replay', (t) => {
  const tally = newTally();
  fc.assert(
    fc.property(lockProgramArb, (p) => checkProgram(p, tally, 2500, 'v7.1,mutex_unlock=slowpath_if_waiters')),
    { numRuns: 100, seed: 20261206 },
  );
  t.diagnostic(JSON.stringify(tally));
});
