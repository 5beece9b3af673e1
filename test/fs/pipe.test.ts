import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { sys_pipe2 } from '../../src/fs/pipe.ts';
import { PipeInodeInfo } from '../../src/fs/pipe_inode.ts';
import { ERRNO } from '../../src/kernel/errno.ts';
import { get_close_on_exec, sys_close, sys_dup } from '../../src/kernel/fdtable.ts';
import { fput, get_file } from '../../src/kernel/file.ts';
import { sys_lseek, sys_read, sys_write } from '../../src/kernel/read_write.ts';
import {
  EPOLLERR,
  EPOLLHUP,
  EPOLLIN,
  EPOLLOUT,
  EPOLLRDHUP,
  EPOLLRDNORM,
  EPOLLWRNORM,
  O_CLOEXEC,
  O_DIRECT,
  O_NONBLOCK,
  SEEK_CUR,
} from '../../src/kernel/uapi.ts';
import type { Booted } from '../../src/init/boot.ts';
import type { File } from '../../src/kernel/vfs.ts';
import { add_wait_queue, WaitQueueEntry } from '../../src/kernel/wait.ts';
import { bootKernel, call, sys } from '../_helpers/run.ts';
import { dec, enc, fileOf, pollFd, thread, watchFd } from './_helpers.ts';

const IN = EPOLLIN | EPOLLRDNORM;
const OUT = EPOLLOUT | EPOLLWRNORM;

function pipe(b: Booted, flags = 0): [number, number] {
  const r = sys(b, sys_pipe2(flags));
  if (typeof r === 'number') throw new Error(`pipe2: ${r}`);
  return r;
}

function write(b: Booted, fd: number, n: number | string): number {
  return sys(b, sys_write(fd, typeof n === 'string' ? enc(n) : new Uint8Array(n)));
}

function readLen(b: Booted, fd: number, n: number): number {
  const r = sys(b, sys_read(fd, n));
  return typeof r === 'number' ? r : r.length;
}

function pipeOf(b: Booted, fd: number): PipeInodeInfo {
  const p = sys(b, fileOf(fd)).private_data;
  assert.ok(p instanceof PipeInodeInfo);
  return p;
}

test('pipe2: read end first; fresh read end reports nothing, write end OUT|WRNORM', () => {
  const b = bootKernel();
  assert.deepEqual(pipe(b), [3, 4]);
  assert.equal(pollFd(b, 3), 0);
  assert.equal(pollFd(b, 4), OUT);
});

test('pipe2: flags other than O_NONBLOCK|O_CLOEXEC|O_DIRECT are EINVAL; O_CLOEXEC marks both fds', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_pipe2(0o20000 /* O_ASYNC */)), -ERRNO.EINVAL);
  const [r, w] = pipe(b, O_CLOEXEC);
  assert.equal(sys(b, get_close_on_exec(r)), true);
  assert.equal(sys(b, get_close_on_exec(w)), true);
});

test('pipe2: O_DIRECT only on the write end, O_NONBLOCK on both', () => {
  const b = bootKernel();
  const [r, w] = pipe(b, O_DIRECT | O_NONBLOCK);
  const fr = sys(b, fileOf(r));
  const fw = sys(b, fileOf(w));
  assert.equal(fr.f_flags & O_DIRECT, 0);
  assert.equal(fw.f_flags & O_DIRECT, O_DIRECT);
  assert.equal(fr.f_flags & O_NONBLOCK, O_NONBLOCK);
});

test('I1: pipe read end reports IN|HUP after the last writer is released, HUP once drained, never RDHUP', () => {
  const b = bootKernel();
  const [r, w] = pipe(b);
  assert.equal(write(b, w, 'ab'), 2);
  assert.equal(pollFd(b, r), IN);
  assert.equal(sys(b, sys_close(w)), 0);
  assert.equal(pollFd(b, r), IN | EPOLLHUP);
  assert.equal(dec(sys(b, sys_read(r, 10))), 'ab');
  assert.equal(readLen(b, r, 10), 0, 'EOF');
  assert.equal(pollFd(b, r), EPOLLHUP);
  assert.equal(pollFd(b, r) & EPOLLRDHUP, 0);
});

