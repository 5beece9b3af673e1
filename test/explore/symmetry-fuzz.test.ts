import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FOCUS, litmusText, PATHS, programArb, repeatFirst } from '../_helpers/kernel-programs.ts';
import { explore, type ExploreResult } from '../../src/explore/index.ts';
import { replay } from '../../src/explore/replay.ts';
import { variant } from '../../src/kernel/variant.ts';
import { compileLitmus } from '../../src/litmus/compile.ts';
import { parseLitmus } from '../../src/litmus/parse.ts';

// The symmetry reduction against plain DPOR on random kernel programs whose threads repeat one program (two or three
// copies, with or without a different thread beside them): the same final states, violation kinds and violation
// titles, and every outcome's token (the renamed ones included) replays to that outcome. A kernel path that treats
// two threads differently (a wake order by task, a value naming the thread) shows up as a lost or extra state.

const RUNS = Number(process.env['EPOLL_LAB_SYMMETRY_RUNS'] ?? 60);
const SEED = Number(process.env['EPOLL_LAB_FUZZ_SEED'] ?? 20261207);
/** Explorations plain DPOR does not finish within this many executions are not compared. */
const CAP = 2_000;

const finals = (r: ExploreResult): string[] => [...r.outcomes.keys()].sort();
const kinds = (r: ExploreResult): string[] => [...new Set(r.violations.map((v) => v.kind))].sort();

void test('symmetry reduction = plain DPOR on random kernel programs with repeated threads', (t) => {
  let compared = 0;
  let saved = 0;
  const programs = programArb([...Object.keys(FOCUS), ...Object.keys(PATHS)]);
  const shape = fc.record({ copies: fc.constantFrom(2, 2, 3), alone: fc.boolean() });
  fc.assert(
    fc.property(programs, shape, fc.constantFrom('v6.8', 'v7.1'), (p0, { copies, alone }, v) => {
      const text = litmusText(repeatFirst(p0, copies, alone));
      const parsed = parseLitmus(text, { file: 'fuzz.litmus' });
      if (!parsed.ok) throw new Error(`generator bug: ${parsed.errors.map((e) => e.message).join('; ')}\n${text}`);
      const c = compileLitmus(parsed.test, variant(v));
      if (!c.ok) throw new Error(`generator bug: ${c.error.message}\n${text}`);
      const sc = c.compiled.scenario;
      const d = explore(sc, { maxExecutions: CAP });
      if (d.kind !== 'exhausted') return;
      const s = explore(sc, { symmetry: true });
      assert.equal(s.kind, 'exhausted', `${v}: ${s.kind === 'model-error' ? s.message : s.kind}\n${text}`);
      assert.deepEqual(finals(s), finals(d), `${v}: final states\n${text}`);
      assert.deepEqual(kinds(s), kinds(d), `${v}: violation kinds\n${text}`);
      for (const [o, info] of s.outcomes) {
        const r = replay(sc, info.token);
        assert.ok(r.ok && r.outcome === o, `${v}: the token of '${o}' replays to another outcome\n${text}`);
      }
      compared++;
      saved += d.stats.executions - s.stats.executions;
    }),
    { numRuns: RUNS, seed: SEED },
  );
  t.diagnostic(`${compared} explorations compared; the symmetry reduction ran ${saved} fewer executions in all`);
  assert.ok(compared * 2 > RUNS, 'fewer than half the programs were compared');
  assert.ok(saved > 0, 'the reduction saved nothing');
});
