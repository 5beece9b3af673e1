// The harness's raw final states read back as the model's litmus states: same names, values, order and `blocked`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseVariant } from '../../src/kernel/variant.ts';
import type { LitmusTest } from '../../src/litmus/ast.ts';
import { parseLitmus } from '../../src/litmus/parse.ts';
import { observedState } from '../../src/stress/observed.ts';
import { parseRawRun, type RawRun } from '../../src/stress/run.ts';
import { judgeRun, modelSide, type ModelSide } from '../../src/stress/verdict.ts';

function load(file: string): LitmusTest {
  const p = parseLitmus(readFileSync(file, 'utf8'), { file });
  assert.ok(p.ok);
  return p.test;
}

function model(t: LitmusTest, spec = 'host'): ModelSide {
  const v = parseVariant(spec);
  assert.ok(v.ok);
  const m = modelSide(t, v.variant);
  assert.ok(!('code' in m));
  return m;
}

const I5 = load('litmus/I5-deferred-release-hang.litmus');

test('stress observed: raw results read back as the model prints them (events, read data, errno, blocked)', () => {
  const hold = observedState(I5, '|BLOCKS|RET 1 0 data=78|RET 0 0|RET 1 0');
  assert.ok(hold.ok);
  assert.equal(hold.text, 'P0:r0=blocked; P1:b=1 "x"; P1:c=0; P1:wr=1');
  const normal = observedState(I5, '|RET 1 0 ev=1:3|RET 1 0 data=78|RET 0 0|RET -1 32');
  assert.ok(normal.ok);
  assert.equal(normal.text, 'P0:r0=1 [EPOLLIN:3]; P1:b=1 "x"; P1:c=0; P1:wr=-EPIPE');
  // Both are states the model allows on the host's variant: the formats agree.
  const m = model(I5);
  assert.ok(m.allowed.has(hold.text) && m.allowed.has(normal.text));
});

test('stress observed: a thread recorded blocked shows its later names as unfinished; bad keys are errors', () => {
  const s = observedState(I5, '|RET 1 0 ev=1:3|BLOCKS|-|-');
  assert.ok(s.ok);
  assert.equal(s.text, 'P0:r0=1 [EPOLLIN:3]; P1:b=blocked; P1:c=unfinished; P1:wr=unfinished');
  assert.ok(!observedState(I5, '|BLOCKS|RET 1 0').ok);
  assert.ok(!observedState(I5, '|BLOCKS|-|-|-|-').ok);
  assert.ok(!observedState(I5, '|BLOCKS|nonsense|-|-').ok);
});

function raw(states: RawRun['states']): RawRun {
  return {
    iterations: states.reduce((n, s) => n + s.count, 0),
    elapsedMs: 1,
    released: 0,
    late: 0,
    stuck: 0,
    cpus: 2,
    states,
  };
}

test('stress verdict: sound when every observed state is allowed; coverage and the condition count per iteration', () => {
  const r = judgeRun(
    I5,
    model(I5),
    raw([
      { key: '|BLOCKS|RET 1 0 data=78|RET 0 0|RET 1 0', count: 3 },
      { key: '|RET 1 0 ev=1:3|RET 1 0 data=78|RET 0 0|RET -1 32', count: 97 },
    ]),
  );
  assert.ok(r.ok);
  assert.equal(r.verdict.sound, true);
  assert.equal(r.verdict.allowedCount, 4);
  assert.equal(r.verdict.seenAllowed, 2);
  // The condition (P0:r0 == blocked with the write after close) holds of the hold state only.
  assert.equal(r.verdict.conditionCount, 3);
});

test('stress verdict: a state the variant forbids is unsound (I5 hold under v6.8)', () => {
  const r = judgeRun(I5, model(I5, 'v6.8'), raw([{ key: '|BLOCKS|RET 1 0 data=78|RET 0 0|RET 1 0', count: 1 }]));
  assert.ok(r.ok);
  assert.equal(r.verdict.sound, false);
  assert.deepEqual(
    r.verdict.rows.map((x) => x.allowed),
    [false],
  );
});

test('stress output: the harness histogram parses; FATAL lines and truncated output are errors', () => {
  const ok = parseRawRun('STRESS 3 10 1 0 0 2\nSTATE 2 |RET 0 0\nSTATE 1 |BLOCKS\nEND\n');
  assert.ok(ok.ok);
  assert.deepEqual(ok.run.states, [
    { count: 2, key: '|RET 0 0' },
    { count: 1, key: '|BLOCKS' },
  ]);
  const fatal = parseRawRun('FATAL EPM303 unshare(CLONE_NEWNS): Operation not permitted\n');
  assert.ok(!fatal.ok && fatal.error.code === 'EPM303');
  const cut = parseRawRun('STRESS 3 10 1 0 0 2\nSTATE 2 |RET 0 0\n');
  assert.ok(!cut.ok && cut.error.code === 'EPM306');
});
