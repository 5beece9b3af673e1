import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dma_fence_signal_irq, DmaFence } from '../../src/fs/dma_fence.ts';
import { DmaBuf, dmabuf_attach_fence, sys_dmabuf_export } from '../../src/fs/dmabuf.ts';
import { sys_pipe2 } from '../../src/fs/pipe.ts';
import { ERRNO } from '../../src/kernel/errno.ts';
import { sys_close } from '../../src/kernel/fdtable.ts';
import { task_work_run } from '../../src/kernel/file.ts';
import { vfs_poll } from '../../src/kernel/poll.ts';
import { sys_lseek, sys_read } from '../../src/kernel/read_write.ts';
import type { Task } from '../../src/kernel/task.ts';
import type { Gen } from '../../src/kernel/step.ts';
import { syscall } from '../../src/kernel/syscall.ts';
import { EPOLLERR, EPOLLIN, EPOLLOUT, SEEK_CUR, SEEK_END } from '../../src/kernel/uapi.ts';
import type { File } from '../../src/kernel/vfs.ts';
import type { Violation } from '../../src/kernel/violation.ts';
import type { Booted } from '../../src/init/boot.ts';
import { runStep, start } from '../../src/sched/runtime.ts';
import { drain } from '../../src/sched/sequential.ts';
import { bootKernel, sys } from '../_helpers/run.ts';
import { fileOf, pollFd, thread, watchFd } from './_helpers.ts';

function exportBuf(b: Booted): { fd: number; file: File; dmabuf: DmaBuf } {
  const fd = sys(b, sys_dmabuf_export());
  assert.ok(fd >= 0);
  const file = sys(b, fileOf(fd));
  assert.ok(file.private_data instanceof DmaBuf);
  return { fd, file, dmabuf: file.private_data };
}

function fence(b: Booted, fd: number, usage: 'read' | 'write'): DmaFence {
  const f = sys(b, dmabuf_attach_fence(fd, usage));
  assert.ok(f instanceof DmaFence);
  return f;
}

/** Signal a fence from a hard-irq thread and let it (and any kworker it queues) run. */
function signal(b: Booted, f: DmaFence): void {
  dma_fence_signal_irq(b.machine, f);
  assert.equal(drain(b.machine), null);
}

test('I9: a dma-buf without fences is IN|OUT ready; each poll takes and gives back a file reference', () => {
  const b = bootKernel();
  const { fd, file, dmabuf } = exportBuf(b);
  const w = watchFd(b, fd);
  assert.deepEqual(w.keys, [EPOLLOUT, EPOLLIN], 'the synchronous callback wakes with key = direction');
  assert.equal(pollFd(b, fd), EPOLLIN | EPOLLOUT);
  assert.equal(file.f_count, 1);
  assert.equal(dmabuf.cb_in.active | dmabuf.cb_out.active, 0);
  assert.equal(file.f_path.mnt.mnt_sb.s_type, 'dmabuf');
});

test('I9: only the requested directions are polled (poll_requested_events)', () => {
  const b = bootKernel();
  const { fd } = exportBuf(b);
  assert.equal(pollFd(b, fd, EPOLLIN), EPOLLIN);
  assert.equal(pollFd(b, fd, EPOLLOUT), EPOLLOUT);
  assert.equal(pollFd(b, fd, EPOLLERR), 0);
});

test('I9: a pending write fence blocks IN and OUT; one callback per direction; the signal makes both ready', () => {
  const b = bootKernel();
  const { fd, file, dmabuf } = exportBuf(b);
  const f = fence(b, fd, 'write');
  assert.equal(pollFd(b, fd), 0);
  assert.equal(dmabuf.cb_out.active, EPOLLOUT);
  assert.equal(dmabuf.cb_in.active, EPOLLIN);
  assert.equal(file.f_count, 3, 'each pending callback pins the file');
  assert.equal(pollFd(b, fd), 0, 'busy directions are not ready and take no further reference');
  assert.equal(file.f_count, 3);
  assert.equal(f.cb_list.length, 2);
  const w = watchFd(b, fd, 0);
  signal(b, f);
  assert.deepEqual(w.keys, [EPOLLOUT, EPOLLIN]);
  assert.equal(file.f_count, 1);
  assert.equal(pollFd(b, fd), EPOLLIN | EPOLLOUT);
});

