import { test } from 'node:test';
import fc from 'fast-check';
import { checkProgram, newTally } from './differential.ts';
import { programArb } from './toy.ts';

test('dpor = naive on 500 random toy programs (seed A): same outcomes, 0 redundant, bounded ⊆ full, tokens replay', (t) => {
  const tally = newTally();
  fc.assert(
    fc.property(programArb, (p) => checkProgram(p, tally)),
    { numRuns: 500, seed: 20240505 },
  );
  t.diagnostic(JSON.stringify(tally));
});
