import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkLitmus, resultOk, type CheckResult } from '../../src/litmus/check.ts';
import { checkLitmusFile } from '../../src/litmus/file.ts';
import { formatCheck, formatCheckJson } from '../../src/litmus/format.ts';
import { EpmError } from '../../src/script/errors.ts';

const I1 = 'litmus/samples/i1-dmabuf-wait-vs-close.litmus';
const I4 = 'litmus/samples/i4-close-umount-ebusy.litmus';
const I3 = 'litmus/samples/i3-dying-pipe-release.litmus';

function results(file: string, variants?: string): CheckResult[] {
  const r = checkLitmusFile(file, variants === undefined ? {} : { variants });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return [...r.results];
}

test('I1: a use-after-free under v6.8, none under v6.9 (exhaustive)', () => {
  const [v68, v69] = results(I1, 'v6.8,v6.9') as [CheckResult, CheckResult];
  assert.equal(v68.variant, 'v6.8');
  assert.equal(v68.complete, true);
  assert.ok(v68.violations.some((v) => v.kind === 'use-after-free'));
  assert.ok(v68.violations.every((v) => v.token.startsWith('el1:v6.8:')));
  assert.match(v68.violations.find((v) => v.kind === 'use-after-free')?.report ?? '', /BUG: KASAN: /);
  assert.equal(v68.condition?.holds, true);
  assert.equal(v69.complete, true);
  assert.ok(!v69.violations.some((v) => v.kind === 'use-after-free'));
  assert.equal(v69.condition?.observation, 'Never');
  assert.ok(resultOk(v68) && resultOk(v69));
});

test('I4: close then umount gives EBUSY under v6.9 only (not v6.8, not brauner-nouser)', () => {
  const rs = results(I4, 'v6.8,v6.9,brauner-nouser');
  const ebusy = (r: CheckResult): boolean => r.outcomes.some((o) => o.satisfies === true);
  assert.deepEqual(
    rs.map((r) => [r.variant, ebusy(r), r.complete]),
    [
      ['v6.8', false, true],
      ['v6.9', true, true],
      ['brauner-nouser', false, true],
    ],
  );
  const witness = rs[1]?.outcomes.find((o) => o.satisfies === true);
  assert.match(witness?.outcome ?? '', /P1:c=0; P1:u=-EBUSY/);
  assert.ok(rs.every(resultOk));
});

test('I3: the release of the dying pipe end can run in the epoll_wait thread under v6.9, never under v6.8', () => {
  const rs = results(I3, 'v6.8,v6.9');
  assert.deepEqual(
    rs.map((r) => [r.variant, r.condition?.observation]),
    [
      ['v6.8', 'Never'],
      ['v6.9', 'Sometimes'],
    ],
  );
  assert.equal(rs[1]?.condition?.text, 'exists (release(r) == P0)');
  assert.ok(rs.every(resultOk));
});

test('without --variant, a test runs on the variants its expectations name (all = the presets)', () => {
  assert.deepEqual(
    results(I1).map((r) => r.variant),
    ['v6.8', 'v6.9', 'v6.13', 'v7.1', 'dmabuf-active'],
  );
  assert.deepEqual(
    results(I4).map((r) => r.variant),
    ['v6.9', 'v6.13', 'v7.1', 'v6.8', 'brauner-nouser', 'dmabuf-active'],
  );
  const r = checkLitmus('litmus t\nthread P0\n  c = close(0)\n');
  assert.ok(r.ok);
  assert.deepEqual(
    r.results.map((x) => x.variant),
    ['v7.1'],
  );
});

