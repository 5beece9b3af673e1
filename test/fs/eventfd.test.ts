import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { EventfdCtx, eventfd_signal, readU64le, sys_eventfd2, u64le, ULLONG_MAX } from '../../src/fs/eventfd.ts';
import { ERRNO } from '../../src/kernel/errno.ts';
import { get_close_on_exec, sys_close } from '../../src/kernel/fdtable.ts';
import { sys_lseek, sys_read, sys_write } from '../../src/kernel/read_write.ts';
import {
  EFD_CLOEXEC,
  EFD_NONBLOCK,
  EFD_SEMAPHORE,
  EPOLLERR,
  EPOLLHUP,
  EPOLLIN,
  EPOLLOUT,
  O_APPEND,
  SEEK_CUR,
  SEEK_SET,
} from '../../src/kernel/uapi.ts';
import type { Booted } from '../../src/init/boot.ts';
import { bootKernel, call, sys } from '../_helpers/run.ts';
import { fileOf, pollFd, thread, watchFd } from './_helpers.ts';

function efd(b: Booted, init: bigint, flags = EFD_NONBLOCK): number {
  const fd = sys(b, sys_eventfd2(init, flags));
  assert.ok(fd >= 0);
  return fd;
}

function ctxOf(b: Booted, fd: number): EventfdCtx {
  const c = sys(b, fileOf(fd)).private_data;
  assert.ok(c instanceof EventfdCtx);
  return c;
}

const put = (b: Booted, fd: number, v: bigint): number => sys(b, sys_write(fd, u64le(v)));
function get(b: Booted, fd: number): bigint | number {
  const r = sys(b, sys_read(fd, 8));
  return typeof r === 'number' ? r : readU64le(r);
}

test('I5: fresh eventfd reports OUT only; IN|OUT once > 0', () => {
  const b = bootKernel();
  const fd = efd(b, 0n);
  assert.equal(pollFd(b, fd), EPOLLOUT);
  assert.equal(put(b, fd, 5n), 8);
  assert.equal(pollFd(b, fd), EPOLLIN | EPOLLOUT);
  assert.equal(get(b, fd), 5n);
  assert.equal(pollFd(b, fd), EPOLLOUT);
});

test('I5: at 2^64-2 the eventfd reports IN only; a further write is EAGAIN, writing 0 still succeeds', () => {
  const b = bootKernel();
  const fd = efd(b, 0n);
  assert.equal(put(b, fd, ULLONG_MAX - 1n), 8);
  assert.equal(pollFd(b, fd), EPOLLIN);
  assert.equal(put(b, fd, 1n), -ERRNO.EAGAIN);
  assert.equal(put(b, fd, 0n), 8);
  assert.equal(get(b, fd), ULLONG_MAX - 1n);
});

test('I5: semaphore reads return 1 each and keep the eventfd readable', () => {
  const b = bootKernel();
  const fd = efd(b, 3n, EFD_SEMAPHORE | EFD_NONBLOCK);
  assert.equal(get(b, fd), 1n);
  assert.equal(pollFd(b, fd), EPOLLIN | EPOLLOUT);
  assert.equal(get(b, fd), 1n);
  assert.equal(get(b, fd), 1n);
  assert.equal(get(b, fd), -ERRNO.EAGAIN);
});

test('eventfd read: a buffer under 8 bytes (also 0) is EINVAL; an empty O_NONBLOCK eventfd is EAGAIN', () => {
  const b = bootKernel();
  const fd = efd(b, 0n);
  assert.equal(sys(b, sys_read(fd, 0)), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_read(fd, 7)), -ERRNO.EINVAL);
  assert.equal(get(b, fd), -ERRNO.EAGAIN);
  assert.equal(sys(b, sys_read(fd, 100)), -ERRNO.EAGAIN);
});

test('eventfd write: under 8 bytes or the value 2^64-1 is EINVAL', () => {
  const b = bootKernel();
  const fd = efd(b, 0n);
  assert.equal(sys(b, sys_write(fd, new Uint8Array(7))), -ERRNO.EINVAL);
  assert.equal(put(b, fd, ULLONG_MAX), -ERRNO.EINVAL);
  assert.equal(pollFd(b, fd), EPOLLOUT);
});

test('eventfd reaches 2^64-1 only through eventfd_signal, and then reports IN|ERR', () => {
  const b = bootKernel();
  const fd = efd(b, 10n);
  const ctx = ctxOf(b, fd);
  assert.equal(sys(b, eventfd_signal(ctx, ULLONG_MAX)), ULLONG_MAX - 10n, 'saturating add');
  assert.equal(ctx.count, ULLONG_MAX);
  assert.equal(pollFd(b, fd), EPOLLIN | EPOLLERR);
});

