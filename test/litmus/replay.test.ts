import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CheckResult } from '../../src/litmus/check.ts';
import { checkLitmusFile } from '../../src/litmus/file.ts';
import { replayLitmus } from '../../src/litmus/replay.ts';
import { formatReplay } from '../../src/litmus/replay-format.ts';
import { stepPlace } from '../../src/explore/replay.ts';

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

test('a token names its test: a changed file, a bad token and an unknown hash are errors', () => {
  const r = result(I4, 'v6.9');
  const token = (r.outcomes[0] as { token: string }).token;
  const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-replay-'));
  const changed = join(dir, 'changed.litmus');
  writeFileSync(changed, readFileSync(I4, 'utf8').replace('write(fd, "a")', 'write(fd, "ab")'));
  const e = replayLitmus(token, { file: changed });
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

test('tokens survive comment, doc and whitespace edits; a change of call, argument, thread or condition rejects them', () => {
  const r = result(I4, 'v6.9');
  const source = readFileSync(I4, 'utf8');
  const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-replay-'));
  const edits: [string, (s: string) => string][] = [
    ['a comment at the end', (s) => `${s}# edited\n`],
    ['a comment line inserted (every line below moves)', (s) => s.replace('init\n', '# a note\n\ninit\n')],
    ['a trailing comment on a call', (s) => s.replace('mkfifo("mnt/f")', 'mkfifo("mnt/f")   # the FIFO')],
    ['the header comment and doc line reworded', (s) => s.replace(/^# I4.*$/m, '# I4').replace(/^doc .*$/m, 'doc x')],
    ['spacing inside a call and the condition', (s) => s.replace('epoll_wait(ep, 8, 0)', 'epoll_wait( ep,8,  0 )')],
  ];
  for (const [what, edit] of edits) {
    const file = join(dir, 'edited.litmus');
    writeFileSync(file, edit(source));
    assert.notEqual(edit(source), source, what);
    for (const o of r.outcomes) {
      const p = replayLitmus(o.token, { file });
      assert.ok(p.ok, `${what}: ${p.ok ? '' : p.message}`);
      assert.equal(p.replay.outcome, o.outcome, what);
    }
  }
  const changes: [string, (s: string) => string][] = [
    ['an argument', (s) => s.replace('write(fd, "a")', 'write(fd, "b")')],
    ['a call', (s) => s.replace('r0 = epoll_wait(ep, 8, 0)', 'r0 = epoll_wait(ep, 1, 0)')],
    ['a thread name', (s) => s.replace(/thread P0/, 'thread P2').replace(/P0:/g, 'P2:')],
    ['the condition', (s) => s.replace('P1:u == -EBUSY', 'P1:u == 0')],
    ['an expectation', (s) => s.replace('expect all: clean', 'expect all: ok')],
  ];
  const token = (r.outcomes[0] as { token: string }).token;
  for (const [what, change] of changes) {
    const file = join(dir, 'changed.litmus');
    writeFileSync(file, change(source));
    assert.notEqual(change(source), source, what);
    const p = replayLitmus(token, { file });
    assert.ok(!p.ok, what);
    assert.match(p.message, /not the test of this token|no longer parses/, what);
  }
});

test("one event, one number: a violation's 'at event N', its report's '(event N)' and trace line N agree", () => {
  const r = result(I1, 'v6.8');
  const uaf = r.violations.find((x) => x.kind === 'use-after-free');
  assert.ok(uaf !== undefined);
  const p = replayLitmus(uaf.token, { file: I1, trace: true });
  assert.ok(p.ok, p.ok ? '' : p.message);
  assert.ok(p.replay.violations.length > 0);
  p.replay.violations.forEach((v, i) => {
    const at = p.replay.at[i] as number;
    assert.equal(v.violation.step, at, v.kind);
    assert.match(v.report, new RegExp(`\\(.*event ${at}\\)`), v.kind);
    const line = p.replay.trace?.find((e) => e.pos === at && e.kind !== 'clock');
    if (at < p.replay.events) assert.equal(line?.thread, v.violation.thread, v.kind);
  });
  assert.match(formatReplay(p.replay), /\[1\] at event (\d+):[^\n]*\n[\s\S]*?\(event \1\)/);
});

test('--trace names a lock once: ep#N.mtx and pipe#N.rd_wait.lock, never ep#N.mtx.mtx', () => {
  for (const [file, v] of [
    [I1, 'v6.8'],
    ['litmus/I5-deferred-release-hang.litmus', 'v6.9'],
  ] as const) {
    const token = (result(file, v).outcomes[0] as { token: string }).token;
    const p = replayLitmus(token, { file, trace: true });
    assert.ok(p.ok, p.ok ? '' : p.message);
    const text = formatReplay(p.replay);
    const locks = (p.replay.trace ?? []).filter((e) => e.kind === 'acquire' || e.kind === 'release');
    assert.ok(locks.length > 0, file);
    for (const e of locks) {
      const place = stepPlace(e);
      assert.ok(!place.endsWith(`.${e.field}.${e.field}`), place);
      assert.ok(text.includes(place), place);
    }
  }
});
