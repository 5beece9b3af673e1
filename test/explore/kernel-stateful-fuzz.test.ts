import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { explore, type ExploreResult } from '../../src/explore/index.ts';
import { variant } from '../../src/kernel/variant.ts';
import { compileLitmus } from '../../src/litmus/compile.ts';
import { parseLitmus } from '../../src/litmus/parse.ts';
import { FOCUS, litmusText, PATHS, programArb, type Program } from '../_helpers/kernel-programs.ts';

// The stateful mode (DPOR with a table of explored states) against plain DPOR on random litmus programs over the
// kernel model: the same final states and the same violation kinds, on v6.8 and v7.1. A fingerprint that misses a
// piece of state, or a summary that misses a race, shows up here as a lost state. `EPOLL_LAB_STATEFUL_RUNS` runs
// more (the evidence: 1,000).

const RUNS = Number(process.env['EPOLL_LAB_STATEFUL_RUNS'] ?? 40);
const SEED = Number(process.env['EPOLL_LAB_FUZZ_SEED'] ?? 20261206);
const CAP = 3_000;

const finals = (r: ExploreResult): string[] => [...r.outcomes.keys()].sort();
const kinds = (r: ExploreResult): string[] => [...new Set(r.violations.map((v) => v.kind))].sort();

let compared = 0;
let cut = 0;

function agrees(p: Program): void {
  const text = litmusText(p);
  const parsed = parseLitmus(text, { file: 'fuzz.litmus' });
  if (!parsed.ok) throw new Error(`generator bug: ${parsed.errors.map((e) => e.message).join('; ')}\n${text}`);
  for (const v of ['v6.8', 'v7.1']) {
    const c = compileLitmus(parsed.test, variant(v));
    if (!c.ok) throw new Error(`generator bug: ${c.error.message}\n${text}`);
    const d = explore(c.compiled.scenario, { mode: 'dpor', maxExecutions: CAP });
    if (d.kind !== 'exhausted') continue;
    const s = explore(c.compiled.scenario, { mode: 'stateful' });
    assert.equal(s.kind, 'exhausted', `${v}: stateful ${s.kind === 'model-error' ? s.message : s.kind}\n${text}`);
    assert.deepEqual(finals(s), finals(d), `${v}: final states\n${text}`);
    assert.deepEqual(kinds(s), kinds(d), `${v}: violation kinds\n${text}`);
    compared++;
    cut += s.stats.stateful?.merged ?? 0;
  }
}

void test(`stateful = dpor on random kernel programs: final states and violation kinds (${RUNS} programs, v6.8 and v7.1)`, (t) => {
  fc.assert(fc.property(programArb([...Object.keys(FOCUS), ...Object.keys(PATHS)]), agrees), {
    numRuns: RUNS,
    seed: SEED,
  });
  t.diagnostic(`${compared} explorations compared, ${cut} executions cut at a stored state`);
  assert.ok(compared > 0);
});
