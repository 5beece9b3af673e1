import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FOCUS, litmusText, programArb, type Program } from '../_helpers/kernel-programs.ts';
import { explore, replay } from '../../src/explore/index.ts';
import { variant } from '../../src/kernel/variant.ts';
import { compileLitmus } from '../../src/litmus/compile.ts';
import { parseLitmus } from '../../src/litmus/parse.ts';

// Value branches (`values`, DESIGN.md "Value branches") over the real kernel model: on random litmus programs (the
// kernel DPOR fuzz's: epoll_wait with and without timeouts, blocking ones included, against closes, writes and
// registrations) the same final states and violation kinds as DPOR without them, and every token replays to its
// outcome (tokens of executions whose reads were placed come from the order the placement gives).

const RUNS = Number(process.env['EPOLL_LAB_FUZZ_VALUES_RUNS'] ?? 40);
const SEED = Number(process.env['EPOLL_LAB_FUZZ_SEED'] ?? 20261201);
// DPOR's executions per exploration compared (value branches get twice as many); with EPOLL_LAB_FUZZ_THREADS=3 or 4
// and a cap of 40,000 the programs reach the sizes where `check` hands over to value branches (DESIGN.md).
const CAP = Number(process.env['EPOLL_LAB_FUZZ_VALUES_CAP'] ?? 3_000);
const sorted = (m: Map<string, unknown>): string[] => [...m.keys()].sort();
const kinds = (r: { violations: readonly { kind: string }[] }): string[] =>
  [...new Set(r.violations.map((v) => v.kind))].sort();
let compared = 0;

function holds(p: Program): void {
  const text = litmusText(p);
  for (const v of ['v6.8', 'v7.1']) {
    const parsed = parseLitmus(text, { file: 'fuzz.litmus' });
    assert.ok(parsed.ok);
    const c = compileLitmus(parsed.test, variant(v));
    assert.ok(c.ok);
    const sc = c.compiled.scenario;
    const plain = explore(sc, { mode: 'dpor', maxExecutions: CAP });
    const values = explore(sc, { mode: 'dpor', values: true, maxExecutions: 2 * CAP });
    assert.notEqual(values.kind, 'model-error', values.kind === 'model-error' ? values.message : '');
    if (plain.kind !== 'exhausted') continue;
    assert.equal(values.kind, 'exhausted', `${v}: value branches did not finish\n${text}`);
    assert.deepEqual(sorted(values.outcomes), sorted(plain.outcomes), `${v}: final states\n${text}`);
    assert.deepEqual(kinds(values), kinds(plain), `${v}: violation kinds\n${text}`);
    for (const [o, info] of values.outcomes) {
      const x = replay(sc, info.token);
      assert.ok(x.ok && x.outcome === o, `${v}: the token of ${o} does not replay to it\n${text}`);
    }
    compared++;
  }
}

void test(`value branches = DPOR on the kernel model: same final states and violation kinds, tokens replay (${RUNS} random litmus programs, v6.8 and v7.1)`, (t) => {
  fc.assert(fc.property(programArb(Object.keys(FOCUS)), holds), { numRuns: RUNS, seed: SEED });
  t.diagnostic(`${compared} explorations compared`);
  assert.ok(compared > RUNS, 'too few explorations finished to compare');
});
