import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sys_pipe2 } from '../../src/fs/pipe.ts';
import { sys_timerfd_create } from '../../src/fs/timerfd.ts';
import { ERRNO } from '../../src/kernel/errno.ts';
import { sys_mkfifo, sys_open } from '../../src/kernel/namei.ts';
import { sys_lseek, sys_read, sys_write } from '../../src/kernel/read_write.ts';
import { O_CREAT, O_PATH, O_RDONLY, O_RDWR, SEEK_CUR, SEEK_SET } from '../../src/kernel/uapi.ts';
import { bootKernel, call, sys } from '../_helpers/run.ts';
import { enc, fileOf, thread } from '../fs/_helpers.ts';

test('read/write/lseek: a closed fd is EBADF', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_read(99, 1)), -ERRNO.EBADF);
  assert.equal(sys(b, sys_write(99, enc('a'))), -ERRNO.EBADF);
  assert.equal(sys(b, sys_lseek(99, 0, SEEK_SET)), -ERRNO.EBADF);
  assert.equal(sys(b, sys_read(-1, 1)), -ERRNO.EBADF);
});

test('read/write/lseek: an O_PATH fd is EBADF (fdget refuses it)', () => {
  const b = bootKernel();
  const fd = sys(b, sys_open('reg', O_CREAT | O_RDWR));
  const p = sys(b, sys_open('reg', O_PATH));
  assert.ok(fd >= 0 && p >= 0);
  assert.equal(sys(b, sys_read(p, 1)), -ERRNO.EBADF);
  assert.equal(sys(b, sys_write(p, enc('a'))), -ERRNO.EBADF);
  assert.equal(sys(b, sys_lseek(p, 0, SEEK_SET)), -ERRNO.EBADF);
});

test('read needs FMODE_READ, write FMODE_WRITE (EBADF), before anything else', () => {
  const b = bootKernel();
  const ro = sys(b, sys_open('reg', O_CREAT | O_RDONLY));
  assert.equal(sys(b, sys_write(ro, enc('a'))), -ERRNO.EBADF);
  const dir = sys(b, sys_open('.', O_RDONLY));
  assert.ok(dir >= 0);
  assert.equal(sys(b, sys_read(dir, 10)), -ERRNO.EISDIR);
  assert.equal(sys(b, sys_write(dir, enc('a'))), -ERRNO.EBADF);
});

test('a file type without ->read or ->write is EINVAL', () => {
  const b = bootKernel();
  const t = sys(b, sys_timerfd_create(1, 0));
  assert.equal(sys(b, sys_write(t, new Uint8Array(8))), -ERRNO.EINVAL);
});

test('a negative count is EINVAL', () => {
  const b = bootKernel();
  const fd = sys(b, sys_open('reg', O_CREAT | O_RDWR));
  assert.equal(sys(b, sys_read(fd, -1)), -ERRNO.EINVAL);
});

test('lseek: whence beyond SEEK_HOLE is EINVAL; pipes and FIFOs are ESPIPE; /dev/null stays at 0', () => {
  const b = bootKernel();
  const fd = sys(b, sys_open('reg', O_CREAT | O_RDWR));
  assert.equal(sys(b, sys_lseek(fd, 0, 5)), -ERRNO.EINVAL);
  const p = sys(b, sys_pipe2(0));
  assert.ok(typeof p !== 'number');
  assert.equal(sys(b, sys_lseek(p[1], 0, SEEK_CUR)), -ERRNO.ESPIPE);
  assert.equal(sys(b, sys_mkfifo('f')), 0);
  const f = sys(b, sys_open('f', O_RDWR));
  assert.equal(sys(b, sys_lseek(f, 0, SEEK_CUR)), -ERRNO.ESPIPE);
  assert.equal(sys(b, sys_lseek(0, 5, SEEK_SET)), 0);
  assert.deepEqual(sys(b, sys_read(0, 5)), new Uint8Array(0), '/dev/null reads EOF');
});

test('in a multithreaded process a blocked read holds a file reference, dropped when it returns', () => {
  const b = bootKernel();
  const p = sys(b, sys_pipe2(0));
  assert.ok(typeof p !== 'number');
  const reader = thread(b, 'reader');
  const file = sys(b, fileOf(p[0]));
  assert.equal(call(b, sys_read(p[0], 10), reader).kind, 'blocks');
  assert.equal(file.f_count, 2, 'fdget in a shared table takes a reference');
  assert.equal(sys(b, sys_write(p[1], enc('x'))), 1);
  assert.equal(reader.done, true);
  assert.equal(file.f_count, 1);
});
