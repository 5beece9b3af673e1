import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { explore, replay } from '../../src/explore/index.ts';
import { programArb, toyScenario } from './toy.ts';

const sorted = (m: Map<string, unknown>): string[] => [...m.keys()].sort();
const kinds = (r: ReturnType<typeof explore>): string[] => [...new Set(r.violations.map((v) => v.kind))].sort();

test('stateful search: the same final states and violation kinds as DPOR on random toy programs, every token replays', () => {
  let merged = 0;
  let states = 0;
  fc.assert(
    fc.property(programArb, (p) => {
      const sc = toyScenario(p);
      const d = explore(sc, { mode: 'dpor' });
      assert.equal(d.kind, 'exhausted');
      for (const mode of ['stateful', 'stateful-dfs'] as const) {
        const s = explore(sc, { mode, checkCollisions: true });
        assert.equal(s.kind, 'exhausted', s.kind === 'model-error' ? s.message : s.kind);
        assert.deepEqual(sorted(s.outcomes), sorted(d.outcomes), `${mode}: final states`);
        assert.deepEqual(kinds(s), kinds(d), `${mode}: violation kinds`);
        assert.equal(s.stats.stateful?.collisions, 0, 'two encodings behind one fingerprint');
        for (const [o, info] of s.outcomes) {
          const r = replay(sc, info.token);
          assert.ok(r.ok && r.outcome === o, `token of ${o} replays`);
        }
        merged += s.stats.stateful?.merged ?? 0;
        states += s.stats.stateful?.states ?? 0;
        if ((s.stats.stateful?.states ?? 0) > 0)
          assert.ok((s.stats.stateful?.bytes ?? 0) > 0, `${mode}: bytes reported`);
      }
    }),
    { numRuns: 40, seed: 15 },
  );
  assert.ok(merged > 0, 'some executions reached a state already explored');
  assert.ok(states > 0);
});

test('stateful search: --max-states ends bound-reached with the states found so far', () => {
  const prog = [
    [
      { op: 'inc', c: 0 },
      { op: 'inc', c: 1 },
      { op: 'inc', c: 0 },
    ],
    [
      { op: 'inc', c: 1 },
      { op: 'inc', c: 0 },
      { op: 'inc', c: 1 },
    ],
  ];
  const r = explore(toyScenario(prog as never), { mode: 'stateful-dfs', maxStates: 3 });
  assert.equal(r.kind, 'bound-reached');
  assert.equal(r.kind === 'bound-reached' ? r.limit : null, 'states');
  assert.ok((r.stats.stateful?.states ?? 0) <= 3);
});