test('I9: a pending read fence blocks only OUT', () => {
  const b = bootKernel();
  const { fd, dmabuf } = exportBuf(b);
  const f = fence(b, fd, 'read');
  assert.equal(pollFd(b, fd), EPOLLIN);
  assert.equal(dmabuf.cb_in.active, 0);
  signal(b, f);
  assert.equal(pollFd(b, fd), EPOLLIN | EPOLLOUT);
});

test('C13: dma-buf poll pins its file until the fence callback; the final put then runs in the delayed-fput kworker', () => {
  const b = bootKernel();
  const { fd, file, dmabuf } = exportBuf(b);
  const f = fence(b, fd, 'write');
  pollFd(b, fd);
  assert.equal(sys(b, sys_close(fd)), 0);
  assert.equal(file.fputs, 0, 'close was not the last put');
  assert.equal(dmabuf.freed, false);
  signal(b, f);
  assert.equal(file.fputs, 1);
  assert.equal(file.freed, true);
  assert.equal(dmabuf.freed, true);
  assert.ok(b.machine.tasks.some((t) => t.comm.startsWith('kworker/') && t.comm.endsWith('+delayed_fput')));
  assert.deepEqual(b.machine.violations, []);
});

test('dma-buf fd: read is EINVAL (no ->read), lseek only finds the size; attach_fence checks its fd', () => {
  const b = bootKernel();
  const { fd } = exportBuf(b);
  assert.equal(sys(b, sys_read(fd, 1)), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_lseek(fd, 0, SEEK_END)), 4096);
  assert.equal(sys(b, sys_lseek(fd, 0, SEEK_CUR)), -ERRNO.EINVAL);
  assert.equal(sys(b, dmabuf_attach_fence(99, 'read')), -ERRNO.EBADF);
  const p = sys(b, sys_pipe2(0));
  assert.ok(typeof p !== 'number');
  assert.equal(sys(b, dmabuf_attach_fence(p[0], 'read')), -ERRNO.EINVAL);
});

/** Run `t` step by step until `until()` holds or it finishes; the fatal violation if one halted it. */
function stepUntil(b: Booted, t: Task, until: () => boolean = () => false): Violation | null {
  while (!t.done && !until()) {
    const v = runStep(b.machine, t);
    if (v !== null) return v;
  }
  return null;
}

/**
 * The I1/I2 race of lifetime-races.md, with epoll's unpinned ->poll (policy P0) played by a bare vfs_poll: the
 * closer's last put has happened and its __fput is under way when the poller runs dma_buf_poll on the file.
 */
function race(spec: string, withFence: boolean, inNorefWindow = false) {
  const b = bootKernel(spec);
  const { fd, file, dmabuf } = exportBuf(b);
  const f = withFence ? fence(b, fd, 'write') : null;
  const closer = thread(b, 'closer');
  const poller = thread(b, 'poller');
  start(closer, syscall(sys_close(fd)));
  assert.equal(
    // file_ref's put is two steps: stop after the cmpxchg to DEAD, or (inNorefWindow) between the two.
    stepUntil(b, closer, () =>
      inNorefWindow || b.machine.variant.counter === 'atomic_long' ? file.f_count === 0 || file.dead : file.dead,
    ),
    null,
  );
  start(poller, vfs_poll(file, null) as Gen<unknown>);
  const pollViolation = stepUntil(b, poller);
  return { b, file, dmabuf, f, closer, poller, pollViolation, mask: poller.result };
}