test('I2: pipe write end reports OUT|ERR after the last reader is released; writes get EPIPE', () => {
  const b = bootKernel();
  const [r, w] = pipe(b);
  assert.equal(sys(b, sys_close(r)), 0);
  assert.equal(pollFd(b, w), OUT | EPOLLERR);
  assert.equal(write(b, w, 'a'), -ERRNO.EPIPE);
});

test('C8: pipe HUP only when the last writer description is released (a dup or an extra reference keeps it)', () => {
  const b = bootKernel();
  const [r, w] = pipe(b);
  const w2 = sys(b, sys_dup(w));
  assert.equal(sys(b, sys_close(w)), 0);
  assert.equal(pollFd(b, r) & EPOLLHUP, 0, 'the dup still refers to the write description');
  // A reference held elsewhere (a forked child, an in-flight syscall) also keeps the writer alive.
  const held: File = sys(
    b,
    (function* () {
      return yield* get_file(yield* fileOf(w2));
    })(),
  );
  assert.equal(sys(b, sys_close(w2)), 0);
  assert.equal(pollFd(b, r) & EPOLLHUP, 0, 'counts change only in ->release');
  sys(b, fput(held));
  assert.equal(pollFd(b, r), EPOLLHUP);
});

test('C8: pipe write end reports ERR only when the last reader description is released', () => {
  const b = bootKernel();
  const [r, w] = pipe(b);
  const r2 = sys(b, sys_dup(r));
  sys(b, sys_close(r));
  assert.equal(pollFd(b, w), OUT);
  sys(b, sys_close(r2));
  assert.equal(pollFd(b, w), OUT | EPOLLERR);
});

test('I3: pipe capacity: 65536 bytes of 1-byte writes; OUT comes back only when a whole slot is freed', () => {
  const b = bootKernel();
  const [r, w] = pipe(b, O_NONBLOCK);
  let total = 0;
  for (;;) {
    const n = write(b, w, 1);
    if (n < 0) {
      assert.equal(n, -ERRNO.EAGAIN);
      break;
    }
    total += n;
  }
  assert.equal(total, 65536);
  assert.equal(pollFd(b, w), 0);
  assert.equal(readLen(b, r, 4095), 4095);
  assert.equal(pollFd(b, w), 0, 'half a slot frees nothing');
  assert.equal(readLen(b, r, 1), 1);
  assert.equal(pollFd(b, w), OUT);
});

test('I3: writes that do not merge fill 16 slots with fewer bytes (16 x 3000 bytes)', () => {
  const b = bootKernel();
  const [, w] = pipe(b, O_NONBLOCK);
  let n = 0;
  while (write(b, w, 3000) === 3000) n++;
  assert.equal(n, 16);
});

test('pipe write merges its sub-page remainder into the last slot first (100 + 5000 leaves room for 14 pages)', () => {
  const b = bootKernel();
  const [, w] = pipe(b, O_NONBLOCK);
  assert.equal(write(b, w, 100), 100);
  assert.equal(write(b, w, 5000), 5000);
  let total = 0;
  for (let n = write(b, w, 4096); n > 0; n = write(b, w, 4096)) total += n;
  assert.equal(total, 14 * 4096);
});

test('PIPE_BUF atomicity: a non-blocking write of at most 4096 bytes that does not fit is EAGAIN, not partial', () => {
  const b = bootKernel();
  const [r, w] = pipe(b, O_NONBLOCK);
  assert.equal(write(b, w, 100), 100);
  assert.equal(readLen(b, r, 50), 50);
  let total = 0;
  for (let n = write(b, w, 4096); n > 0; n = write(b, w, 4096)) total += n;
  assert.equal(total, 15 * 4096);
  assert.equal(write(b, w, 4000), -ERRNO.EAGAIN);
  assert.equal(write(b, w, 1), -ERRNO.EAGAIN);
});

