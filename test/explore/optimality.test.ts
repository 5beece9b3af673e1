import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { StableIds } from '../../src/explore/dpor/ids.ts';
import { classKeys } from './classes.ts';
import { programArb, toyScenario } from './toy.ts';

test('dpor explores exactly one execution per Mazurkiewicz trace class (300 random programs)', (t) => {
  let checked = 0;
  let classes = 0;
  fc.assert(
    fc.property(programArb, (p) => {
      const sc = toyScenario(p);
      const ids = new StableIds();
      const naive = classKeys(sc, 'naive', ids, 800);
      if (naive === null) return;
      const dpor = classKeys(sc, 'dpor', ids, 800) as string[];
      const distinct = new Set(naive);
      assert.equal(new Set(dpor).size, dpor.length, 'dpor explored two equivalent executions');
      assert.deepEqual([...new Set(dpor)].sort(), [...distinct].sort(), 'dpor missed a trace class');
      checked++;
      classes += distinct.size;
    }),
    { numRuns: 300, seed: 424242 },
  );
  t.diagnostic(`programs checked: ${checked}, trace classes: ${classes}`);
  assert.ok(checked > 200);
});
