import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { RaceProfile, siteText } from '../../src/explore/dpor/profile.ts';
import { explore } from '../../src/explore/index.ts';
import { Machine } from '../../src/kernel/machine.ts';
import type { Lock } from '../../src/kernel/lock.ts';
import { variant } from '../../src/kernel/variant.ts';
import { Cell, programArb, toyScenario, type Program } from './toy.ts';

// The race profile (`check --races`, src/explore/dpor/profile.ts) attributes each race DPOR processes, and each
// branch it adds, to the pair of sites (function, object and field, access) that raced.

const RUNS = Number(process.env['EPOLL_LAB_PROFILE_RUNS'] ?? 150);

void test('profiling changes nothing in the exploration, and its branches are exactly the wakeup-tree insertions (random toy programs)', () => {
  fc.assert(
    fc.property(programArb, (p) => {
      const sc = toyScenario(p);
      const plain = explore(sc, { mode: 'dpor' });
      const prof = explore(sc, { mode: 'dpor', races: true });
      assert.equal(prof.kind, plain.kind);
      assert.deepEqual(prof.outcomes, plain.outcomes, 'outcomes, their counts or tokens differ');
      assert.equal(prof.stats.executions, plain.stats.executions);
      assert.equal(plain.stats.races, undefined, 'a profile without races: true');
      const r = prof.stats.races;
      assert.ok(r !== undefined);
      // Without a state cache every insertion comes from a race: the profile must have seen each one.
      assert.equal(r.branches, prof.stats.insertions);
      assert.ok(r.races >= r.branches);
      const sum = (k: 'races' | 'branches'): number => r.pairs.reduce((s, x) => s + x[k], 0);
      if (r.pairs.length < 12) assert.deepEqual([sum('races'), sum('branches')], [r.races, r.branches]);
      for (let i = 1; i < r.pairs.length; i++)
        assert.ok((r.pairs[i - 1]?.branches ?? 0) >= (r.pairs[i]?.branches ?? 0), 'pairs not by branches');
    }),
    { numRuns: RUNS, seed: 20261206 },
  );
});

void test('two threads writing and reading one field: the profile names that field on both sides', () => {
  const p: Program = [[{ op: 'wr', c: 0, k: 1 }], [{ op: 'rd', c: 0 }]];
  const r = explore(toyScenario(p), { mode: 'dpor', races: true });
  const prof = r.stats.races;
  assert.ok(prof !== undefined);
  assert.equal(r.stats.executions, 2);
  assert.deepEqual(
    prof.pairs.map((x) => [x.a, x.b, x.branches]),
    // Sides in text order, not in execution order.
    [['toy_op: eventfd.v read', 'toy_op: eventfd.v write', 1]],
  );
});

void test('site texts: allocation numbers dropped, a lock named once, the caller in parentheses', () => {
  const m = new Machine(variant('v7.1'));
  const c = m.alloc('eventfd_ctx', new Cell());
  const t = { comm: 'P0', stack: ['epoll_wait', 'ep_poll'] };
  assert.match(c.label, /#\d/);
  assert.equal(siteText(t, { k: 'read', o: c, f: 'v' }), 'ep_poll (epoll_wait): eventfd.v read');
  const l = c.locks[0] as Lock;
  assert.equal(
    siteText({ comm: 'P1', stack: [] }, { k: 'acquire', o: l, f: l.field }),
    `P1: ${l.label.replace(/#\d+/g, '')} acquire`,
  );
  const prof = new RaceProfile();
  prof.race('b', 'a', true);
  prof.race('a', 'b', false);
  assert.deepEqual(prof.result().pairs, [{ a: 'a', b: 'b', races: 2, branches: 1 }]);
});
