import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Kernel } from '../../src/api/Kernel.ts';
import { ModelHaltError } from '../../src/api/errors.ts';
import { EpmError } from '../../src/script/errors.ts';
import { SessionError } from '../../src/script/session.ts';
import { pollMask } from '../_helpers/poll.ts';

test('Kernel: typed results for pipe, write, read, close', () => {
  const k = new Kernel({ variant: 'v7.1' });
  const p = k.pipe();
  assert.deepEqual(p, { ret: 0, errno: null, fds: [3, 4] });
  assert.deepEqual(k.write(4, 'abc'), { ret: 3, errno: null });
  assert.deepEqual(k.read(3, 10), { ret: 3, errno: null, data: 'abc' });
  assert.deepEqual(k.close(9), { ret: -1, errno: 'EBADF' });
  assert.equal(k.name, 'main');
});

test('Kernel: flags as numbers or as script text; unknown flag names throw EPM106', () => {
  const k = new Kernel();
  assert.deepEqual(k.pipe2('O_NONBLOCK|O_CLOEXEC').fds, [3, 4]);
  assert.equal(k.fcntl(3, 'F_GETFD').ret, 1);
  assert.equal(k.fcntl(3, 'F_GETFL').ret, 0o4000);
  assert.throws(
    () => k.pipe2('O_NONBLOK'),
    (e) => EpmError.is(e) && e.code === 'EPM106',
  );
});

test('Kernel: impossible arguments throw EPM109 before anything runs', () => {
  const k = new Kernel();
  assert.throws(
    () => k.read(0, -1),
    (e) => EpmError.is(e) && e.code === 'EPM109',
  );
  assert.throws(
    () => k.write(0, -3),
    (e) => EpmError.is(e) && e.code === 'EPM109',
  );
  assert.throws(
    () => k.eventfdWrite(0, -1n),
    (e) => EpmError.is(e) && e.code === 'EPM109',
  );
});

test('Kernel: eventfdRead returns the exact u64 value', () => {
  const k = new Kernel();
  const e = k.eventfd(0, 'EFD_NONBLOCK').ret as number;
  assert.deepEqual(k.eventfdWrite(e, 18446744073709551614n), { ret: 8, errno: null });
  assert.deepEqual(k.eventfdRead(e), { ret: 8, errno: null, value: 18446744073709551614n });
  assert.deepEqual(k.eventfdRead(e), { ret: -1, errno: 'EAGAIN', value: null });
});

test('Kernel: fork returns a Process handle with the same methods, on its own fd table', () => {
  const k = new Kernel();
  const [r, w] = k.pipe().fds ?? [0, 0];
  const child = k.fork('kid');
  assert.equal(child.name, 'kid');
  assert.equal(k.process('kid')?.name, 'kid');
  assert.deepEqual(child.write(w, 'hi'), { ret: 2, errno: null });
  assert.equal(child.close(r).ret, 0);
  assert.equal(k.read(r, 5).data, 'hi');
  assert.equal(k.fork().name, 'P1');
});

test('Kernel: exit closes every fd; the handle then refuses calls', () => {
  const k = new Kernel();
  const [r, w] = k.pipe().fds ?? [0, 0];
  const child = k.fork();
  k.close(w);
  assert.equal(pollMask(k, r), '0');
  assert.deepEqual(child.exit(), { ret: 0, errno: null });
  assert.equal(child.exited, true);
  assert.equal(pollMask(k, r), 'EPOLLHUP');
  assert.throws(() => child.close(0), SessionError);
});

test('Kernel: a call that blocks forever returns BLOCKS and the process takes no more calls', () => {
  const k = new Kernel();
  const [r] = k.pipe().fds ?? [0, 0];
  const child = k.fork();
  assert.deepEqual(child.read(r, 1), { ret: null, errno: 'BLOCKS', data: null });
  assert.throws(() => child.close(r), /blocked/);
  assert.equal(k.close(r).ret, 0, 'other processes go on');
});

test('Kernel: run() executes a script on the same kernel, after earlier calls', () => {
  const k = new Kernel();
  k.dup(0);
  const r = k.run('x = dup(0)\nc = fork()\nc: close(x)');
  assert.ok(r.ok);
  assert.deepEqual(
    r.records.map((x) => x.ret),
    [4, 2, 0],
  );
  assert.equal(k.process('c')?.name, 'c');
});

test('Kernel: unknown variants throw EPM201; knob overrides are applied', () => {
  assert.throws(
    () => new Kernel({ variant: 'v5.0' }),
    (e) => EpmError.is(e) && e.code === 'EPM201',
  );
  assert.equal(new Kernel({ variant: 'v6.9,counter=file_ref' }).variant.counter, 'file_ref');
});

test('Kernel: model-only dma-buf and sync_file calls; §6.8 sync_file is IN once the fence signaled', () => {
  const k = new Kernel();
  const d = k.dmabufExport().ret as number;
  const f = k.dmabufFence(d, 'write');
  assert.equal(f.ret, 0);
  assert.ok(f.fence);
  const s = k.syncFile(f.fence).ret as number;
  assert.equal(pollMask(k, s), '0');
  assert.deepEqual(k.fenceSignal(f.fence), { ret: 0, errno: null });
  assert.equal(pollMask(k, s), 'EPOLLIN');
  assert.deepEqual(k.fenceSignal(f.fence), { ret: -1, errno: 'EINVAL' });
  assert.deepEqual(k.dmabufFence(0, 'read'), { ret: -1, errno: 'EINVAL', fence: null });
});

test('ModelHaltError carries the violation and an EPM202 message', () => {
  const e = new ModelHaltError({
    kind: 'use-after-free',
    title: 'KASAN: use-after-free Read',
    thread: 'main',
    step: 3,
    stack: [],
    object: 'file#3',
    objectKind: 'struct file',
    fatal: true,
  });
  assert.ok(ModelHaltError.is(e));
  assert.match(e.message, /^EPM202 model halted: use-after-free/);
});

test('Kernel: a blocked process that a later call wakes finishes its call and takes calls again', () => {
  const k = new Kernel();
  const [r, w] = k.pipe().fds ?? [0, 0];
  const child = k.fork();
  assert.equal(child.read(r, 1).errno, 'BLOCKS');
  assert.equal(k.write(w, 'x').ret, 1);
  assert.equal(child.close(r).ret, 0);
});
