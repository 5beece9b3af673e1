import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { EPOLLET, EPOLLHUP, EPOLLIN, EPOLLOUT } from '../../src/kernel/uapi.ts';
import { escapeC, formatJsonLine, formatTextLine, parseJsonLine } from '../../src/script/format.ts';
import { parseJson, toJson } from '../../src/script/json.ts';
import { lexLine } from '../../src/script/lexer.ts';
import { blocksResult, latin1, sysResult, type CallRecord } from '../../src/script/result.ts';

const rec = (r: Omit<CallRecord, 'line' | 'call'>, call = 'x()', line = 7): CallRecord => ({ line, call, ...r });

test('text format: ret, errno, read data, eventfd value, fds, events, BLOCKS', () => {
  assert.equal(formatTextLine(rec(sysResult(0), 'close(3)')), '7: close(3) = 0');
  assert.equal(formatTextLine(rec(sysResult(-9), 'close(3)')), '7: close(3) = -1 EBADF');
  assert.equal(formatTextLine(rec(sysResult(3, { data: 'a\n\0' }), 'read(r, 5)')), '7: read(r, 5) = 3 "a\\n\\0"');
  assert.equal(formatTextLine(rec(sysResult(0, { data: '' }), 'read(r, 5)')), '7: read(r, 5) = 0 ""');
  assert.equal(
    formatTextLine(rec(sysResult(8, { data: 18446744073709551614n }), 'eventfd_read(e)')),
    '7: eventfd_read(e) = 8 18446744073709551614',
  );
  assert.equal(formatTextLine(rec(sysResult(0, { fds: [3, 4] }), 'r, w = pipe()')), '7: r, w = pipe() = 0 [3, 4]');
  assert.equal(
    formatTextLine(
      rec(
        sysResult(2, {
          events: [
            { events: EPOLLIN | EPOLLHUP, data: 7n },
            { events: EPOLLOUT, data: 0n },
          ],
        }),
        'epoll_wait(ep, 8, 0)',
      ),
    ),
    '7: epoll_wait(ep, 8, 0) = 2 [EPOLLIN|EPOLLHUP:7, EPOLLOUT:0]',
  );
  assert.equal(formatTextLine(rec(blocksResult(), 'read(r, 1)')), '7: read(r, 1) = BLOCKS');
});

test('text format: C escapes for every non-printable byte', () => {
  assert.equal(escapeC('\t\r\n\x07\x08\x0b\x0c"\\'), '\\t\\r\\n\\a\\b\\v\\f\\"\\\\');
  assert.equal(escapeC('\x00a\x001\xff\x7f\x1b'), '\\0a\\x001\\xff\\x7f\\x1b');
});

test('text format: escaped data lexes back to the same bytes', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
      const lexed = lexLine(`"${escapeC(latin1(bytes))}"`, 1);
      assert.ok(lexed?.ok);
      const tok = lexed.line.tokens[0];
      assert.equal(tok?.t, 'string');
      assert.deepEqual([...(tok as { bytes: Uint8Array }).bytes], [...bytes]);
    }),
  );
});

test('JSON format: every key present in a fixed order, unused ones null', () => {
  assert.equal(
    formatJsonLine(rec(sysResult(-9), 'close(3)', 4)),
    '{"line":4,"call":"close(3)","ret":-1,"errno":"EBADF","data":null,"events":null,"fds":null}',
  );
  assert.equal(
    formatJsonLine(rec(sysResult(0, { fds: [3, 4] }), 'r, w = pipe()', 1)),
    '{"line":1,"call":"r, w = pipe()","ret":0,"errno":null,"data":null,"events":null,"fds":[3,4]}',
  );
  assert.equal(
    formatJsonLine(rec(blocksResult(), 'read(r, 1)', 2)),
    '{"line":2,"call":"read(r, 1)","ret":null,"errno":"BLOCKS","data":null,"events":null,"fds":null}',
  );
  assert.equal(
    formatJsonLine(rec(sysResult(1, { events: [{ events: EPOLLIN | EPOLLET, data: 5n }] }), 'w()', 3)),
    '{"line":3,"call":"w()","ret":1,"errno":null,"data":null,"events":[{"events":"EPOLLIN|EPOLLET","data":5}],"fds":null}',
  );
});

test('JSON format: read data is a latin-1 string; u64 values are bare exact numbers', () => {
  const line = formatJsonLine(rec(sysResult(8, { data: 18446744073709551614n }), 'eventfd_read(e)', 1));
  assert.match(line, /"data":18446744073709551614,/);
  const bytes = formatJsonLine(rec(sysResult(3, { data: '\xff\x00"' }), 'read(r, 3)', 1));
  assert.match(bytes, /"data":"ÿ\\u0000\\""/);
});

test('JSON format: exact u64 round trip, including 18446744073709551614 and 2^64-1', () => {
  for (const v of [0n, 1n, 2n ** 53n + 1n, 18446744073709551614n, 18446744073709551615n]) {
    const r = rec(sysResult(8, { data: v }), 'eventfd_read(e)');
    assert.deepEqual(parseJsonLine(formatJsonLine(r)), r);
    const ev = rec(sysResult(1, { events: [{ events: EPOLLIN, data: v }] }), 'epoll_wait(ep, 1, 0)');
    assert.deepEqual(parseJsonLine(formatJsonLine(ev)), ev);
  }
});

test('JSON format: any record round-trips (property)', () => {
  const events = fc.array(
    fc.record({ events: fc.integer({ min: 0, max: 0xffffffff }), data: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) }),
    { maxLength: 3 },
  );
  const record = fc.record({
    line: fc.nat(),
    call: fc.string(),
    ret: fc.option(fc.integer({ min: -1, max: 1 << 24 })),
    errno: fc.option(fc.constantFrom('EBADF', 'EAGAIN', 'BLOCKS')),
    data: fc.option(
      fc.oneof(fc.uint8Array({ maxLength: 20 }).map(latin1), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })),
    ),
    events: fc.option(events),
    fds: fc.option(fc.tuple(fc.nat(1023), fc.nat(1023))),
  });
  fc.assert(
    fc.property(record, (r) => {
      assert.deepEqual(parseJsonLine(formatJsonLine(r)), structuredClone(r));
    }),
  );
});

test('JSON writer and reader: nested values, escapes, big integers', () => {
  const v = { a: [1, -2, 3.5, null, true, false, 'x"\n'], b: { c: 2n ** 70n, d: -(2n ** 60n) } };
  const text = toJson(v);
  assert.equal(
    text,
    '{"a":[1,-2,3.5,null,true,false,"x\\"\\n"],"b":{"c":1180591620717411303424,"d":-1152921504606846976}}',
  );
  assert.deepEqual(parseJson(text), v);
  assert.throws(() => parseJson('{"a":}'), SyntaxError);
  assert.throws(() => parseJson('[1] 2'), SyntaxError);
});
