import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/epoll-lab.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-litmus-cli-'));
const I4 = 'litmus/samples/i4-close-umount-ebusy.litmus';
const NO_STACK = /\n\s+at .+\(.*:\d+:\d+\)/;

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

function cli(...argv: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...argv], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('check: exit 0 when every expectation holds; herd7 block on stdout', () => {
  const r = cli('check', I4, '--variant', 'v6.9');
  assert.equal(r.code, 0, r.err);
  assert.equal(r.err, '');
  assert.match(r.out, /^Test I4-close-umount-ebusy Allowed\nVariant v6\.9 \(dpor, exhaustive\)\nStates \d+\n/);
  assert.match(r.out, /\nObservation I4-close-umount-ebusy Sometimes 1 \d+\n/);
});

test('check DIR: every .litmus file under the directory', () => {
  const r = cli('check', 'litmus/samples', '--variant', 'v7.1', '--json');
  assert.equal(r.code, 0, r.err);
  const tests = r.out
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { test: string }).test);
  assert.deepEqual(tests, [
    'I1-dmabuf-wait-vs-close',
    'I3-dying-pipe-release',
    'I4-close-umount-ebusy',
    'pipe-dup-close-vs-wait',
  ]);
  const empty = cli('check', dir.replace(/$/, '/none-here'));
  assert.equal(empty.code, 2);
});

test('check of several files ends with a summary line', () => {
  const r = cli('check', I4, 'litmus/samples/pipe-dup-close.litmus', '--variant', 'v6.8,v7.1');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /\nSummary: 2 tests, 4 runs \(4 exhaustive\), \d+ expectations: \d+ pass, 0 fail, 0 unknown\n$/);
});

test('check: exit 1 and the failed expectation on stderr', () => {
  const f = file(
    'fails.litmus',
    'litmus f\ninit\n  r, w = pipe()\nthread P0\n  c = close(r)\nexists (P0:c == 0)\nexpect v7.1: never\n',
  );
  const r = cli('check', f);
  assert.equal(r.code, 1);
  assert.match(r.err, /fails\.litmus:7: expectation failed on v7\.1: expect v7\.1: never \(observation Always 1 0\)/);
  assert.match(r.out, /FAIL {4}.*fails\.litmus:7: expect v7\.1: never/);
});

test('check --json: one JSON object per line, per test x variant', () => {
  const r = cli('check', I4, '--variant', 'v6.8,v6.9', '--json');
  assert.equal(r.code, 0, r.err);
  const objs = r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { test: string; variant: string; complete: boolean });
  assert.deepEqual(
    objs.map((o) => [o.test, o.variant, o.complete]),
    [
      ['I4-close-umount-ebusy', 'v6.8', true],
      ['I4-close-umount-ebusy', 'v6.9', true],
    ],
  );
});

test('check: bad input is exit 2 with file:line:col and no stack trace; nothing runs', () => {
  const bad = file('bad.litmus', 'litmus b\nthread P0\n  close(x)\n');
  const r = cli('check', I4, bad);
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.match(r.err, /bad\.litmus:3:9: EPM107 unbound name 'x'/);
  assert.doesNotMatch(r.err, NO_STACK);
  const missing = cli('check', join(dir, 'missing.litmus'));
  assert.equal(missing.code, 2);
  assert.match(missing.err, /missing\.litmus: EPM100 cannot read litmus file \(ENOENT\)/);
  const variant = cli('check', I4, '--variant', 'v9');
  assert.equal(variant.code, 2);
  assert.match(variant.err, /EPM201 unknown variant preset 'v9'/);
  const mode = cli('check', I4, '--mode', 'fast');
  assert.equal(mode.code, 2);
  assert.match(mode.err, /EPM160 --mode takes naive \| dpor \| stateful \| random \| pct/);
  const n = cli('check', I4, '--max-executions', '0');
  assert.equal(n.code, 2);
  assert.match(n.err, /EPM160 --max-executions takes an integer >= 1, not '0'/);
});

test('diff: states only in each variant and in both, violations gained and lost', () => {
  const r = cli('diff', I4, '--from', 'v6.8', '--to', 'v6.9');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^Diff I4-close-umount-ebusy: v6\.8 -> v6\.9\n/);
  assert.match(
    r.out,
    /\nStates only in v6\.9 \(\d+\):\n(.*\n)*? {2}P0:r0=1 \[EPOLLIN:1\]; P1:c=0; P1:u=-EBUSY {3}el1:v6\.9:/,
  );
  assert.match(r.out, /\nStates in both \(\d+\):\n/);
  assert.match(r.out, /\nViolations gained in v6\.9 \(\d+\):\n/);
  assert.match(r.out, /\nViolations lost in v6\.9 \(\d+\):\n/);
  const j = cli('diff', I4, '--from', 'v6.8', '--to', 'v6.9', '--json');
  assert.equal(j.code, 0);
  const o = JSON.parse(j.out) as { onlyTo: { outcome: string }[] };
  assert.ok(o.onlyTo.some((x) => x.outcome.includes('P1:u=-EBUSY')));
  assert.equal(cli('diff', I4, '--from', 'v6.8').code, 2);
});

