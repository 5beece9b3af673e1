import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FOCUS, litmusText, programArb } from '../../_helpers/kernel-programs.ts';
import { explore } from '../../../src/explore/index.ts';
import { variant } from '../../../src/kernel/variant.ts';
import { litmusRef } from '../../../src/litmus/ref.ts';
import { compileLitmus } from '../../../src/litmus/compile.ts';
import { parseLitmus } from '../../../src/litmus/parse.ts';
import { par, violationKeys } from './helpers.ts';

// Split DPOR (the split's sleep-set DFS with its conditional independence of reference-count updates, DPOR below it
// with counting steps and views) against sequential DPOR on random programs over the kernel model: the toy programs
// of parallel-vs-sequential.test.ts have no view but `vrd`, the kernel has `ep_events_available`'s. 750 programs
// passed by hand (EPOLL_LAB_SPLIT_FUZZ_RUNS=750).
const RUNS = Number(process.env['EPOLL_LAB_SPLIT_FUZZ_RUNS'] ?? 40);
const SEED = Number(process.env['EPOLL_LAB_SPLIT_FUZZ_SEED'] ?? 20261206);

void test('split dpor = sequential dpor on random kernel programs (v6.8, v6.9, v7.1; granularities 4, 64 and the deepest): the same final states and violations', async (t) => {
  let compared = 0;
  let over = 0;
  await fc.assert(
    fc.asyncProperty(
      programArb(Object.keys(FOCUS)),
      fc.constantFrom('v6.8', 'v6.9', 'v7.1'),
      fc.constantFrom(4, 64, 1e6),
      async (p, v, granularity) => {
        const text = litmusText(p);
        const parsed = parseLitmus(text, { file: 'fuzz.litmus' });
        if (!parsed.ok) throw new Error(`generator bug:\n${text}`);
        const c = compileLitmus(parsed.test, variant(v));
        if (!c.ok) throw new Error(`generator bug:\n${text}`);
        const s = explore(c.compiled.scenario, { mode: 'dpor', maxExecutions: 3_000 });
        if (s.kind !== 'exhausted') {
          over++;
          return;
        }
        const r = await par(litmusRef(text, 'fuzz.litmus', v), { mode: 'dpor', workers: 1, granularity });
        assert.equal(r.result.kind, 'exhausted');
        assert.deepEqual([...r.result.outcomes.keys()].sort(), [...s.outcomes.keys()].sort(), `${v}:\n${text}`);
        assert.deepEqual(violationKeys(r.result), violationKeys(s), `${v}:\n${text}`);
        compared++;
      },
    ),
    { numRuns: RUNS, seed: SEED },
  );
  t.diagnostic(`${compared} programs compared, ${over} over 3,000 sequential executions left out`);
  assert.ok(compared >= RUNS * 0.9);
});