test('a failing expectation is reported as failed; a claim of absence on a bounded run is unknown', () => {
  const src = [
    'litmus t',
    'init',
    '  r, w = pipe()',
    'thread P0',
    '  c = close(r)',
    'thread P1',
    '  x = dup(r)',
    'exists (P1:x == -EBADF)',
    'expect v7.1: never',
    'expect v7.1: exists',
    'expect v7.1: never leak',
    'expect v7.1: use-after-free',
    '',
  ].join('\n');
  const full = checkLitmus(src);
  assert.ok(full.ok);
  const f = full.results[0] as CheckResult;
  assert.deepEqual(
    f.expectations.map((e) => [e.line, e.status]),
    [
      [9, 'fail'],
      [10, 'pass'],
      [11, 'pass'],
      [12, 'fail'],
    ],
  );
  assert.equal(resultOk(f), false);
  const bounded = checkLitmus(src, { maxExecutions: 1 });
  assert.ok(bounded.ok);
  const b = bounded.results[0] as CheckResult;
  assert.equal(b.complete, false);
  assert.equal(b.limit, 'executions');
  assert.equal(b.expectations[2]?.status, 'unknown');
  assert.match(formatCheck(b), /bounded: executions limit reached/);
  const pb = checkLitmus(src, { bound: 0 });
  assert.ok(pb.ok);
  assert.equal(pb.results[0]?.mode, 'bounded');
  assert.equal(pb.results[0]?.complete, false);
});

test('an unknown variant is EPM201', () => {
  assert.throws(
    () => checkLitmus('litmus t\nthread P0\n  c = close(0)\n', { variants: 'v9' }),
    (e: unknown) => EpmError.is(e) && e.code === 'EPM201',
  );
});

test('herd7-style block: Test, States, marked states with counts, Ok, Condition, Observation', () => {
  const r = results(I4, 'v6.9')[0] as CheckResult;
  const text = formatCheck(r);
  const lines = text.split('\n');
  assert.equal(lines[0], 'Test I4-close-umount-ebusy Allowed');
  assert.equal(lines[1], 'Variant v6.9 (dpor, exhaustive)');
  assert.equal(lines[2], `States ${r.outcomes.length}`);
  assert.ok(lines.some((l) => /^\d+ +\*> P0:r0=1 \[EPOLLIN:1\]; P1:c=0; P1:u=-EBUSY {3}el1:v6\.9:/.test(l)));
  assert.ok(lines.includes('Ok'));
  assert.ok(lines.includes('Condition exists (P1:c == 0 /\\ P1:u == -EBUSY)'));
  assert.ok(lines.some((l) => /^Observation I4-close-umount-ebusy Sometimes 1 \d+$/.test(l)));
  assert.ok(lines.some((l) => /^Executions \d+, time \d+ ms$/.test(l)));
});

test('JSON: one object per test x variant with the documented fields', () => {
  const r = results(I1, 'v6.8')[0] as CheckResult;
  const o = JSON.parse(formatCheckJson(r)) as Record<string, unknown>;
  assert.deepEqual(Object.keys(o), [
    'test',
    'file',
    'variant',
    'mode',
    'complete',
    'limit',
    'executions',
    'timeMs',
    'lastNew',
    'outcomes',
    'violations',
    'condition',
    'expectations',
    'modelError',
    'stoppedAt',
  ]);
  assert.equal(o['test'], 'I1-dmabuf-wait-vs-close');
  assert.equal(o['executions'], r.executions);
  const last = o['lastNew'] as { runs: number; ms: number };
  assert.deepEqual(Object.keys(last), ['runs', 'ms']);
  assert.ok(last.runs >= 1 && last.runs <= r.executions, JSON.stringify(last));
  const outcomes = o['outcomes'] as Record<string, unknown>[];
  assert.deepEqual(Object.keys(outcomes[0] ?? {}), ['outcome', 'count', 'token', 'satisfies']);
  const v = (o['violations'] as Record<string, unknown>[])[0] ?? {};
  assert.deepEqual(Object.keys(v), ['kind', 'title', 'token', 'report']);
  assert.deepEqual(Object.keys(o['condition'] as object), [
    'text',
    'quantifier',
    'holds',
    'observation',
    'positive',
    'negative',
  ]);
  const total = outcomes.reduce((n, x) => n + (x['count'] as number), 0);
  assert.equal(total, r.executions);
});
