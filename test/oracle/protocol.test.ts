// The helper's line protocol: requests are text, replies become values; a malformed reply is an EPM302 value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callRequest, hex, parseReply, unhex } from '../../src/oracle/protocol.ts';

test('protocol: CALL lines carry integers, u64s and hex bytes', () => {
  const line = callRequest(2, 10.2, 'write', [{ int: 4 }, { bytes: new Uint8Array([0, 0xff, 0x41]) }]);
  assert.equal(line, 'CALL 2 11 write 4 x00ff41');
  assert.equal(
    callRequest(0, 5, 'eventfd_write', [{ int: 3 }, { int: 2n ** 64n - 2n }]),
    'CALL 0 5 eventfd_write 3 18446744073709551614',
  );
  assert.equal(callRequest(0, 5, 'mount', [{ bytes: new Uint8Array() }]), 'CALL 0 5 mount x');
});

test('protocol: hex round trip', () => {
  const b = new Uint8Array([0, 1, 0x7f, 0x80, 0xff]);
  assert.deepEqual(unhex(hex(b)), b);
  assert.equal(unhex('abc'), null);
  assert.equal(unhex('zz'), null);
});

test('protocol: RET replies with fds, data, u64, events and pid', () => {
  assert.deepEqual(parseReply('RET 0 0 fds=3,4'), {
    kind: 'ret',
    ret: 0,
    errno: 0,
    fds: [3, 4],
    data: null,
    u64: null,
    events: null,
    pid: null,
  });
  const r = parseReply('RET 2 0 data=6869');
  assert.ok(r.kind === 'ret');
  assert.deepEqual(r.data, new Uint8Array([0x68, 0x69]));
  const e = parseReply('RET 2 0 ev=1:18446744073709551615,4:0');
  assert.ok(e.kind === 'ret');
  assert.deepEqual(e.events, [
    { events: 1, data: 2n ** 64n - 1n },
    { events: 4, data: 0n },
  ]);
  const empty = parseReply('RET 0 0 ev=');
  assert.ok(empty.kind === 'ret');
  assert.deepEqual(empty.events, []);
  const u = parseReply('RET 8 0 u64=18446744073709551614');
  assert.ok(u.kind === 'ret');
  assert.equal(u.u64, 2n ** 64n - 2n);
  assert.deepEqual(parseReply('RET -1 9'), {
    kind: 'ret',
    ret: -1,
    errno: 9,
    fds: null,
    data: null,
    u64: null,
    events: null,
    pid: null,
  });
});

test('protocol: READY, BLOCKS, BYE and FATAL', () => {
  assert.deepEqual(parseReply('READY 42'), { kind: 'ready', pid: 42 });
  assert.deepEqual(parseReply('BLOCKS'), { kind: 'blocks' });
  assert.deepEqual(parseReply('BYE'), { kind: 'bye' });
  assert.deepEqual(parseReply('FATAL EPM303 unshare(CLONE_NEWNS): Operation not permitted'), {
    kind: 'fatal',
    code: 'EPM303',
    message: 'unshare(CLONE_NEWNS): Operation not permitted',
  });
});

test('protocol: anything else is an EPM302 value', () => {
  for (const line of ['', 'RET', 'RET x 0', 'RET 0 0 fds=3', 'RET 0 0 what=1', 'HELLO']) {
    const r = parseReply(line);
    assert.equal(r.kind, 'fatal', line);
    assert.ok(r.kind === 'fatal' && r.code === 'EPM302');
  }
});
