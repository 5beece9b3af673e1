import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ERRNO } from '../../src/kernel/errno.ts';
import { sys_open } from '../../src/kernel/namei.ts';
import { file_can_poll } from '../../src/kernel/poll.ts';
import { sys_lseek, sys_read, sys_write } from '../../src/kernel/read_write.ts';
import {
  DEFAULT_POLLMASK,
  O_APPEND,
  O_CREAT,
  O_RDONLY,
  O_RDWR,
  O_WRONLY,
  SEEK_CUR,
  SEEK_DATA,
  SEEK_END,
  SEEK_HOLE,
  SEEK_SET,
} from '../../src/kernel/uapi.ts';
import type { Booted } from '../../src/init/boot.ts';
import { bootKernel, sys } from '../_helpers/run.ts';
import { dec, enc, fileOf, pollFd } from './_helpers.ts';

function open(b: Booted, flags: number, path = 'reg'): number {
  const fd = sys(b, sys_open(path, flags));
  assert.ok(fd >= 0, `open: ${fd}`);
  return fd;
}

test('regular file: write and read at f_pos; lseek SET/CUR/END; a hole reads as zeros', () => {
  const b = bootKernel();
  const fd = open(b, O_CREAT | O_RDWR);
  assert.equal(sys(b, sys_write(fd, enc('hello'))), 5);
  assert.equal(sys(b, sys_lseek(fd, 0, SEEK_CUR)), 5);
  assert.equal(sys(b, sys_lseek(fd, -10, SEEK_CUR)), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_lseek(fd, 10, SEEK_SET)), 10);
  assert.equal(sys(b, sys_write(fd, enc('x'))), 1);
  assert.equal(sys(b, sys_lseek(fd, 0, SEEK_END)), 11);
  assert.equal(sys(b, sys_lseek(fd, 0, SEEK_SET)), 0);
  const r = sys(b, sys_read(fd, 100));
  assert.ok(typeof r !== 'number');
  assert.equal(r.length, 11);
  assert.equal(dec(r.subarray(0, 5)), 'hello');
  assert.equal(r[7], 0);
  assert.deepEqual(sys(b, sys_read(fd, 100)), new Uint8Array(0), 'EOF');
});

test('regular file: O_APPEND writes at the end whatever f_pos says', () => {
  const b = bootKernel();
  const fd = open(b, O_CREAT | O_RDWR);
  sys(b, sys_write(fd, enc('abc')));
  const a = open(b, O_WRONLY | O_APPEND);
  assert.equal(sys(b, sys_lseek(a, 0, SEEK_SET)), 0);
  assert.equal(sys(b, sys_write(a, enc('Z'))), 1);
  assert.equal(sys(b, sys_lseek(a, 0, SEEK_CUR)), 4);
  assert.equal(sys(b, sys_read(a, 1)), -ERRNO.EBADF, 'opened write-only');
  sys(b, sys_lseek(fd, 0, SEEK_SET));
  assert.equal(dec(sys(b, sys_read(fd, 10))), 'abcZ');
});

test('regular file: SEEK_DATA/SEEK_HOLE on a file without holes; ENXIO past the end', () => {
  const b = bootKernel();
  const fd = open(b, O_CREAT | O_RDWR);
  sys(b, sys_write(fd, enc('abcdef')));
  assert.equal(sys(b, sys_lseek(fd, 2, SEEK_DATA)), 2);
  assert.equal(sys(b, sys_lseek(fd, 2, SEEK_HOLE)), 6);
  assert.equal(sys(b, sys_lseek(fd, 6, SEEK_DATA)), -ERRNO.ENXIO);
});

test('I7: a regular file has no ->poll: vfs_poll gives DEFAULT_POLLMASK and epoll would refuse it', () => {
  const b = bootKernel();
  const fd = open(b, O_CREAT | O_RDONLY);
  assert.equal(pollFd(b, fd), DEFAULT_POLLMASK);
  assert.equal(file_can_poll(sys(b, fileOf(fd))), false);
});

test('property: reads, writes and seeks behave like a byte array with a cursor', () => {
  const op = fc.oneof(
    fc.record({ k: fc.constant('w' as const), n: fc.integer({ min: 0, max: 50 }) }),
    fc.record({ k: fc.constant('r' as const), n: fc.integer({ min: 0, max: 50 }) }),
    fc.record({
      k: fc.constant('s' as const),
      n: fc.integer({ min: -20, max: 80 }),
      whence: fc.constantFrom(SEEK_SET, SEEK_CUR, SEEK_END),
    }),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
      const b = bootKernel();
      const fd = open(b, O_CREAT | O_RDWR);
      let ref = new Uint8Array(0);
      let pos = 0;
      let next = 1;
      for (const o of ops) {
        if (o.k === 'w') {
          const data = new Uint8Array(o.n).map(() => next++ & 0xff);
          assert.equal(sys(b, sys_write(fd, data)), o.n);
          if (o.n === 0) continue;
          if (pos + o.n > ref.length) {
            const g = new Uint8Array(pos + o.n);
            g.set(ref);
            ref = g;
          }
          ref.set(data, pos);
          pos += o.n;
        } else if (o.k === 'r') {
          const r = sys(b, sys_read(fd, o.n));
          assert.ok(typeof r !== 'number');
          const want = ref.slice(pos, pos + o.n);
          assert.deepEqual([...r], [...want]);
          pos += want.length;
        } else {
          const base = o.whence === SEEK_SET ? 0 : o.whence === SEEK_CUR ? pos : ref.length;
          const r = sys(b, sys_lseek(fd, o.n, o.whence));
          if (base + o.n < 0) assert.equal(r, -ERRNO.EINVAL);
          else {
            assert.equal(r, base + o.n);
            pos = base + o.n;
          }
        }
      }
    }),
    { numRuns: 60 },
  );
});
