import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore } from '../../src/explore/index.ts';
import { toyScenario } from './toy.ts';

test('leak: checked in every execution, not only the first (each execution boots new caches)', () => {
  const sc = toyScenario([[{ op: 'inc', c: 0 }, { op: 'alloc' }], [{ op: 'inc', c: 0 }]], { mustFree: true });
  for (const mode of ['naive', 'dpor'] as const) {
    const r = explore(sc, { mode });
    assert.ok(r.stats.executions >= 2, `${mode}: expected both orders of the racing increments`);
    for (const o of r.outcomes.keys()) assert.match(o, /\| leak$/, `${mode}: ${o}`);
  }
});
