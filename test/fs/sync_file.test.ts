import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  dma_fence_create,
  dma_fence_put,
  dma_fence_signal,
  dma_fence_signal_irq,
  type DmaFence,
} from '../../src/fs/dma_fence.ts';
import { SyncFile, sys_sync_file_create } from '../../src/fs/sync_file.ts';
import { ERRNO } from '../../src/kernel/errno.ts';
import { get_close_on_exec, sys_close } from '../../src/kernel/fdtable.ts';
import { sys_lseek, sys_read } from '../../src/kernel/read_write.ts';
import { EPOLLIN, SEEK_CUR } from '../../src/kernel/uapi.ts';
import type { Booted } from '../../src/init/boot.ts';
import { drain } from '../../src/sched/sequential.ts';
import { bootKernel, sys } from '../_helpers/run.ts';
import { fileOf, pollFd, watchFd } from './_helpers.ts';

function newFence(b: Booted): DmaFence {
  return sys(
    b,
    (function* () {
      return dma_fence_create();
    })(),
  );
}

function syncFd(b: Booted, fence: DmaFence): number {
  const fd = sys(b, sys_sync_file_create(fence));
  assert.ok(fd >= 0);
  return fd;
}

test('I8: a sync_file reports nothing before the fence signals, IN after, forever; never OUT or HUP', () => {
  const b = bootKernel();
  const fence = newFence(b);
  const fd = syncFd(b, fence);
  assert.equal(pollFd(b, fd), 0);
  dma_fence_signal_irq(b.machine, fence);
  assert.equal(drain(b.machine), null);
  assert.equal(pollFd(b, fd), EPOLLIN);
  assert.equal(pollFd(b, fd), EPOLLIN);
});

test('I8: the first poll arms one fence callback; the signal wakes pollers keylessly', () => {
  const b = bootKernel();
  const fence = newFence(b);
  const fd = syncFd(b, fence);
  const w = watchFd(b, fd);
  pollFd(b, fd);
  assert.equal(fence.cb_list.length, 1);
  dma_fence_signal_irq(b.machine, fence);
  drain(b.machine);
  assert.deepEqual(w.keys, [0]);
});

test('I8: polling a sync_file whose fence already signaled wakes the queue at once', () => {
  const b = bootKernel();
  const fence = newFence(b);
  sys(b, dma_fence_signal(fence));
  const fd = syncFd(b, fence);
  const w = watchFd(b, fd);
  assert.deepEqual(w.keys, [0]);
  assert.equal(pollFd(b, fd), EPOLLIN);
});

test('sync_file release removes the armed callback and drops its fence reference', () => {
  const b = bootKernel();
  const fence = newFence(b);
  const fd = syncFd(b, fence);
  const sf = sys(b, fileOf(fd)).private_data;
  assert.ok(sf instanceof SyncFile);
  assert.equal(fence.refcount, 2);
  pollFd(b, fd);
  sys(b, sys_close(fd));
  assert.equal(sf.freed, true);
  assert.equal(fence.cb_list.length, 0);
  assert.equal(fence.refcount, 1);
  assert.equal(sys(b, dma_fence_signal(fence)), 0, 'a later signal does not touch the freed sync_file');
  sys(b, dma_fence_put(fence));
  assert.equal(fence.freed, true);
  assert.deepEqual(b.machine.violations, []);
});

test('sync_file fd: O_CLOEXEC, anon_inodefs, no read (EINVAL) and no llseek (ESPIPE)', () => {
  const b = bootKernel();
  const fd = syncFd(b, newFence(b));
  assert.equal(sys(b, get_close_on_exec(fd)), true);
  assert.equal(sys(b, fileOf(fd)).f_path.mnt.mnt_sb.s_type, 'anon_inodefs');
  assert.equal(sys(b, sys_read(fd, 8)), -ERRNO.EINVAL, 'sync_file is opened O_RDONLY but has no ->read');
  assert.equal(sys(b, sys_lseek(fd, 0, SEEK_CUR)), -ERRNO.ESPIPE);
});
