import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fdArg, isIssue, nullable } from '../../src/script/args.ts';
import { parseScript } from '../../src/script/compile.ts';
import { formatScriptError, type EpmCode } from '../../src/script/errors.ts';

/** The first error of a script as `line:col: CODE`, plus its message. */
function firstError(src: string): { at: string; message: string } {
  const r = parseScript(src, { file: 't.script' });
  assert.equal(r.ok, false, `expected an error in ${JSON.stringify(src)}`);
  if (r.ok) throw new Error('unreachable');
  const e = r.errors[0];
  assert.ok(e);
  return { at: `${e.line}:${e.col}: ${e.code}`, message: e.message };
}

function expectError(src: string, at: `${number}:${number}: ${EpmCode}`, message?: RegExp): void {
  const e = firstError(src);
  assert.equal(e.at, at, `${JSON.stringify(src)}: ${e.message}`);
  if (message !== undefined) assert.match(e.message, message);
}

test('parser: a valid script with comments, prefixes, names, flags, strings and integers', () => {
  const src = [
    '# a comment line',
    '',
    'r, w = pipe2(O_NONBLOCK|O_CLOEXEC)   # trailing comment',
    'write(w, "a\\tb\\n\\x00\\\\\\"")',
    'c = fork()',
    'c:close(  r )',
    'fcntl(w, F_DUPFD, 0x10)',
    'e = eventfd(0, 0)',
    'eventfd_write(e, 18446744073709551614)',
    'close(-1)',
  ].join('\n');
  const r = parseScript(src);
  assert.ok(r.ok, r.ok ? '' : r.errors.map(formatScriptError).join('\n'));
  assert.deepEqual(
    r.script.lines.map((l) => [l.line, l.text, l.proc]),
    [
      [3, 'r, w = pipe2(O_NONBLOCK|O_CLOEXEC)', 'main'],
      [4, 'write(w, "a\\tb\\n\\x00\\\\\\"")', 'main'],
      [5, 'c = fork()', 'main'],
      [6, 'c: close(r)', 'c'],
      [7, 'fcntl(w, F_DUPFD, 0x10)', 'main'],
      [8, 'e = eventfd(0, 0)', 'main'],
      [9, 'eventfd_write(e, 18446744073709551614)', 'main'],
      [10, 'close(-1)', 'main'],
    ],
  );
  assert.equal(r.script.modelOnly, null);
});

test('parser: the error line format is file:line:col: EPM1nn message', () => {
  const r = parseScript('close(3)\nclose(', { file: 'x.script' });
  assert.ok(!r.ok);
  assert.equal(formatScriptError(r.errors[0] as never), 'x.script:2:7: EPM101 expected an argument, found end of line');
});

test('EPM101 syntax errors: unexpected character, missing parenthesis, trailing tokens, bad names', () => {
  expectError('close(3);', '1:9: EPM101', /unexpected character ';'/);
  expectError('close 3', '1:7: EPM101', /expected '\(' after close/);
  expectError('close(3', '1:8: EPM101', /expected ',' or '\)'/);
  expectError('close(3) 4', '1:10: EPM101', /expected end of line/);
  expectError('a, = pipe()', '1:4: EPM101', /expected a result name/);
  expectError('a b = pipe()', '1:3: EPM101', /expected '\(' after a/);
  expectError('(3)', '1:1: EPM101', /expected a call name/);
  expectError('close(3,)', '1:9: EPM101', /expected an argument/);
  expectError('pipe2(O_NONBLOCK|)', '1:18: EPM101', /expected an argument/);
  expectError('close(-)', '1:7: EPM101', /unexpected character '-'/);
});

test('EPM102 string literals: unterminated, unknown escape, malformed \\x, octal escape above 255', () => {
  expectError('r, w = pipe()\nwrite(w, "abc)', '2:10: EPM102', /unterminated string/);
  expectError('r, w = pipe()\nwrite(w, "a\\qb")', '2:12: EPM102', /unknown escape '\\q'/);
  expectError('r, w = pipe()\nwrite(w, "\\xg")', '2:11: EPM102', /hex digits/);
  expectError('r, w = pipe()\nwrite(w, "\\777")', '2:11: EPM102', /larger than a byte/);
});

test('EPM103 unknown call', () => {
  expectError('\n  frobnicate(3)', '2:3: EPM103', /unknown call 'frobnicate'/);
});

test('EPM104 wrong number of arguments, with the usage in the message', () => {
  expectError('close()', '1:1: EPM104', /close takes 1 argument \(close\(fd\)\), got 0/);
  expectError('r, w = pipe()\nread(r)', '2:1: EPM104', /read\(fd, count\)/);
  expectError('fcntl(0)', '1:1: EPM104', /fcntl takes 2 to 3 arguments \(fcntl\(fd, cmd, \[arg\]\)\)/);
  expectError('pipe(0)', '1:1: EPM104');
});

test('EPM105 wrong number of result names', () => {
  expectError('r = pipe()', '1:1: EPM105', /pipe binds 2 names, got 1/);
  expectError('x = close(0)', '1:1: EPM105', /close returns nothing/);
  expectError('a, b = dup(0)', '1:1: EPM105', /dup binds 1 name, got 2/);
});

