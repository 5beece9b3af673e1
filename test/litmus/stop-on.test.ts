import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exploreOptions } from '../../src/commands/litmus-opts.ts';
import { replay } from '../../src/explore/replay.ts';
import { parseVariant } from '../../src/kernel/variant.ts';
import type { CheckResult } from '../../src/litmus/check.ts';
import { checkLitmusFile } from '../../src/litmus/file.ts';
import { compileLitmus } from '../../src/litmus/compile.ts';
import { checkJson, formatCheck } from '../../src/litmus/format.ts';
import { parseLitmus } from '../../src/litmus/parse.ts';
import { readFileSync } from 'node:fs';

const I1 = 'litmus/I1-dmabuf-sync.litmus';

function check(variants: string, stopOn: CheckResult['violations'][number]['kind'][]): CheckResult {
  const r = checkLitmusFile(I1, { variants, stopOn });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.results[0] as CheckResult;
}

test('--stop-on violation=use-after-free: I1 on v6.8 stops at the first one, bounded, with a replayable minimised schedule', () => {
  const full = checkLitmusFile(I1, { variants: 'v6.8' });
  assert.ok(full.ok);
  const r = check('v6.8', ['use-after-free']);
  assert.equal(r.complete, false);
  assert.equal(r.limit, 'violation');
  assert.ok(r.executions < (full.results[0] as CheckResult).executions, 'the stop saves executions');
  const s = r.stoppedAt;
  assert.ok(s !== null && s.kind === 'use-after-free');
  assert.ok(s.minimised.ok, 'a minimised counterexample');
  const v = parseVariant('v6.8');
  const p = parseLitmus(readFileSync(I1, 'utf8'), { file: I1 });
  assert.ok(v.ok && p.ok);
  const c = compileLitmus(p.test, v.variant);
  assert.ok(c.ok);
  for (const token of [s.token, s.minimised.token]) {
    const x = replay(c.compiled.scenario, token);
    assert.ok(x.ok, `replays: ${token}`);
    assert.ok(
      x.violations.some((y) => y.kind === 'use-after-free'),
      'the replay shows the use-after-free',
    );
  }
  assert.match(formatCheck(r), /bounded: stopped at the first use-after-free/);
  assert.match(formatCheck(r), /minimised \(\d+ preemptions, \d+ events\): epoll-lab replay el1:v6\.8:/);
  assert.equal((checkJson(r) as { stoppedAt: { kind: string } }).stoppedAt.kind, 'use-after-free');
});

test('--stop-on on a variant without the violation explores everything and reports no stop', () => {
  const r = check('v6.9', ['use-after-free']);
  assert.equal(r.complete, true);
  assert.equal(r.stoppedAt, null);
});

test('--stop-on violation ignores the dying-file observations; a bad kind is EPM160', () => {
  const any = exploreOptions({ stopOn: 'violation' });
  assert.ok(typeof any !== 'string');
  assert.ok(any.stopOn !== undefined && !any.stopOn.includes('event-from-dying-file'));
  assert.ok(any.stopOn.includes('use-after-free'));
  const bad = exploreOptions({ stopOn: 'violation=nope' });
  assert.ok(typeof bad === 'string' && bad.startsWith('EPM160 --stop-on'));
});
