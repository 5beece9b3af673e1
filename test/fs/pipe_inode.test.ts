import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Encoder } from '../../src/explore/stateful/encode.ts';
import { PAGE_SIZE, PIPE_BUF_FLAG_CAN_MERGE, PipeBuffer } from '../../src/fs/pipe_inode.ts';

/** The stateful explorer's 128-bit encoding of a value. */
function encoding(v: unknown): string {
  const e = new Encoder();
  e.begin();
  e.value(v);
  const out = new Int32Array(4);
  e.h.finish(out, 0);
  return [...out].join(',');
}

/** A buffer holding `bytes`, written in pieces of the given sizes (the merges of pipe_write). */
function written(bytes: Uint8Array, sizes: readonly number[]): PipeBuffer {
  const b = new PipeBuffer(PIPE_BUF_FLAG_CAN_MERGE);
  let at = 0;
  for (const n of sizes) {
    b.store(bytes.subarray(at, at + n), at);
    at += n;
    b.len += n;
  }
  return b;
}

test('pipe buffer: the same bytes written in different pieces give the same state encoding (its page is offset + len long)', () => {
  const bytes = Uint8Array.from([1, 2, 3, 4]);
  const whole = written(bytes, [4]);
  // 3 + 1: a page grown by doubling would be 6 bytes long here, and 4 for the whole write.
  for (const sizes of [
    [3, 1],
    [1, 1, 1, 1],
    [2, 2],
  ]) {
    const b = written(bytes, sizes);
    assert.deepEqual(b.load(0, 4), bytes);
    assert.equal(encoding(b), encoding(whole), JSON.stringify(sizes));
  }
  // Different bytes, or the same bytes partly read, are different states.
  assert.notEqual(encoding(written(Uint8Array.from([1, 2, 3, 5]), [4])), encoding(whole));
  const read = written(bytes, [4]);
  read.offset = 1;
  read.len = 3;
  assert.notEqual(encoding(read), encoding(whole));
  assert.deepEqual(read.load(read.offset, read.len), Uint8Array.from([2, 3, 4]));
});

test('pipe buffer: a store past its page is a bug of the model, not a silent overflow', () => {
  const b = written(new Uint8Array(PAGE_SIZE), [PAGE_SIZE]);
  assert.throws(() => b.store(Uint8Array.from([9]), PAGE_SIZE), /epoll-lab bug: a pipe buffer written past its page/);
});