test('EPM106 unknown flag', () => {
  expectError('r, w = pipe2(O_NONBLOCK|O_NONBLOK)', '1:25: EPM106', /unknown flag 'O_NONBLOK'/);
  expectError('fcntl(0, F_FROB)', '1:10: EPM106');
});

test('EPM107 unbound name', () => {
  expectError('close(fd)', '1:7: EPM107', /unbound name 'fd'/);
  expectError('x = dup(0)\nclose(y)', '2:7: EPM107');
});

test('EPM108 wrong kind of argument', () => {
  expectError('close("3")', '1:7: EPM108', /expected an fd, found a string/);
  expectError('close(O_RDONLY)', '1:7: EPM108', /found the flag O_RDONLY/);
  expectError('close(NULL)', '1:7: EPM108', /found NULL/);
  expectError('c = fork()\nclose(c)', '2:7: EPM108', /'c' is a process/);
  expectError('x = dup(0)\npipe2(x)', '2:7: EPM108', /expected flags, but 'x' is an fd/);
  expectError('mount(3)', '1:7: EPM108', /expected a path string/);
  expectError('close(1|2)', '1:7: EPM108', /found a flag expression/);
});

test('EPM109 impossible argument values', () => {
  expectError('r, w = pipe()\nread(r, -1)', '2:9: EPM109', /count -1 is negative/);
  expectError('r, w = pipe()\nwrite(w, 16777217)', '2:10: EPM109', /out of range/);
  expectError('e = eventfd(0, 0)\neventfd_write(e, -1)', '2:18: EPM109', /u64/);
  expectError('e = eventfd(0, 0)\neventfd_write(e, 18446744073709551616)', '2:18: EPM109');
  expectError('eventfd(4294967296, 0)', '1:9: EPM109', /u32/);
  expectError('close(2147483648)', '1:7: EPM109');
  expectError('close_range(3, -1, 0)', '1:16: EPM109', /unsigned int/);
});

test('EPM110 unknown process prefix', () => {
  expectError('c: close(3)', '1:1: EPM110', /unknown process 'c'/);
  expectError('x = dup(0)\nx: close(3)', '2:1: EPM110', /'x' is an fd, not a process/);
});

test('EPM111 call in a process that has exited', () => {
  expectError('c = fork()\nc: exit()\nc: close(3)', '3:1: EPM111', /process 'c' has exited/);
  expectError('exit()\nclose(3)', '2:1: EPM111', /process 'main' has exited/);
});

test('EPM111: rebinding the name with a new fork makes the prefix usable again', () => {
  const r = parseScript('c = fork()\nc: exit()\nc = fork()\nc: close(3)');
  assert.ok(r.ok);
});

test('EPM112 reserved result names', () => {
  expectError('O_RDONLY = dup(0)', '1:1: EPM112', /reserved/);
  expectError('main = fork()', '1:1: EPM112');
  expectError('NULL = dup(0)', '1:1: EPM112');
  expectError('a, a = pipe()', '1:4: EPM112', /bound twice/);
});

test('EPM113 bad integer literals', () => {
  expectError('close(007)', '1:7: EPM113', /leading zero/);
  expectError('close(3x)', '1:7: EPM113', /bad integer '3x'/);
  expectError('close(0x)', '1:7: EPM113');
});

test('parser: every error of a script is reported, not only the first', () => {
  const r = parseScript('close(a)\nfrob()\nclose(3)\nread(0, -5)');
  assert.ok(!r.ok);
  assert.deepEqual(
    r.errors.map((e) => `${e.line}:${e.col}: ${e.code}`),
    ['1:7: EPM107', '2:1: EPM103', '4:9: EPM109'],
  );
});

test('parser: a line with an error still binds its names, so later lines do not cascade', () => {
  const r = parseScript('r, w = pipe2(O_BOGUS)\nclose(r)');
  assert.ok(!r.ok);
  assert.deepEqual(
    r.errors.map((e) => e.code),
    ['EPM106'],
  );
});

test('parser: CRLF line endings and tabs are accepted', () => {
  const r = parseScript('x = dup(0)\r\n\tclose(x)\r\n');
  assert.ok(r.ok);
  assert.equal(r.script.lines[1]?.text, 'close(x)');
});

test('parser: string escapes decode to bytes; non-ASCII characters are UTF-8', () => {
  const r = parseScript('r, w = pipe()\nwrite(w, "\\n\\t\\\\\\"\\x41\\0\\101é")');
  assert.ok(r.ok);
  const line = r.script.lines[1];
  assert.ok(line);
  const data = line.args[1]?.(new Map()) as Uint8Array;
  assert.deepEqual([...data], [10, 9, 92, 34, 0x41, 0, 0o101, 0xc3, 0xa9]);
});

test('args: nullable() accepts NULL and otherwise defers to the wrapped type', () => {
  const t = nullable(fdArg);
  const pos = { line: 1, col: 1 };
  const n = t.compile({ kind: 'ident', name: 'NULL', pos }, new Map());
  assert.ok(!isIssue(n));
  assert.equal(n(new Map()), null);
  const i = t.compile({ kind: 'int', value: 5n, text: '5', pos }, new Map());
  assert.ok(!isIssue(i));
  assert.equal(i(new Map()), 5);
  assert.ok(isIssue(t.compile({ kind: 'string', bytes: new Uint8Array(), text: '""', pos }, new Map())));
});
