import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerDyingEvents, answerSpuriousEbusy } from '../../src/commands/answers.ts';
import { CORPUS_DIR, seedEntries } from '../../src/litmus/corpus.ts';
import { CASE_STUDY_VARIANTS, renderCaseStudy, runCaseStudy, type CaseStudy } from '../../src/commands/start.ts';
import { replayLitmus } from '../../src/litmus/index.ts';

let cached: CaseStudy | null = null;
function caseStudy(): CaseStudy {
  cached ??= runCaseStudy();
  return cached;
}

test('start: every seed test runs on the six presets, exhaustively, with every expectation holding', () => {
  const cs = caseStudy();
  assert.deepEqual(cs.errors, []);
  assert.equal(cs.checks.length, seedEntries().length);
  for (const c of cs.checks) {
    for (const v of CASE_STUDY_VARIANTS)
      assert.ok(
        c.results.some((r) => r.variant === v),
        `${c.test} not run on ${v}`,
      );
    for (const r of c.results) {
      assert.ok(r.complete, `${c.test} ${r.variant} bounded`);
      for (const e of r.expectations) assert.notEqual(e.status, 'fail', `${c.test} ${r.variant}: ${e.text}`);
    }
  }
  const text = renderCaseStudy(cs);
  for (const c of cs.checks) assert.ok(text.includes(c.test.slice(0, 20)), c.test);
  assert.match(text, /Brauner's question 1: .*\nAnswer: /);
  assert.match(text, /Brauner's question 2: .*\nAnswer: /);
});

test("start: each answer's evidence tokens replay to the state they are cited for", () => {
  const cs = caseStudy();
  for (const a of cs.answers) {
    assert.ok(a.evidence.length >= 2, `${a.question}: ${a.evidence.length} tokens`);
    for (const e of a.evidence) {
      const r = replayLitmus(e.token, { searchDir: CORPUS_DIR });
      assert.ok(r.ok, r.ok ? '' : r.message);
      assert.equal(r.replay.test.name, e.test);
      assert.equal(r.replay.variant, e.variant);
      const checked = cs.checks.find((c) => c.test === e.test)?.results.find((x) => x.variant === e.variant);
      assert.ok(checked?.outcomes.some((o) => o.token === e.token && o.outcome.startsWith(r.replay.outcome)));
    }
  }
});

test("start: the verdicts follow the results (question 2 says no when I4 shows no EBUSY; question 1 sees I3's drops)", () => {
  const cs = caseStudy();
  assert.match(answerSpuriousEbusy(cs.checks, CASE_STUDY_VARIANTS).verdict, /^yes on v6\.9, v6\.13 and v7\.1/);
  const withoutEbusy = cs.checks.filter((c) => c.test !== 'I4-close-umount-ebusy');
  assert.match(answerSpuriousEbusy(withoutEbusy, CASE_STUDY_VARIANTS).verdict, /^no/);
  assert.match(answerDyingEvents(cs.checks, CASE_STUDY_VARIANTS).verdict, /^yes, but only/);
  const withoutI3 = cs.checks.filter((c) => c.test !== 'I3-dying-pipe');
  assert.match(answerDyingEvents(withoutI3, CASE_STUDY_VARIANTS).verdict, /^no/);
});
