import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PipeInodeInfo } from '../../src/fs/pipe_inode.ts';
import { ERRNO } from '../../src/kernel/errno.ts';
import { sys_close } from '../../src/kernel/fdtable.ts';
import { sys_mkfifo, sys_mount, sys_open, sys_umount } from '../../src/kernel/namei.ts';
import { sys_read, sys_write } from '../../src/kernel/read_write.ts';
import {
  EPOLLERR,
  EPOLLHUP,
  EPOLLIN,
  EPOLLOUT,
  EPOLLRDNORM,
  EPOLLWRNORM,
  O_NONBLOCK,
  O_RDONLY,
  O_RDWR,
  O_WRONLY,
} from '../../src/kernel/uapi.ts';
import type { Booted } from '../../src/init/boot.ts';
import { bootKernel, call, sys } from '../_helpers/run.ts';
import { dec, enc, fileOf, pollFd, thread } from './_helpers.ts';

const IN = EPOLLIN | EPOLLRDNORM;
const OUT = EPOLLOUT | EPOLLWRNORM;

function fifo(b: Booted, path = 'f'): string {
  assert.equal(sys(b, sys_mkfifo(path)), 0);
  return path;
}

test('FIFO O_RDONLY|O_NONBLOCK without a writer opens, reports nothing, and reads EOF', () => {
  const b = bootKernel();
  const r = sys(b, sys_open(fifo(b), O_RDONLY | O_NONBLOCK));
  assert.equal(r, 3);
  assert.equal(pollFd(b, r), 0, 'no HUP until a writer has come and gone');
  assert.deepEqual(sys(b, sys_read(r, 10)), new Uint8Array(0), 'no writer: EOF');
});

test('FIFO HUP appears once a writer came and went (f_version vs w_counter), with IN while data is left', () => {
  const b = bootKernel();
  const path = fifo(b);
  const r = sys(b, sys_open(path, O_RDONLY | O_NONBLOCK));
  const w = sys(b, sys_open(path, O_WRONLY | O_NONBLOCK));
  assert.equal(pollFd(b, r), 0);
  assert.equal(pollFd(b, w), OUT);
  assert.equal(sys(b, sys_write(w, enc('ab'))), 2);
  sys(b, sys_close(w));
  assert.equal(pollFd(b, r), IN | EPOLLHUP);
  assert.equal(dec(sys(b, sys_read(r, 10))), 'ab');
  assert.equal(pollFd(b, r), EPOLLHUP);
  const w2 = sys(b, sys_open(path, O_WRONLY | O_NONBLOCK));
  assert.equal(pollFd(b, r), 0, 'a new writer clears HUP');
  sys(b, sys_close(r));
  assert.equal(pollFd(b, w2), OUT | EPOLLERR, 'Linux reports ERR for FIFOs like for pipes');
});

test('FIFO O_WRONLY|O_NONBLOCK without a reader is ENXIO; the failed open leaves no writer or pipe use behind', () => {
  const b = bootKernel();
  const path = fifo(b);
  assert.equal(sys(b, sys_open(path, O_WRONLY | O_NONBLOCK)), -ERRNO.ENXIO);
  const r = sys(b, sys_open(path, O_RDONLY | O_NONBLOCK));
  const inode = sys(b, fileOf(r)).f_inode;
  const p = inode.i_pipe;
  assert.ok(p instanceof PipeInodeInfo);
  assert.equal(p.files, 1);
  assert.equal(p.writers, 0);
});

test('FIFO O_RDWR never waits and reports OUT; a reader that saw it reports HUP after it is gone', () => {
  const b = bootKernel();
  const path = fifo(b);
  const r = sys(b, sys_open(path, O_RDONLY | O_NONBLOCK));
  const rw = sys(b, sys_open(path, O_RDWR));
  assert.equal(pollFd(b, rw), OUT);
  assert.equal(pollFd(b, r), 0);
  sys(b, sys_close(rw));
  assert.equal(pollFd(b, r), EPOLLHUP);
});

test('FIFO blocking O_RDONLY open waits for a writer; the writer open wakes it', () => {
  const b = bootKernel();
  const path = fifo(b);
  const reader = thread(b, 'reader');
  assert.equal(call(b, sys_open(path, O_RDONLY), reader).kind, 'blocks');
  const w = sys(b, sys_open(path, O_WRONLY));
  assert.ok(w >= 0);
  assert.equal(reader.done, true);
  const r = reader.result as number;
  assert.ok(r >= 0 && r !== w);
  assert.equal(pollFd(b, r), 0);
  sys(b, sys_close(w));
  assert.equal(pollFd(b, r), EPOLLHUP, 'a blocking opener saw a writer: HUP is not suppressed');
});

test('FIFO blocking O_WRONLY open waits for a reader; an interrupted wait is EINTR and undoes the open', () => {
  const b = bootKernel();
  const path = fifo(b);
  const writer = thread(b, 'writer');
  assert.equal(call(b, sys_open(path, O_WRONLY), writer).kind, 'blocks');
  const r = sys(b, sys_open(path, O_RDONLY | O_NONBLOCK));
  assert.equal(writer.done, true);
  assert.ok((writer.result as number) >= 0);
  sys(b, sys_close(r));
  const writer2 = thread(b, 'writer2');
  writer2.signalPending = true;
  assert.equal(call(b, sys_open(path, O_WRONLY), writer2).kind, 'done');
  assert.equal(writer2.result, -ERRNO.EINTR);
});

test('FIFO: the last close detaches i_pipe and frees the pipe; the next open gets a fresh one', () => {
  const b = bootKernel();
  const path = fifo(b);
  const rw = sys(b, sys_open(path, O_RDWR));
  const inode = sys(b, fileOf(rw)).f_inode;
  const p = inode.i_pipe;
  assert.ok(p instanceof PipeInodeInfo);
  assert.equal(sys(b, sys_write(rw, enc('x'))), 1);
  sys(b, sys_close(rw));
  assert.equal(inode.i_pipe, null);
  assert.equal(p.freed, true);
  const rw2 = sys(b, sys_open(path, O_RDWR | O_NONBLOCK));
  assert.equal(sys(b, sys_read(rw2, 1)), -ERRNO.EAGAIN, 'the data died with the old pipe');
});

test('L23: a FIFO on a tmpfs mount pins it: umount is EBUSY while an fd is open, 0 after close', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_mount('mnt')), 0);
  const rw = sys(b, sys_open(fifo(b, 'mnt/f'), O_RDWR));
  assert.equal(sys(b, sys_umount('mnt', 0)), -ERRNO.EBUSY);
  sys(b, sys_close(rw));
  assert.equal(sys(b, sys_umount('mnt', 0)), 0);
});
