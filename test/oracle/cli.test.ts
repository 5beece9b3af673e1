// `epoll-lab oracle SCRIPT`: the same output as `run` (text and --json), EPM3xx/EPM1xx errors with exit code 2.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../src/cli/program.ts';

const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-oracle-cli-'));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (s) => (out += s), err: (s) => (err += s), color: false, errColor: false });
  return { code, out, err };
}

function script(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

test('cli oracle: prints what `run --variant host` prints, line for line', async () => {
  const p = script(
    'a.script',
    'ep = epoll_create1(0)\nr, w = pipe2(O_NONBLOCK)\nepoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 7)\nwrite(w, "x")\nepoll_wait(ep, 4, 0)\n',
  );
  const k = await cli('oracle', p);
  const m = await cli('run', p, '--variant', 'host');
  assert.equal(k.code, 0, k.err);
  assert.equal(k.err, '');
  assert.equal(k.out, m.out);
  assert.match(k.out, /5: epoll_wait\(ep, 4, 0\) = 1 \[EPOLLIN:7\]/);
});

test('cli oracle --json: the same objects as run --json', async () => {
  const p = script(
    'j.script',
    'e = eventfd(0, EFD_NONBLOCK)\neventfd_write(e, 18446744073709551614)\neventfd_read(e)\n',
  );
  const k = await cli('oracle', p, '--json');
  const m = await cli('run', p, '--json', '--variant', 'host');
  assert.equal(k.code, 0, k.err);
  assert.equal(k.out, m.out);
  assert.match(k.out, /"data":18446744073709551614/);
});

test('cli oracle: a model-only script is EPM304 with the reason, exit 2', async () => {
  const r = await cli('oracle', script('m.script', 'd = dmabuf_export()\n'));
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.match(r.err, /EPM304 skipped: line 1: dmabuf_export is model-only/);
});

test('cli oracle: script errors are EPM1xx before the helper starts, exit 2', async () => {
  const r = await cli('oracle', script('bad.script', 'close(\n'));
  assert.equal(r.code, 2);
  assert.match(r.err, /bad\.script:1:7: EPM101/);
  const missing = await cli('oracle', join(dir, 'nope.script'));
  assert.equal(missing.code, 2);
  assert.match(missing.err, /EPM100 cannot read script \(ENOENT\)/);
});

test('cli conformance: --random and --seed take integers, a negative count is refused; exit 2', async () => {
  const a = await cli('conformance', '--random', 'abc');
  assert.equal(a.code, 2);
  assert.match(a.err, /option '--random <n>' argument 'abc' is invalid\. expected an integer\./);
  const b = await cli('conformance', '--random', '-3');
  assert.equal(b.code, 2);
  assert.match(b.err, /EPM170 --random takes a count, not -3/);
});
