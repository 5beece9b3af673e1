// Results stated in the reference documents (epoll-semantics.md §6.8 mask table, §7 L-rows; conformance-checklist
// rows), reproduced through the library API on the model.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Kernel } from '../src/api/Kernel.ts';
import { file_can_poll } from '../src/kernel/poll.ts';
import { pollMask } from './_helpers/poll.ts';

function fds(r: { fds: readonly [number, number] | null }): [number, number] {
  assert.ok(r.fds);
  return [r.fds[0], r.fds[1]];
}

test('§6.8 / I1: pipe read end: IN while data; IN|HUP once all writers are released; never RDHUP', () => {
  const k = new Kernel();
  const [r, w] = fds(k.pipe());
  assert.equal(pollMask(k, r), '0');
  k.write(w, 'x');
  assert.equal(pollMask(k, r), 'EPOLLIN');
  k.close(w);
  assert.equal(pollMask(k, r), 'EPOLLIN|EPOLLHUP');
  k.read(r, 1);
  assert.equal(pollMask(k, r), 'EPOLLHUP');
});

test('§6.8 / I2: pipe write end: OUT while a slot is free; OUT|ERR once all readers are released', () => {
  const k = new Kernel();
  const [r, w] = fds(k.pipe2('O_NONBLOCK'));
  assert.equal(pollMask(k, w), 'EPOLLOUT');
  k.write(w, 65536);
  assert.equal(pollMask(k, w), '0');
  k.close(r);
  assert.equal(pollMask(k, w), 'EPOLLERR');
  const [r2, w2] = fds(k.pipe());
  k.close(r2);
  assert.equal(pollMask(k, w2), 'EPOLLOUT|EPOLLERR');
});

test('C8: pipe HUP only after the child copy of the write end is released too', () => {
  const k = new Kernel();
  const [r, w] = fds(k.pipe());
  const child = k.fork('child');
  k.close(w);
  assert.equal(pollMask(k, r), '0');
  child.close(w);
  assert.equal(pollMask(k, r), 'EPOLLHUP');
});

test('C8 via exit: the child exiting releases its copies: pipe write end gets ERR', () => {
  const k = new Kernel();
  const [r, w] = fds(k.pipe());
  const child = k.fork();
  k.close(r);
  assert.equal(pollMask(k, w), 'EPOLLOUT');
  child.exit();
  assert.equal(pollMask(k, w), 'EPOLLOUT|EPOLLERR');
});

test('§6.8 / I5: eventfd: fresh OUT only; IN|OUT while > 0; at 2^64-2 IN only; semaphore reads keep it readable', () => {
  const k = new Kernel();
  const e = k.eventfd(0, 'EFD_NONBLOCK').ret as number;
  assert.equal(pollMask(k, e), 'EPOLLOUT');
  k.eventfdWrite(e, 1n);
  assert.equal(pollMask(k, e), 'EPOLLIN|EPOLLOUT');
  k.eventfdWrite(e, 18446744073709551613n);
  assert.equal(k.eventfdRead(e).value, 18446744073709551614n);
  k.eventfdWrite(e, 18446744073709551614n);
  assert.equal(pollMask(k, e), 'EPOLLIN');
  const s = k.eventfd(2, 'EFD_SEMAPHORE').ret as number;
  assert.equal(k.eventfdRead(s).value, 1n);
  assert.equal(pollMask(k, s), 'EPOLLIN|EPOLLOUT');
});

test('§6.8 / I6: unix socketpair: fresh OUT; peer SHUT_WR: IN|OUT|RDHUP; peer closed: IN|OUT|HUP|RDHUP', () => {
  const k = new Kernel();
  const [a, b] = fds(k.socketpair());
  assert.equal(pollMask(k, b), 'EPOLLOUT');
  k.shutdown(a, 'SHUT_WR');
  assert.equal(pollMask(k, b), 'EPOLLIN|EPOLLOUT|EPOLLRDHUP');
  const [c, d] = fds(k.socketpair());
  k.close(c);
  assert.equal(pollMask(k, d), 'EPOLLIN|EPOLLOUT|EPOLLHUP|EPOLLRDHUP');
});

test('§6.4 / I7: regular files have no ->poll (epoll_ctl refuses them with EPERM)', () => {
  const k = new Kernel();
  k.mount('m');
  const f = k.open('m/f', 'O_CREAT|O_RDWR').ret as number;
  const file = k.state.task.files?.fd_array[f];
  assert.ok(file);
  assert.equal(file_can_poll(file), false);
});

test('L23 / C12: a FIFO on tmpfs: umount is EBUSY while an fd is open, 0 after close', () => {
  const k = new Kernel();
  assert.equal(k.mount('t').ret, 0);
  assert.equal(k.mkfifo('t/fifo').ret, 0);
  const f = k.open('t/fifo', 'O_RDWR|O_NONBLOCK').ret as number;
  assert.deepEqual(k.umount('t'), { ret: -1, errno: 'EBUSY' });
  k.close(f);
  assert.deepEqual(k.umount('t'), { ret: 0, errno: null });
});

test('§2.2: umount with a submount is EBUSY; MNT_DETACH succeeds while a file is open', () => {
  const k = new Kernel();
  k.mount('a');
  k.mount('a/b');
  assert.equal(k.umount('a').errno, 'EBUSY');
  const f = k.open('a/b/f', 'O_CREAT|O_RDWR').ret as number;
  assert.equal(k.umount('a/b').errno, 'EBUSY');
  assert.equal(k.umount2('a/b', 'MNT_DETACH').ret, 0);
  assert.equal(k.write(f, 'ok').ret, 2);
  assert.equal(k.umount('a').ret, 0);
});

test('§1.3: close() runs __fput before it returns: umount right after the last close succeeds', () => {
  const k = new Kernel();
  k.mount('m');
  const f = k.open('m/f', 'O_CREAT|O_RDWR').ret as number;
  const g = k.dup(f).ret as number;
  k.close(f);
  assert.equal(k.umount('m').errno, 'EBUSY');
  k.close(g);
  assert.equal(k.umount('m').ret, 0);
});