test('a large non-blocking write is partial (65536 of 100000), the next one EAGAIN', () => {
  const b = bootKernel();
  const [, w] = pipe(b, O_NONBLOCK);
  assert.equal(write(b, w, 100000), 65536);
  assert.equal(write(b, w, 1), -ERRNO.EAGAIN);
});

test('O_DIRECT pipe: every write is a packet, a read returns one packet', () => {
  const b = bootKernel();
  const [r, w] = pipe(b, O_DIRECT | O_NONBLOCK);
  assert.equal(write(b, w, 'abcdefghij'), 10);
  assert.equal(write(b, w, 'klmnopqrst'), 10);
  assert.equal(dec(sys(b, sys_read(r, 100))), 'abcdefghij');
  assert.equal(dec(sys(b, sys_read(r, 3))), 'klm', 'a short read of a packet discards its rest');
  assert.equal(sys(b, sys_read(r, 100)), -ERRNO.EAGAIN);
});

test('pipe: zero-length read and write return 0; lseek is ESPIPE; empty O_NONBLOCK read is EAGAIN', () => {
  const b = bootKernel();
  const [r, w] = pipe(b, O_NONBLOCK);
  assert.equal(readLen(b, r, 0), 0);
  assert.equal(write(b, w, 0), 0);
  assert.equal(sys(b, sys_lseek(r, 0, SEEK_CUR)), -ERRNO.ESPIPE);
  assert.equal(sys(b, sys_read(r, 1)), -ERRNO.EAGAIN);
  assert.equal(sys(b, sys_read(w, 1)), -ERRNO.EBADF, 'write end is not open for reading');
  assert.equal(sys(b, sys_write(r, enc('x'))), -ERRNO.EBADF);
});

test('blocking read sleeps until a writer writes; it returns what is there', () => {
  const b = bootKernel();
  const [r, w] = pipe(b);
  const reader = thread(b, 'reader');
  assert.equal(call(b, sys_read(r, 100), reader).kind, 'blocks');
  assert.equal(write(b, w, 'hello'), 5);
  assert.equal(reader.done, true);
  assert.equal(dec(reader.result as Uint8Array), 'hello');
});

test('blocking read on an empty pipe ends with EOF when the last writer is released', () => {
  const b = bootKernel();
  const [r, w] = pipe(b);
  const reader = thread(b, 'reader');
  assert.equal(call(b, sys_read(r, 100), reader).kind, 'blocks');
  sys(b, sys_close(w));
  assert.equal(reader.done, true);
  assert.deepEqual(reader.result, new Uint8Array(0));
});

test('blocking write into a full pipe sleeps until a reader frees a slot, then completes atomically', () => {
  const b = bootKernel();
  const [r, w] = pipe(b);
  assert.equal(write(b, w, 65536), 65536);
  const writer = thread(b, 'writer');
  assert.equal(call(b, sys_write(w, new Uint8Array(4096)), writer).kind, 'blocks');
  assert.equal(readLen(b, r, 100), 100);
  assert.equal(writer.done, false, 'a partial slot frees nothing');
  assert.equal(readLen(b, r, 3996), 3996);
  assert.equal(writer.done, true);
  assert.equal(writer.result, 4096);
});

test('a blocked writer gets EPIPE (or its partial count) when the last reader is released', () => {
  const b = bootKernel();
  const [r, w] = pipe(b);
  const writer = thread(b, 'writer');
  assert.equal(call(b, sys_write(w, new Uint8Array(70000)), writer).kind, 'blocks');
  sys(b, sys_close(r));
  assert.equal(writer.done, true);
  assert.equal(writer.result, 65536, 'the bytes already written are reported');
  assert.equal(write(b, w, 1), -ERRNO.EPIPE);
});

test('I4: every write to a polled pipe wakes readers with IN|RDNORM, not only empty -> non-empty', () => {
  const b = bootKernel();
  const [r, w] = pipe(b);
  const watch = watchFd(b, r);
  write(b, w, 'a');
  write(b, w, 'b');
  assert.deepEqual(watch.keys, [IN, IN]);
});

