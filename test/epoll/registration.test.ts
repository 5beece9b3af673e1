// Checklist group C (and J2): what a registration is keyed by, what keeps it alive and what removes it.
// Every expectation here was run on Linux 6.18 (x86_64) with native/checks/c1_keys.c, c4_dup_keys.c and c_registration.c;
// the example scripts examples/scripts/registration-*.script repeat them for the differential oracle.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Kernel } from '../../src/api/Kernel.ts';
import type { Process } from '../../src/api/Process.ts';

/** The ready events of a non-blocking wait as `BITS:data` pairs (bits in hex), in delivery order. */
function ready(p: Process, ep: number): string[] {
  const r = p.epollWait(ep, 8, 0);
  assert.equal(r.errno, null);
  return (r.events ?? []).map((e) => `${e.events.toString(16)}:${e.data}`);
}

function pair(p: Process, flags = 'O_NONBLOCK'): [number, number] {
  const { fds } = p.pipe2(flags);
  assert.ok(fds);
  return [fds[0], fds[1]];
}

function epoll(p: Process): number {
  const ep = p.epollCreate1(0).ret;
  assert.ok(ep !== null && ep >= 0);
  return ep;
}

test('C1: two fds of one description are two registrations, each reported once per wake-up, newest first', () => {
  const k = new Kernel();
  const [r, w] = pair(k);
  const r2 = k.dup(r).ret ?? -1;
  const ep = epoll(k);
  assert.equal(k.epollCtl(ep, 'EPOLL_CTL_ADD', r, { events: 'EPOLLIN', data: 1n }).ret, 0);
  assert.equal(k.epollCtl(ep, 'EPOLL_CTL_ADD', r2, { events: 'EPOLLIN', data: 2n }).ret, 0);
  assert.equal(k.epollCtl(ep, 'EPOLL_CTL_ADD', r, { events: 'EPOLLIN', data: 3n }).errno, 'EEXIST');
  k.write(w, 'x');
  assert.deepEqual(ready(k, ep), ['1:2', '1:1']);
});

test('C3: closing one of two fds keeps the registration keyed by the closed number, with its old data', () => {
  const k = new Kernel();
  const [r, w] = pair(k);
  const r2 = k.dup(r).ret ?? -1;
  const ep = epoll(k);
  k.epollCtl(ep, 'EPOLL_CTL_ADD', r, { events: 'EPOLLIN', data: 1n });
  k.write(w, 'x');
  k.close(r);
  assert.deepEqual(ready(k, ep), ['1:1']);
  k.close(r2);
  assert.deepEqual(ready(k, ep), []);
});

test('C4: after that, DEL via the closed number is EBADF, via the other number ENOENT; the same number re-pointed at the description finds the registration again', () => {
  const k = new Kernel();
  const [r, w] = pair(k);
  const r2 = k.dup(r).ret ?? -1;
  const ep = epoll(k);
  k.epollCtl(ep, 'EPOLL_CTL_ADD', r, { events: 'EPOLLIN', data: 1n });
  k.write(w, 'x');
  k.close(r);
  assert.equal(k.epollCtl(ep, 'EPOLL_CTL_DEL', r, null).errno, 'EBADF');
  assert.equal(k.epollCtl(ep, 'EPOLL_CTL_DEL', r2, null).errno, 'ENOENT');
  assert.equal(k.dup2(r2, r).ret, r);
  assert.equal(k.epollCtl(ep, 'EPOLL_CTL_MOD', r, { events: 'EPOLLIN', data: 9n }).ret, 0);
  assert.deepEqual(ready(k, ep), ['1:9']);
  assert.equal(k.epollCtl(ep, 'EPOLL_CTL_DEL', r, null).ret, 0);
  assert.deepEqual(ready(k, ep), []);
});

