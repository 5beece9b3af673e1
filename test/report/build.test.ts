import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, replay, type Scenario, type TraceEntry } from '../../src/explore/index.ts';
import { corpusScenario } from '../_helpers/litmus.ts';
import { buildReportTest, cellSeverity, type ReportTrace } from '../../src/report/index.ts';
import { fileRace } from '../explore/filerace.ts';

test('diff: an outcome only in one variant of a pair names the other and gets a replay that reaches it', () => {
  const i3 = (v: string): Scenario => corpusScenario('samples/i3-dying-pipe-release', v);
  const runs = ['v6.8', 'v6.9'].map((v) => ({ scenario: i3(v), result: explore(i3(v)) }));
  const t = buildReportTest({ name: 'I3', runs });
  assert.deepEqual(t.pairs, [['v6.8', 'v6.9']]);
  const [a, b] = runs.map((r) => new Set(r.result.outcomes.keys()));
  t.cells.forEach((c, i) => {
    const other = i === 0 ? b : a;
    const otherName = i === 0 ? 'v6.9' : 'v6.8';
    assert.deepEqual(
      c.outcomes.map((o) => o.outcome),
      [...(runs[i]?.result.outcomes.keys() ?? [])].sort(),
    );
    for (const o of c.outcomes) {
      assert.deepEqual(o.missingIn, other?.has(o.outcome) ? [] : [otherName]);
      if (o.missingIn.length === 0) continue;
      assert.ok(o.trace !== null);
      assert.equal(c.traces[o.trace]?.outcome, o.outcome, 'the replay reaches the outcome');
    }
  });
  assert.ok(
    t.cells[1]?.outcomes.some((o) => o.missingIn.length > 0),
    'v6.9 has an outcome v6.8 lacks',
  );
});

test('violations: each gets the replay of its token, marked at the event where it fired; one replay per token', () => {
  const sc = fileRace('v6.8');
  const result = explore(sc);
  const t = buildReportTest({ name: 'file race', runs: [{ scenario: sc, result }] });
  const c = t.cells[0];
  assert.ok(c);
  assert.equal(cellSeverity(c), 'violation');
  assert.equal(c.violations.length, result.violations.length);
  assert.equal(new Set(c.traces.map((x) => x.token)).size, c.traces.length);
  for (const v of c.violations) {
    assert.ok(v.trace !== null);
    const tr: ReportTrace | undefined = c.traces[v.trace];
    assert.equal(tr?.token, v.token);
    const r = replay(sc, v.token);
    assert.ok(r.ok);
    assert.deepEqual(
      tr?.marks.map((m) => m.kind),
      r.violations.map((x) => x.kind),
    );
    const mark: ReportTrace['marks'][number] | undefined = tr?.marks.find((m) => m.kind === v.kind);
    assert.ok(mark);
    // A violation raised by a step is marked on that step, made by the reported thread.
    const step: TraceEntry | undefined = tr?.steps.find((s) => s.pos === mark.pos && s.kind !== 'clock');
    if (step !== undefined) assert.equal(step.thread, v.thread);
  }
});

test('severity: clean, bad (condition), violation and error cells', () => {
  const clean = fileRace('v6.8');
  const r = explore(clean);
  const benign = [...r.outcomes.keys()].find((o) => !o.includes(' | ')) ?? '';
  const base = {
    scenario: clean,
    ending: 'exhausted',
    complete: true,
    mode: 'dpor',
    executions: 1,
    violations: [],
  };
  const tok = r.outcomes.get(benign)?.token ?? '';
  const cellOf = (bad: boolean, errors: string[] = []) =>
    buildReportTest({
      name: 'x',
      runs: [{ ...base, outcomes: [{ outcome: benign, count: 1, token: tok, bad }], errors }],
    }).cells[0];
  assert.equal(cellSeverity(cellOf(false) ?? assert.fail()), 'clean');
  assert.equal(cellSeverity(cellOf(true) ?? assert.fail()), 'bad');
  assert.equal(cellSeverity(cellOf(false, ['model error: boom']) ?? assert.fail()), 'error');
  const broken = buildReportTest({
    name: 'x',
    runs: [
      { ...base, outcomes: [], violations: [{ kind: 'leak', title: 't', report: 'r', token: 'el1:v6.8:00000000:AA' }] },
    ],
  }).cells[0];
  assert.ok(broken);
  assert.equal(cellSeverity(broken), 'error', 'a token that does not replay is reported');
  assert.match(broken.errors.join('\n'), /replay of el1:v6\.8:00000000:AA failed/);
});
