// Every user error the CLI reports carries an EPM code; with --json it is a JSON object {code, file, line, column,
// message}; messages escape control characters and cut long tokens (issue 20, hostile input).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli } from '../_helpers/cli.ts';
import { errorLineJson } from '../../src/commands/output.ts';

const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-user-errors-'));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const LITMUS = 'litmus T\ninit\n  r, w = pipe()\nthread P0\n  a = close(r)\nthread P1\n  b = close(w)\n';

void test('an empty directory, an unwritable --html path and a usage error each carry an EPM code (exit 2)', async () => {
  const empty = join(dir, 'empty');
  mkdirSync(empty);
  const a = await cli('check', empty);
  assert.equal(a.code, 2);
  assert.match(a.err, /EPM172 no \.litmus files/);
  const b = await cli('check', file('t.litmus', LITMUS), '--html', join(dir, 'missing', 'r.html'));
  assert.equal(b.code, 2);
  assert.match(b.err, /EPM171 cannot write/);
  // A shard's --out that names a directory is refused before the shard is explored, and the directory is left alone.
  const d = await cli('check', file('t3.litmus', LITMUS), '--shard', '0/2', '--out', empty);
  assert.equal(d.code, 2);
  assert.match(d.err, /EPM171 cannot write .*empty: EISDIR \(--out\)\n$/);
  assert.equal(d.out, '');
  const c = await cli('check', file('t2.litmus', LITMUS), '--max-executions', '-5');
  assert.equal(c.code, 2);
  assert.match(c.err, /EPM1[67]0/);
});

void test('--json: every error line on stderr is a JSON object with code, file, line, column and message', async () => {
  const s = file('bad.script', 'close(\x1b[2J)\nclose(3\n');
  const r = await cli('run', s, '--json');
  assert.equal(r.code, 2);
  const objs = r.err
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(Object.keys(objs[0] as object), ['code', 'file', 'line', 'column', 'message']);
  assert.deepEqual(
    objs.map((o) => [o['code'], o['file'], o['line'], o['column']]),
    [
      ['EPM101', s, 1, 7],
      ['EPM101', s, 2, 8],
    ],
  );
  const u = await cli('check', '--frob', '--json');
  assert.equal(u.code, 2);
  assert.deepEqual(JSON.parse(u.err.trim()), {
    code: 'EPM170',
    file: null,
    line: null,
    column: null,
    message: "unknown option '--frob'",
  });
  const v = await cli('check', file('v.litmus', LITMUS), '--variant', 'v9', '--json');
  assert.equal((JSON.parse(v.err.trim()) as { code: string }).code, 'EPM201');
});

void test('error lines of each printed form parse back to their parts', () => {
  assert.deepEqual(errorLineJson('a:b.litmus:3:7: EPM116 bad'), {
    code: 'EPM116',
    file: 'a:b.litmus',
    line: 3,
    column: 7,
    message: 'bad',
  });
  assert.deepEqual(errorLineJson('x.litmus: EPM100 cannot read'), {
    code: 'EPM100',
    file: 'x.litmus',
    line: null,
    column: null,
    message: 'cannot read',
  });
  assert.deepEqual(errorLineJson('epoll-lab merge: EPM152 missing'), {
    code: 'EPM152',
    file: null,
    line: null,
    column: null,
    message: 'missing',
  });
  assert.equal(errorLineJson('PASS something'), null);
});

void test('messages escape control characters, keep emoji whole, cut a 200,000-digit number and accept a BOM', async () => {
  const s = file('esc.script', `\ufeffclose(\x00)\nfoo(\u{1F600})\nclose(${'9'.repeat(200000)})\n`);
  const r = await cli('run', s);
  assert.equal(r.code, 2);
  const ls = r.err.trimEnd().split('\n');
  assert.match(ls[0] as string, /:1:7: EPM101 unexpected character '\\x00'$/);
  assert.match(ls[1] as string, /:2:5: EPM101 unexpected character '\u{1F600}'$/u);
  assert.match(ls[2] as string, /EPM113 integer literal of 200000 characters/);
  assert.ok(r.err.length < 1000, `${r.err.length} characters of errors`);
  assert.ok(!Array.from(r.err).some((c) => c.charCodeAt(0) < 0x20 && c !== '\n'), 'a raw control character');
  const bom = await cli('run', file('bom.script', '\ufeffr, w = pipe()\nclose(r)\n'));
  assert.equal(bom.code, 0, bom.err);
});

void test('no control character of the user reaches stderr, whatever command quotes it (replay token, variant)', async () => {
  const a = await cli('replay', 'el1:\x1b[31m\x07');
  assert.equal(a.code, 2);
  assert.match(a.err, /EPM161 .*\\x1b\[31m\\x07/);
  const b = await cli('check', file('c.litmus', LITMUS), '--variant', 'v6.9,\x1b[2J=1');
  assert.equal(b.code, 2);
  for (const r of [a, b])
    assert.ok(!Array.from(r.err).some((c) => c.charCodeAt(0) < 0x20 && c !== '\n'), JSON.stringify(r.err));
});
