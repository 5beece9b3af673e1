import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { explore, type ExploreResult, type Scenario } from '../../src/explore/index.ts';
import { variant } from '../../src/kernel/variant.ts';
import { compileLitmus } from '../../src/litmus/compile.ts';
import { parseLitmus } from '../../src/litmus/parse.ts';

// Halts (src/explore/DESIGN.md, "Halts"): a litmus scenario declares what the outcome of a halted execution reads (its
// threads' recorded values, the violations, who freed an observed file), and DPOR then orders a halt only after the
// events that changed one of these instead of after every thread's last event. Checked against the old rule (the
// same scenario without its declaration) on the corpus tests that halt: a use-after-free, a BUG_ON, a double fput.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HALTING: readonly (readonly [string, string])[] = [
  ['litmus/I1-dmabuf-sync.litmus', 'v6.8'],
  ['litmus/I9-bad-epoll.litmus', 'v6.8'],
  ['litmus/I10-ebusy-window.litmus', 'v6.9'],
  ['litmus/bugs/E4-ep-put-under-mtx.litmus', 'v6.8'],
  ['litmus/bugs/E4-ep-put-under-mtx.litmus', 'v6.9'],
  ['litmus/I2-dmabuf-async.litmus', 'v6.8'],
];
const finals = (r: ExploreResult): string[] => [...r.outcomes.keys()].sort();
const kinds = (r: ExploreResult): string[] => [...new Set(r.violations.map((v) => v.kind))].sort();

for (const [file, v] of HALTING) {
  void test(`${file} on ${v}: halts ordered after visible events give the final states and violation kinds of halts ordered after every event, in fewer executions`, (t) => {
    const parsed = parseLitmus(readFileSync(`${ROOT}/${file}`, 'utf8'), { file });
    assert.ok(parsed.ok);
    const c = compileLitmus(parsed.test, variant(v));
    assert.ok(c.ok);
    const sc = c.compiled.scenario;
    assert.ok(sc.haltView !== undefined, 'litmus scenarios declare their halt view');
    const { haltView: _, ...every } = sc satisfies Scenario;
    const old = explore(every, { mode: 'dpor' });
    const now = explore(sc, { mode: 'dpor' });
    assert.deepEqual([old.kind, now.kind], ['exhausted', 'exhausted']);
    assert.ok(
      old.violations.some((x) => x.violation.fatal),
      'the test does not halt: it checks nothing here',
    );
    assert.deepEqual(finals(now), finals(old), 'final states');
    assert.deepEqual(kinds(now), kinds(old), 'violation kinds');
    assert.ok(now.stats.executions < old.stats.executions, 'the halt view saved no execution');
    t.diagnostic(`executions ${old.stats.executions} -> ${now.stats.executions}`);
  });
}
