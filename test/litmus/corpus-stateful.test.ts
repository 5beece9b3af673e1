import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CORPUS_DIR } from '../../src/litmus/corpus.ts';
import { checkLitmusFile, type CheckResult } from '../../src/litmus/index.ts';

/** Tests whose DPOR exploration stays below this many executions on a variant are compared there. */
const CAP = 3_000;

const files = readdirSync(CORPUS_DIR)
  .filter((f) => f.endsWith('.litmus'))
  .sort();

const finals = (r: CheckResult): string[] => r.outcomes.map((o) => o.outcome).sort();
const kinds = (r: CheckResult): string[] => [...new Set(r.violations.map((v) => v.kind))].sort();
const verdicts = (r: CheckResult): string[] => r.expectations.map((e) => `${e.line}:${e.status}`);

for (const f of files) {
  test(`stateful = dpor on ${f}: final states, condition, violation kinds, expectation verdicts`, (t) => {
    const path = join(CORPUS_DIR, f);
    const d = checkLitmusFile(path, { maxExecutions: CAP });
    assert.ok(d.ok);
    let compared = 0;
    d.results.forEach((dr) => {
      if (!dr.complete) return;
      const s = checkLitmusFile(path, { variants: dr.variant, mode: 'stateful', maxExecutions: 4 * CAP });
      assert.ok(s.ok);
      const sr = s.results[0] as CheckResult;
      assert.equal(sr.variant, dr.variant);
      assert.equal(sr.complete, true, `${dr.variant}: stateful did not finish`);
      assert.deepEqual(finals(sr), finals(dr), `${dr.variant}: final states`);
      assert.deepEqual(kinds(sr), kinds(dr), `${dr.variant}: violation kinds`);
      assert.equal(sr.condition?.holds, dr.condition?.holds, `${dr.variant}: condition`);
      assert.deepEqual(verdicts(sr), verdicts(dr), `${dr.variant}: expectations`);
      compared++;
    });
    t.diagnostic(`${compared} of ${d.results.length} variants compared`);
  });
}