test('I1 under P0 (v6.8): polling a file whose count hit 0 resurrects it and schedules a second __fput -> UAF', () => {
  const r = race('v6.8', false);
  assert.equal(r.pollViolation, null);
  assert.equal(r.mask, EPOLLIN | EPOLLOUT, 'events are reported for the closing file');
  const kinds = r.b.machine.violations.map((v) => v.kind);
  assert.ok(kinds.includes('refcount-addition-on-0'));
  assert.ok(kinds.includes('double-fput'));
  assert.equal(stepUntil(r.b, r.closer), null, 'the closer finishes its __fput');
  assert.equal(r.dmabuf.freed, true);
  start(r.poller, task_work_run());
  const v = stepUntil(r.b, r.poller);
  assert.equal(v?.kind, 'use-after-free', 'the poller returns to user and runs __fput on the freed file');
});

test('I1 with the sticky-dead counter (v6.13 counters, no pin): get_file and fput only warn, no second __fput', () => {
  const r = race('v6.8,counter=file_ref', false);
  assert.equal(r.pollViolation, null);
  const kinds = r.b.machine.violations.map((v) => v.kind);
  assert.ok(kinds.includes('refcount-addition-on-0'));
  assert.ok(kinds.includes('refcount-underflow'));
  assert.ok(!kinds.includes('double-fput'));
  assert.equal(stepUntil(r.b, r.closer), null);
  assert.equal(r.file.fputs, 1);
});

test("I1 in file_ref's NOREF window (6.13 counters, no pin): get_file revives the file with a WARN, close's cmpxchg fails, the poller's put is the only __fput", () => {
  const r = race('v6.8,counter=file_ref', false, true);
  assert.equal(r.pollViolation, null);
  // The first get_file (EPOLLIN's callback) revives the NOREF count; its put is then the final one and kills the
  // file, so the second (EPOLLOUT's) only WARNs on a dead count and its put is an imbalanced one.
  const kinds = r.b.machine.violations.map((v) => v.kind);
  assert.deepEqual(kinds, ['refcount-addition-on-0', 'refcount-addition-on-0', 'refcount-underflow']);
  assert.equal(stepUntil(r.b, r.closer), null);
  assert.equal(r.file.fputs, 0, "the closer's cmpxchg fails: it does not run __fput");
  start(r.poller, task_work_run());
  assert.equal(stepUntil(r.b, r.poller), null);
  assert.equal(r.file.fputs, 1);
  assert.equal(r.dmabuf.freed, true);
});

test('I1 under P3 (dmabuf-active): get_file_active fails, EPOLLERR is reported and no reference is touched', () => {
  const r = race('dmabuf-active', false);
  assert.equal(r.pollViolation, null);
  assert.equal(r.mask, EPOLLERR);
  assert.equal(stepUntil(r.b, r.closer), null);
  assert.equal(r.dmabuf.freed, true);
  assert.deepEqual(r.b.machine.violations, []);
});

test('I2 under P0 (v6.8): with a pending fence the resurrected file leaves a callback active -> BUG_ON in dma_buf_release', () => {
  const r = race('v6.8', true);
  assert.equal(r.pollViolation, null);
  assert.equal(r.mask, 0);
  assert.equal(r.dmabuf.cb_in.active, EPOLLIN);
  const v = stepUntil(r.b, r.closer);
  assert.equal(v?.kind, 'bug-on');
  assert.equal(v?.title, 'kernel BUG at drivers/dma-buf/dma-buf.c: dma_buf_release');
});

test('I2 under P3: EPOLLERR, no callback queued, clean teardown; the fence signals later without effect', () => {
  const r = race('dmabuf-active', true);
  assert.equal(r.mask, EPOLLERR);
  assert.equal(r.f?.cb_list.length, 0);
  assert.equal(stepUntil(r.b, r.closer), null);
  assert.equal(r.dmabuf.freed, true);
  if (r.f !== null) signal(r.b, r.f);
  assert.deepEqual(r.b.machine.violations, []);
});
