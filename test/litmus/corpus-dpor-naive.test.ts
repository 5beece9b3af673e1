import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CORPUS_DIR } from '../../src/litmus/corpus.ts';
import { explore } from '../../src/explore/index.ts';
import { variant } from '../../src/kernel/variant.ts';
import { compileLitmus } from '../../src/litmus/compile.ts';
import { parseLitmus } from '../../src/litmus/parse.ts';

// Naive DFS with one preemption reaches a subset of the schedules; every final state it reaches must be one DPOR
// reaches. A shared access without its step (or read a step late) hides a dependency from DPOR and breaks this.
const VARIANTS = ['v6.8', 'v6.9', 'v7.1'];
const CAP = 20_000;
/** DPOR must finish: I2 on v6.8 takes 43,712 executions (17,829 before the access audit's step fixes). */
const DPOR_CAP = 50_000;

for (const f of readdirSync(CORPUS_DIR)
  .filter((x) => x.endsWith('.litmus'))
  .sort()) {
  void test(`litmus ${f}: DPOR reaches every state naive DFS with one preemption reaches (${VARIANTS.join(', ')})`, () => {
    const parsed = parseLitmus(readFileSync(join(CORPUS_DIR, f), 'utf8'), { file: f });
    assert.ok(parsed.ok);
    for (const v of VARIANTS) {
      const c = compileLitmus(parsed.test, variant(v));
      assert.ok(c.ok, v);
      const dpor = explore(c.compiled.scenario, { mode: 'dpor', maxExecutions: DPOR_CAP });
      const naive = explore(c.compiled.scenario, { mode: 'naive', bound: 1, maxExecutions: CAP });
      assert.equal(dpor.kind, 'exhausted', `${v}: DPOR did not finish within ${DPOR_CAP} executions`);
      const missing = [...naive.outcomes.keys()].filter((o) => !dpor.outcomes.has(o));
      assert.deepEqual(missing, [], `${v}: states naive DFS reaches and DPOR does not`);
    }
  });
}
