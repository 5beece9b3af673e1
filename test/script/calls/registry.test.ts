// The call registry: one CallDef per call carries everything about it (docs/ARCHITECTURE.md, Recipes).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CALLS, FAMILIES } from '../../../src/script/calls/index.ts';

test('registry: every call of every family is registered once, by its name', () => {
  const names = FAMILIES.flatMap((f) => f.map((d) => d.name));
  assert.equal(new Set(names).size, names.length);
  assert.deepEqual([...CALLS.keys()], names);
});

test('registry: every call takes part in random scripts (rules with a positive weight in its CallDef)', () => {
  const without = [...CALLS.values()].filter((d) => (d.random ?? []).every((r) => !(r.w > 0)));
  assert.deepEqual(
    without.map((d) => d.name),
    [],
  );
});
