// Test helper: stateful (cached DPOR) against DPOR on random litmus programs over the kernel model, in parts that
// `npm test` runs side by side (test/explore/kernel-stateful-fuzz-*.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { explore, type ExploreResult } from '../../src/explore/index.ts';
import { variant } from '../../src/kernel/variant.ts';
import { compileLitmus } from '../../src/litmus/compile.ts';
import { parseLitmus } from '../../src/litmus/parse.ts';
import { FOCUS, litmusText, PATHS, programArb, type Program } from './kernel-programs.ts';

// The same final states and the same violation kinds, on v6.8 or v7.1. A fingerprint that misses a piece of state,
// or a summary that misses a race, shows up as a lost state. The evidence is 1,000 programs: four parts of
// 250 by default (`EPOLL_LAB_STATEFUL_RUNS` sets the total), each with its own seed.

export const STATEFUL_PARTS = 4;
const RUNS = Number(process.env['EPOLL_LAB_STATEFUL_RUNS'] ?? 1000);
const SEED = Number(process.env['EPOLL_LAB_FUZZ_SEED'] ?? 20261206);
/** Explorations DPOR does not finish within this many executions are not compared (`EPOLL_LAB_STATEFUL_CAP`). */
const CAP = Number(process.env['EPOLL_LAB_STATEFUL_CAP'] ?? 1_000);

const finals = (r: ExploreResult): string[] => [...r.outcomes.keys()].sort();
const kinds = (r: ExploreResult): string[] => [...new Set(r.violations.map((v) => v.kind))].sort();

/** Registers part `part` (0-based) of the comparison. */
export function statefulFuzzPart(part: number): void {
  const runs = Math.ceil(RUNS / STATEFUL_PARTS);
  let compared = 0;
  let cut = 0;
  let slow = 0;
  const agrees = (p: Program, v: string): void => {
    const text = litmusText(p);
    const parsed = parseLitmus(text, { file: 'fuzz.litmus' });
    if (!parsed.ok) throw new Error(`generator bug: ${parsed.errors.map((e) => e.message).join('; ')}\n${text}`);
    const c = compileLitmus(parsed.test, variant(v));
    if (!c.ok) throw new Error(`generator bug: ${c.error.message}\n${text}`);
    const d = explore(c.compiled.scenario, { mode: 'dpor', maxExecutions: CAP });
    if (d.kind !== 'exhausted') return;
    // A few programs make the stateful mode run tens of times DPOR's executions (its cuts each replay a prefix):
    // those are a performance case, counted and left out, not a verdict.
    const s = explore(c.compiled.scenario, { mode: 'stateful', maxExecutions: 10 * d.stats.executions + 1000 });
    if (s.kind === 'bound-reached' && s.limit === 'executions') {
      slow++;
      return;
    }
    assert.equal(s.kind, 'exhausted', `${v}: stateful ${s.kind === 'model-error' ? s.message : s.kind}\n${text}`);
    assert.deepEqual(finals(s), finals(d), `${v}: final states\n${text}`);
    assert.deepEqual(kinds(s), kinds(d), `${v}: violation kinds\n${text}`);
    compared++;
    cut += s.stats.stateful?.merged ?? 0;
  };
  const name = `stateful = dpor on random kernel programs, part ${part + 1} of ${STATEFUL_PARTS}: final states and violation kinds (${runs} programs, each on v6.8 or v7.1)`;
  void test(name, (t) => {
    // Each program on one variant, v6.8 (the bugs: halts, double fputs) or v7.1, drawn with it.
    const programs = programArb([...Object.keys(FOCUS), ...Object.keys(PATHS)]);
    fc.assert(fc.property(programs, fc.constantFrom('v6.8', 'v7.1'), agrees), {
      numRuns: runs,
      seed: SEED + part,
    });
    t.diagnostic(
      `${compared} explorations compared, ${cut} executions cut at a stored state; ${slow} left out (stateful over 10x DPOR's executions + 1,000)`,
    );
    assert.ok(compared > 0);
    assert.ok(slow * 20 < compared, 'the stateful mode was slow on more than 1 exploration in 20');
  });
}