test('eventfd2: flags beyond EFD_SEMAPHORE|EFD_NONBLOCK|EFD_CLOEXEC are EINVAL; initval is an unsigned int', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_eventfd2(0n, O_APPEND)), -ERRNO.EINVAL);
  const fd = efd(b, 0x1_ffff_ffffn, EFD_CLOEXEC | EFD_NONBLOCK);
  assert.equal(sys(b, get_close_on_exec(fd)), true);
  assert.equal(get(b, fd), 0xffff_ffffn);
});

test('eventfd lseek succeeds and reports 0 without moving (noop_llseek)', () => {
  const b = bootKernel();
  const fd = efd(b, 0n);
  assert.equal(sys(b, sys_lseek(fd, 0, SEEK_CUR)), 0);
  assert.equal(sys(b, sys_lseek(fd, 5, SEEK_SET)), 0);
});

test('F3/L14: every eventfd write wakes with EPOLLIN (writing 0 too); reads wake with EPOLLOUT; release with HUP', () => {
  const b = bootKernel();
  const fd = efd(b, 0n);
  const w = watchFd(b, fd);
  put(b, fd, 1n);
  put(b, fd, 1n);
  put(b, fd, 0n);
  assert.deepEqual(w.keys, [EPOLLIN, EPOLLIN, EPOLLIN]);
  get(b, fd);
  assert.deepEqual(w.keys.slice(3), [EPOLLOUT]);
  sys(b, sys_close(fd));
  assert.deepEqual(w.keys.slice(4), [EPOLLHUP]);
});

test('blocking eventfd read sleeps until a write', () => {
  const b = bootKernel();
  const fd = efd(b, 0n, 0);
  const reader = thread(b, 'reader');
  assert.equal(call(b, sys_read(fd, 8), reader).kind, 'blocks');
  assert.equal(put(b, fd, 7n), 8);
  assert.equal(reader.done, true);
  assert.equal(readU64le(reader.result as Uint8Array), 7n);
  assert.equal(ctxOf(b, fd).count, 0n);
});

test('blocking eventfd write sleeps until the value fits', () => {
  const b = bootKernel();
  const fd = efd(b, 0n, 0);
  assert.equal(put(b, fd, ULLONG_MAX - 2n), 8);
  const writer = thread(b, 'writer');
  assert.equal(call(b, sys_write(fd, u64le(5n)), writer).kind, 'blocks');
  assert.equal(get(b, fd), ULLONG_MAX - 2n);
  assert.equal(writer.done, true);
  assert.equal(writer.result, 8);
  assert.equal(get(b, fd), 5n);
});

test('a signal ends a blocking eventfd read with EINTR', () => {
  const b = bootKernel();
  const fd = efd(b, 0n, 0);
  const reader = thread(b, 'reader');
  reader.signalPending = true;
  assert.equal(call(b, sys_read(fd, 8), reader).kind, 'done');
  assert.equal(reader.result, -ERRNO.EINTR);
});

test('eventfd context is freed with the file; its anon_inodefs mount is internal', () => {
  const b = bootKernel();
  const fd = efd(b, 0n);
  const ctx = ctxOf(b, fd);
  const file = sys(b, fileOf(fd));
  assert.equal(file.f_path.mnt.mnt_sb.s_type, 'anon_inodefs');
  assert.equal(file.f_path.mnt.attached, false);
  sys(b, sys_close(fd));
  assert.equal(ctx.freed, true);
  assert.equal(file.f_inode.freed, true);
  assert.deepEqual(b.machine.violations, []);
});

test('property: the eventfd counter is exact u64 arithmetic and poll follows it', () => {
  const val = fc.oneof(fc.bigInt({ min: 0n, max: 10n }), fc.bigInt({ min: 0n, max: ULLONG_MAX }));
  const op = fc.oneof(fc.record({ w: val }), fc.record({ r: fc.boolean() }));
  fc.assert(
    fc.property(
      fc.bigInt({ min: 0n, max: 0xffff_ffffn }),
      fc.boolean(),
      fc.array(op, { maxLength: 20 }),
      (init, sem, ops) => {
        const b = bootKernel();
        const fd = efd(b, init, EFD_NONBLOCK | (sem ? EFD_SEMAPHORE : 0));
        let count = init;
        for (const o of ops) {
          if ('w' in o) {
            const r = put(b, fd, o.w);
            if (o.w === ULLONG_MAX) assert.equal(r, -ERRNO.EINVAL);
            else if (ULLONG_MAX - count > o.w) {
              assert.equal(r, 8);
              count += o.w;
            } else assert.equal(r, -ERRNO.EAGAIN);
          } else {
            const r = get(b, fd);
            if (count === 0n) assert.equal(r, -ERRNO.EAGAIN);
            else {
              const want = sem ? 1n : count;
              assert.equal(r, want);
              count -= want;
            }
          }
          const mask = (count > 0n ? EPOLLIN : 0) | (count < ULLONG_MAX - 1n ? EPOLLOUT : 0);
          assert.equal(pollFd(b, fd), mask);
        }
      },
    ),
    { numRuns: 80 },
  );
});