test('replay: the token of a state re-runs it and prints its trace; a bad token is exit 2', () => {
  const j = cli('check', I4, '--variant', 'v6.9', '--json');
  const o = JSON.parse(j.out.trim()) as { outcomes: { outcome: string; token: string; satisfies: boolean }[] };
  const w = o.outcomes.find((x) => x.satisfies);
  assert.ok(w !== undefined);
  const r = cli('replay', w.token, '--trace');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, new RegExp(`\\nState ${w.outcome.replace(/[[\]|]/g, '\\$&')}\\n`));
  assert.match(
    r.out,
    /\nTrace \(event, thread, kernel function, step kind, object\.field, f_count before -> after\):\n/,
  );
  assert.match(r.out, / P1 +__fput_sync +rmw +file#\d+\(\w+\)\.f_count {2}\(f_count \d -> \d\)\n/);
  assert.match(r.out, /P1 +umount/);
  const bad = cli('replay', 'el1:v6.9:00000000:AA');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /epoll-lab replay: EPM161 no litmus file under litmus\/ has hash 00000000; pass --file/);
});

test('check --races: the states and executions of a plain check, then the race pairs; JSON carries them; misuse is exit 2', () => {
  const plain = JSON.parse(cli('check', I4, '--variant', 'v6.9', '--json').out.trim()) as Record<string, unknown>;
  const j = cli('check', I4, '--variant', 'v6.9', '--json', '--races');
  assert.equal(j.code, 0, j.err);
  const o = JSON.parse(j.out.trim()) as Record<string, unknown> & {
    races: { races: number; branches: number; pairs: { a: string; b: string; branches: number }[] };
  };
  assert.deepEqual([o['outcomes'], o['executions']], [plain['outcomes'], plain['executions']]);
  assert.ok(o.races.branches > 0 && o.races.races >= o.races.branches);
  assert.match(o.races.pairs[0]?.a ?? '', /^\w+( \(\w+\))?: [\w().]+ (read|write|rmw|acquire|release|sleep|free)/);
  const t = cli('check', I4, '--variant', 'v6.9', '--races');
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, /\nRaces \d+ processed, \d+ added a branch \(an execution\); by site pair:\n +\d+ +\d+% {2}\S/);
  assert.match(t.out, /\n +against \S/);
  const naive = cli('check', I4, '--variant', 'v6.9', '--races', '--mode', 'naive');
  assert.equal(naive.code, 2);
  assert.match(naive.err, /EPM160 --races profiles DPOR's races \(--mode dpor or stateful\), not --mode naive/);
  const workers = cli('check', I4, '--variant', 'v6.9', '--races', '--workers', '2');
  assert.equal(workers.code, 2);
  assert.match(workers.err, /EPM153 --races profiles one sequential exploration/);
});

test('check stopped by --max-executions: stderr names the race pair that added the most executions; the block shows races only with --races', () => {
  const r = cli('check', 'bench/litmus/scaling/i1-waiters-3.litmus', '--variant', 'v6.9', '--max-executions', '50');
  assert.equal(r.code, 0, r.err);
  assert.match(
    r.err,
    /: \d+ executions, then the --max-executions limit stopped the exploration: the states are a subset \(raise --max-executions; or narrow the test, or --bound K\)\. The last new state or violation came after [\d,]+ runs \([\d.]+ s in\)\. The race that added the most executions \(\d+%\): \S.* against \S.*; --races lists them\n/,
  );
  assert.doesNotMatch(r.out, /\nRaces /);
  const j = cli(
    'check',
    'bench/litmus/scaling/i1-waiters-3.litmus',
    '--variant',
    'v6.9',
    '--max-executions',
    '50',
    '--json',
  );
  assert.equal((JSON.parse(j.out.trim()) as Record<string, unknown>)['races'], undefined);
});

test('check stopped by a limit says after how many runs it last found a new state or violation: that many runs find them all', () => {
  const file = 'bench/litmus/scaling/i1-waiters-2.litmus';
  type Json = { lastNew?: { runs: number }; outcomes: { outcome: string }[]; violations: { title: string }[] };
  const run = (n: number): Json => {
    const r = cli('check', file, '--variant', 'v6.8', '--json', '--max-executions', String(n));
    assert.equal(r.code, 0, r.err);
    return JSON.parse(r.out.trim()) as Json;
  };
  const found = (j: Json): string[] =>
    [...j.outcomes.map((o) => o.outcome), ...j.violations.map((v) => v.title)].sort();
  const first = run(400);
  const k = first.lastNew?.runs ?? 0;
  assert.ok(k > 1 && k <= 400, `lastNew ${k}`);
  assert.deepEqual(found(run(k)), found(first));
  assert.ok(found(run(k - 1)).length < found(first).length, 'one run fewer found as much');
});
