// The corpus on this machine's kernel (CI-sized): every host-runnable test of litmus/ runs 1,000 iterations with its
// threads concurrent on real CPUs, and every final state Linux shows must be one the model allows under `host`.
// `npm run stress` runs the same at 10,000 iterations per test (docs/stress.md has its figures).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { expandFiles } from '../../src/litmus/corpus.ts';
import { parseLitmus } from '../../src/litmus/parse.ts';
import { formatDone, summaryLine } from '../../src/stress/format.ts';
import { stressTest, type StressReport } from '../../src/stress/stress.ts';

const ITERATIONS = 1000;

test('stress corpus: every host-runnable litmus test, 1,000 iterations each, is sound under host', async () => {
  const reports: StressReport[] = [];
  for (const file of expandFiles(['litmus'])) {
    const p = parseLitmus(readFileSync(file, 'utf8'), { file });
    assert.ok(p.ok, file);
    // Each test is bounded in time too (epollexclusive tests wait out 10 ms timeouts: about 6 s).
    reports.push(await stressTest(p.test, { iterations: ITERATIONS, timeMs: 20_000 }));
  }
  const summary = reports.map(summaryLine).join('\n');
  const done = reports.filter((r) => r.kind === 'done');
  assert.deepEqual(
    reports.filter((r) => r.kind === 'error'),
    [],
    summary,
  );
  assert.ok(done.length >= 20, `only ${done.length} tests ran on the host:\n${summary}`);
  for (const r of done) {
    // The histogram names the state Linux showed that the model forbids (what a kernel developer needs first).
    assert.equal(r.verdict.sound, true, `${r.test} is unsound:\n${formatDone(r).join('\n')}\n\n${summary}`);
    assert.equal(r.run.iterations + r.run.late, ITERATIONS, `${r.test} did not run its iterations:\n${summary}`);
    assert.equal(r.run.stuck, 0, `${r.test}: an iteration did not end`);
    assert.ok(r.verdict.seenAllowed >= 1);
  }
  // Only model-only tests are skipped.
  for (const r of reports) if (r.kind === 'skipped') assert.match(r.reason, /model-only/);
  process.stdout.write(`${summary}\n`);
});
