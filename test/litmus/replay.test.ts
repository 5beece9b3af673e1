import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CheckResult } from '../../src/litmus/check.ts';
import { checkLitmusFile } from '../../src/litmus/file.ts';
import { replayLitmus } from '../../src/litmus/replay.ts';

const I1 = 'litmus/samples/i1-dmabuf-wait-vs-close.litmus';
const I4 = 'litmus/samples/i4-close-umount-ebusy.litmus';

function result(file: string, variant: string): CheckResult {
  const r = checkLitmusFile(file, { variants: variant });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.results[0] as CheckResult;
}

test('replay round trip: every state token replays to its state, found by hash under ./litmus', () => {
  for (const [file, v] of [
    [I4, 'v6.9'],
    [I1, 'v6.8'],
  ] as const) {
    const r = result(file, v);
    for (const o of r.outcomes) {
      const p = replayLitmus(o.token);
      assert.ok(p.ok, p.ok ? '' : p.message);
      assert.equal(p.replay.outcome, o.outcome);
      assert.equal(p.replay.test.file, file);
      assert.equal(p.replay.variant, v);
    }
  }
});

test('replay of a violation token reproduces that violation, with a step trace of threads and f_count', () => {
  const r = result(I1, 'v6.8');
  const uaf = r.violations.find((x) => x.kind === 'use-after-free');
  assert.ok(uaf !== undefined);
  const p = replayLitmus(uaf.token, { file: I1, trace: true });
  assert.ok(p.ok, p.ok ? '' : p.message);
  assert.ok(p.replay.violations.some((v) => v.kind === 'use-after-free'));
  assert.ok(p.replay.state?.kinds.has('use-after-free'));
  const trace = p.replay.trace ?? [];
  assert.ok(trace.length > 0);
  assert.ok(trace.some((e) => e.thread === 'P0') && trace.some((e) => e.thread === 'P1'));
  assert.ok(trace.some((e) => e.fCount !== undefined));
});

test('a token names its exact source: an edited file, a bad token and an unknown hash are errors', () => {
  const r = result(I4, 'v6.9');
  const token = (r.outcomes[0] as { token: string }).token;
  const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-replay-'));
  const edited = join(dir, 'edited.litmus');
  writeFileSync(edited, `${readFileSync(I4, 'utf8')}# edited\n`);
  const e = replayLitmus(token, { file: edited });
  assert.ok(!e.ok);
  assert.match(e.message, /not the test of this token/);
  const none = replayLitmus(token, { searchDir: dir });
  assert.ok(!none.ok);
  assert.match(none.message, /no litmus file under .* has hash/);
  const copy = join(dir, 'copy.litmus');
  writeFileSync(copy, readFileSync(I4, 'utf8'));
  assert.ok(replayLitmus(token, { searchDir: dir }).ok, 'a copy of the file has the same hash');
  const bad = replayLitmus('nope');
  assert.ok(!bad.ok);
  assert.match(bad.message, /not an epoll-lab replay token/);
});
