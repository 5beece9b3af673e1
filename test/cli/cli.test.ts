import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/program.ts';
import { parseJsonLine } from '../../src/script/format.ts';

const BIN = fileURLToPath(new URL('../../bin/epoll-lab.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-cli-'));

function script(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (s) => (out += s), err: (s) => (err += s), color: false, errColor: false });
  return { code, out, err };
}

const NO_STACK = /\n\s+at .+\(.*:\d+:\d+\)/;

test('cli run: text output, exit 0', async () => {
  const r = await cli('run', script('ok.script', 'r, w = pipe()\nwrite(w, "hi")\nread(r, 5)\n'));
  assert.equal(r.code, 0);
  assert.equal(r.err, '');
  assert.equal(r.out, '1: r, w = pipe() = 0 [3, 4]\n2: write(w, "hi") = 2\n3: read(r, 5) = 2 "hi"\n');
});

test('cli run --json: one object per call, every key present, u64 exact', async () => {
  const p = script(
    'e.script',
    'e = eventfd(0, EFD_NONBLOCK)\neventfd_write(e, 18446744073709551614)\neventfd_read(e)\n',
  );
  const r = await cli('run', p, '--json');
  assert.equal(r.code, 0);
  const lines = r.out.trimEnd().split('\n');
  assert.equal(lines.length, 3);
  assert.equal(
    lines[2],
    '{"line":3,"call":"eventfd_read(e)","ret":8,"errno":null,"data":18446744073709551614,"events":null,"fds":null}',
  );
  assert.equal(parseJsonLine(lines[2] as string).data, 18446744073709551614n);
});

test('cli run: a script error prints file:line:col: EPM1nn and exits 2 before running anything', async () => {
  const p = script('bad.script', 'r, w = pipe()\nread(r, -1)\nfrob()\n');
  const r = await cli('run', p);
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.equal(r.err, `${p}:2:9: EPM109 count -1 is negative\n${p}:3:1: EPM103 unknown call 'frob'\n`);
});

test('cli run: unknown variant is EPM201, exit 2; knob overrides are accepted', async () => {
  const p = script('v.script', 'x = dup(0)\n');
  const bad = await cli('run', p, '--variant', 'v9.9');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /^EPM201 unknown variant preset 'v9.9'/);
  const old = await cli('run', p, '--variant', 'v6.12.50');
  assert.equal(old.code, 0);
  const badKnob = await cli('run', p, '--variant', 'v6.9,counter=bogus');
  assert.equal(badKnob.code, 2);
  assert.match(badKnob.err, /EPM201 knob counter takes atomic_long \| file_ref/);
  const ok = await cli('run', p, '--variant', 'v6.9,item_poll_pin=sb_nouser');
  assert.equal(ok.code, 0);
  assert.equal(ok.out, '1: x = dup(0) = 3\n');
});

test('cli run: a missing file is EPM100, exit 2', async () => {
  const r = await cli('run', join(dir, 'missing.script'));
  assert.equal(r.code, 2);
  assert.match(r.err, /EPM100 cannot read script \(ENOENT\)/);
});

test('cli: unknown commands and options exit 2 without a stack trace', async () => {
  const r = await cli('frob');
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown command 'frob'/);
  assert.doesNotMatch(r.err, NO_STACK);
  const o = await cli('run', 'x.script', '--frob');
  assert.equal(o.code, 2);
  assert.match(o.err, /unknown option '--frob'/);
});

test('cli variants: lists presets and knobs with commits', async () => {
  const r = await cli('variants');
  assert.equal(r.code, 0);
  assert.match(r.out, /^Presets \(default v7\.1\):/);
  assert.match(r.out, /v6\.9 +4efaa5acf0a1/);
  assert.match(r.out, /item_poll_pin +none \| inc_not_zero \| sb_nouser/);
  assert.match(r.out, /--variant v6\.9,item_poll_pin=sb_nouser/);
});

test('cli start --examples: runs every example script under a header, exit 0', async () => {
  const r = await cli('start', '--examples');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^== .*examples\/scripts\/.+\.script/m);
  assert.match(r.out, /\d+ example scripts ran\.\n$/);
});

test('bin/epoll-lab.js (spawned): exit codes 0 and 2, errors without a stack trace or colour on a pipe, even under CI', () => {
  // picocolors alone would colour a pipe when CI is set; the CLI decides per stream.
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true' };
  delete env['NO_COLOR'];
  const ok = spawnSync(process.execPath, [BIN, 'run', script('s.script', 'close(7)\n')], { encoding: 'utf8', env });
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.stdout, '1: close(7) = -1 EBADF\n');
  const bad = spawnSync(process.execPath, [BIN, 'run', script('b.script', 'close(\n')], { encoding: 'utf8', env });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /b\.script:1:7: EPM101/);
  assert.ok(!bad.stderr.includes('\u001b['), 'no ANSI colour escape on a pipe');
  assert.doesNotMatch(bad.stderr, NO_STACK);
});

for (const [what, argv, text] of [
  ['an unknown command', ['bogus'], "unknown command 'bogus'"],
  ['an unknown option', ['check', '--frob', 'x.litmus'], "unknown option '--frob'"],
  ['a missing argument', ['run'], "missing required argument 'script'"],
  ['an invalid option value', ['conformance', '--random', 'x'], "argument 'x' is invalid"],
] as const)
  test(`cli usage errors: ${what} is EPM170 with the usage, exit 2, no stack`, async () => {
    const r = await cli(...argv);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    const first = r.err.split('\n')[0] ?? '';
    assert.ok(first.startsWith('epoll-lab: EPM170 ') && first.includes(text), r.err);
    assert.match(r.err, /Usage: epoll-lab/);
    assert.doesNotMatch(r.err, NO_STACK);
  });

test('cli --help still exits 0 on stdout, with no error code', async () => {
  const r = await cli('--help');
  assert.equal(r.code, 0);
  assert.match(r.out, /Usage: epoll-lab/);
  assert.doesNotMatch(r.out + r.err, /EPM170/);
});