test('C2/C6: a registration holds no reference: the last close removes it, even while it is queued ready; DEL is then EBADF', () => {
  const k = new Kernel();
  const [r, w] = pair(k);
  const ep = epoll(k);
  k.epollCtl(ep, 'EPOLL_CTL_ADD', r, { events: 'EPOLLIN', data: 1n });
  k.write(w, 'x');
  k.close(r);
  assert.deepEqual(ready(k, ep), []);
  assert.equal(k.epollCtl(ep, 'EPOLL_CTL_DEL', r, null).errno, 'EBADF');
});

test('C5: a reused fd number with a new file has no stale entry: ADD succeeds and events carry the new data', () => {
  const k = new Kernel();
  const [r, w] = pair(k);
  const ep = epoll(k);
  k.epollCtl(ep, 'EPOLL_CTL_ADD', r, { events: 'EPOLLIN', data: 1n });
  k.write(w, 'x');
  k.close(r);
  const [r2, w2] = pair(k);
  assert.equal(r2, r);
  assert.equal(k.epollCtl(ep, 'EPOLL_CTL_ADD', r2, { events: 'EPOLLIN', data: 2n }).ret, 0);
  k.write(w2, 'y');
  assert.deepEqual(ready(k, ep), ['1:2']);
});

test('C7: fork shares the epoll description: the child ADD of the same key is EEXIST, its other ADD is seen by the parent, its close keeps the registration', () => {
  const k = new Kernel();
  const [r, w] = pair(k);
  const ep = epoll(k);
  k.epollCtl(ep, 'EPOLL_CTL_ADD', r, { events: 'EPOLLIN', data: 1n });
  const c = k.fork('c');
  assert.equal(c.epollCtl(ep, 'EPOLL_CTL_ADD', r, { events: 'EPOLLIN', data: 5n }).errno, 'EEXIST');
  assert.equal(c.epollCtl(ep, 'EPOLL_CTL_ADD', w, { events: 'EPOLLOUT', data: 2n }).ret, 0);
  assert.deepEqual(ready(k, ep), ['4:2']);
  c.close(w);
  assert.deepEqual(ready(k, ep), ['4:2']);
  c.exit();
  assert.deepEqual(ready(k, ep), ['4:2']);
  k.close(w);
  assert.deepEqual(ready(k, ep), ['10:1']);
});

test('C12: a registration does not pin the mount: umount is EBUSY only while an fd is open', () => {
  const k = new Kernel();
  assert.equal(k.mount('m').ret, 0);
  assert.equal(k.mkfifo('m/f').ret, 0);
  const f = k.open('m/f', 'O_RDWR|O_NONBLOCK').ret ?? -1;
  const ep = epoll(k);
  k.epollCtl(ep, 'EPOLL_CTL_ADD', f, { events: 'EPOLLIN|EPOLLOUT', data: 1n });
  assert.equal(k.umount('m').errno, 'EBUSY');
  assert.deepEqual(ready(k, ep), ['4:1']);
  k.close(f);
  assert.equal(k.umount('m').ret, 0);
  assert.deepEqual(ready(k, ep), []);
});

test('J2: separate processes, each with its own ET epoll on one pipe, are all woken by each write', () => {
  const k = new Kernel();
  const [r, w] = pair(k);
  const c = k.fork('c');
  const ep = epoll(k);
  const cep = epoll(c);
  k.epollCtl(ep, 'EPOLL_CTL_ADD', r, { events: 'EPOLLIN|EPOLLET', data: 1n });
  c.epollCtl(cep, 'EPOLL_CTL_ADD', r, { events: 'EPOLLIN|EPOLLET', data: 2n });
  k.write(w, 'x');
  assert.deepEqual(ready(k, ep), ['1:1']);
  assert.deepEqual(ready(c, cep), ['1:2']);
  assert.deepEqual(ready(k, ep), []);
  assert.deepEqual(ready(c, cep), []);
  c.write(w, 'y');
  assert.deepEqual(ready(k, ep), ['1:1']);
  assert.deepEqual(ready(c, cep), ['1:2']);
});
