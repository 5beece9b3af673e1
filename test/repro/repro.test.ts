// `epoll-lab repro`: the target is checked against the model's states, the C file compiles without warnings, and a
// short run of it on this machine's kernel ends cleanly (the rate itself is measured in `npm run stress`).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../src/cli/program.ts';

const I5 = 'litmus/I5-deferred-release-hang.litmus';
const TARGET = 'P1:c == 0 /\\ P1:wr == 1 /\\ P0:r0 == blocked';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (s) => (out += s), err: (s) => (err += s), color: false, errColor: false });
  return { code, out, err };
}

test('repro: the I5 reproducer compiles with -Wall -Werror and a short run exits cleanly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'repro-'));
  try {
    const c = join(dir, 'i5.c');
    const r = await cli(['repro', I5, '--state', TARGET, '-o', c]);
    assert.equal(r.code, 0, r.err);
    const text = readFileSync(c, 'utf8');
    assert.match(text, /Target state: P1:c == 0/);
    assert.match(text, /P0: .*epi_fget > ep_item_poll/);
    execFileSync('cc', ['-O2', '-pthread', '-Wall', '-Werror', '-o', join(dir, 'i5'), c]);
    const run = spawnSync(join(dir, 'i5'), ['-n', '20', '-H', '5'], { encoding: 'utf8', timeout: 60_000 });
    assert.ok(run.status === 0 || run.status === 1, `exit ${String(run.status)}: ${run.stderr}`);
    assert.match(run.stdout, /^hits \d+ \/ iterations 20 .*stuck 0, failed 0$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('repro: a target state the model never reaches is refused (EPM205)', async () => {
  const r = await cli(['repro', I5, '--state', TARGET, '--variant', 'v6.8', '-o', '-']);
  assert.equal(r.code, 2);
  assert.match(r.err, /EPM205 the model reaches no state with .* on v6\.8/);
});

test('repro: --token targets the final state of the replayed execution', async () => {
  const check = await cli(['check', I5, '--variant', 'v7.2']);
  const token = /\*> .* (el1:\S+)/.exec(check.out)?.[1];
  assert.ok(token !== undefined, check.out);
  const r = await cli(['repro', I5, '--token', token, '-o', '-']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Target state: P0:r0 == blocked \/\\ P1:b == 1 \/\\ P1:c == 0 \/\\ P1:wr == 1/);
});

test('repro: model-only terms in the target are refused with the reason (EPM206)', async () => {
  const r = await cli(['repro', I5, '--state', `(${TARGET}) \\/ violation(use-after-free)`, '-o', '-']);
  assert.equal(r.code, 2);
  assert.match(r.err, /EPM206/);
});

test('repro: tests with paths, timeouts, dup and EPOLLEXCLUSIVE also become C that compiles with -Wall -Werror', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'repro-'));
  try {
    for (const f of ['I4-close-umount-ebusy', 'epollexclusive-one-wake', 'I7-dup-survival', 'expire-vs-use']) {
      const c = join(dir, `${f}.c`);
      const r = await cli(['repro', `litmus/${f}.litmus`, '--state', 'true', '-o', c]);
      assert.equal(r.code, 0, r.err);
      execFileSync('cc', ['-O2', '-pthread', '-Wall', '-Werror', '-fsyntax-only', c]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