test('pipe that was never polled wakes readers only when it was empty', () => {
  const b = bootKernel();
  const [r, w] = pipe(b);
  const keys: number[] = [];
  const pipeInfo = pipeOf(b, r);
  sys(
    b,
    add_wait_queue(
      pipeInfo.rd_wait,
      new WaitQueueEntry(function* (_e, key) {
        keys.push(key);
        return 0;
      }, null),
    ),
  );
  write(b, w, 'a');
  write(b, w, 'b');
  assert.deepEqual(keys, [IN]);
});

test('pipe_read wakes writers with OUT|WRNORM only when it frees a slot of a full pipe', () => {
  const b = bootKernel();
  const [r, w] = pipe(b, O_NONBLOCK);
  const watch = watchFd(b, w);
  write(b, w, 10);
  readLen(b, r, 10);
  assert.deepEqual(watch.keys, []);
  write(b, w, 65536);
  readLen(b, r, 4096);
  assert.deepEqual(watch.keys, [OUT]);
});

test('pipe_release wakes both queues without a key when one side goes away', () => {
  const b = bootKernel();
  const [r, w] = pipe(b);
  const wr = watchFd(b, r);
  const ww = watchFd(b, w);
  sys(b, sys_close(w));
  assert.deepEqual(wr.keys, [0]);
  assert.deepEqual(ww.keys, [0]);
  sys(b, sys_close(r));
  assert.deepEqual(wr.keys, [0], 'both sides gone: no second wakeup');
});

test('the pipe_inode_info, dentry and inode are freed with the last file; the pipefs mount is unpinned', () => {
  const b = bootKernel();
  const [r, w] = pipe(b);
  const file = sys(b, fileOf(r));
  const p = pipeOf(b, r);
  const mnt = file.f_path.mnt;
  assert.equal(mnt.mnt_count, 3);
  sys(b, sys_close(r));
  assert.equal(p.freed, false);
  sys(b, sys_close(w));
  assert.equal(p.freed, true);
  assert.equal(file.f_path.dentry.freed, true);
  assert.equal(file.f_inode.freed, true);
  assert.equal(mnt.mnt_count, 1);
  assert.equal(mnt.attached, false, 'pipefs is an internal SB_NOUSER mount');
  assert.deepEqual(b.machine.violations, []);
});

test('property: non-blocking writes and reads keep byte order, and poll reflects slots and bytes', () => {
  const op = fc.oneof(
    fc.record({ k: fc.constant('w' as const), n: fc.integer({ min: 1, max: 9000 }) }),
    fc.record({ k: fc.constant('r' as const), n: fc.integer({ min: 1, max: 9000 }) }),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
      const b = bootKernel();
      const [r, w] = pipe(b, O_NONBLOCK);
      let next = 0;
      const queue: number[] = [];
      for (const o of ops) {
        if (o.k === 'w') {
          const data = new Uint8Array(o.n).map(() => next++ & 0xff);
          const n = sys(b, sys_write(w, data));
          if (n < 0) {
            assert.equal(n, -ERRNO.EAGAIN);
            next -= o.n;
            continue;
          }
          if (o.n <= 4096) assert.equal(n, o.n, 'writes up to PIPE_BUF are all or nothing');
          next -= o.n - n;
          queue.push(...data.subarray(0, n));
        } else {
          const res = sys(b, sys_read(r, o.n));
          if (typeof res === 'number') {
            assert.equal(res, -ERRNO.EAGAIN);
            assert.equal(queue.length, 0);
            continue;
          }
          assert.deepEqual([...res], queue.splice(0, res.length));
        }
        const p = pipeOf(b, r);
        assert.equal(
          p.bufs.reduce((s, x) => s + x.len, 0),
          queue.length,
        );
        assert.equal(pollFd(b, r), queue.length > 0 ? IN : 0);
        assert.equal(pollFd(b, w), p.bufs.length < 16 ? OUT : 0);
      }
    }),
    { numRuns: 60 },
  );
});
