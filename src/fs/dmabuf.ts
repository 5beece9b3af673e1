// Models drivers/dma-buf/dma-buf.c: struct dma_buf and its resv, dma_buf_poll / dma_buf_poll_cb, and teardown.
//
// Model-only (no exporter driver): sys_dmabuf_export stands for an exporter's ioctl (udmabuf's UDMABUF_CREATE) and
// dmabuf_attach_fence for a driver adding an unsignaled fence to the buffer's reservation object.
import type { Aliases } from '../kernel/access.ts';
import { current } from '../kernel/current.ts';
import { ERRNO } from '../kernel/errno.ts';
import { fd_install, fdget, fdput, get_unused_fd_flags } from '../kernel/fdtable.ts';
import { fput, get_file, get_file_active } from '../kernel/file.ts';
import { kfn } from '../kernel/kfn.ts';
import {
  type Lock,
  lockdep_assert_held,
  mutex,
  mutex_lock,
  mutex_unlock,
  spin_lock,
  spin_unlock,
} from '../kernel/lock.ts';
import { KObject } from '../kernel/object.ts';
import { poll_requested_events, poll_wait } from '../kernel/poll.ts';
import { kfree } from '../kernel/slab.ts';
import { rd, rmw, wr, type Gen } from '../kernel/step.ts';
import { EPOLLERR, EPOLLIN, EPOLLOUT, O_RDWR, SEEK_END, SEEK_SET } from '../kernel/uapi.ts';
import type { Dentry, File, FileOperations, Inode, PollTable } from '../kernel/vfs.ts';
import { __wake_up_common, WaitQueueHead } from '../kernel/wait.ts';
import {
  dma_fence_add_callback,
  dma_fence_create,
  dma_fence_get,
  dma_fence_put,
  DmaFenceCb,
  type DmaFence,
} from './dma_fence.ts';
import { alloc_file_pseudo } from './pseudo.ts';

/** struct dma_buf_poll_cb_t: the fence callback of one direction and the event it will report (0 = idle). */
export class DmaBufPollCb {
  readonly cb = new DmaFenceCb();
  active = 0;
  /** The step field of `active` (`cb_in.active`), built once rather than at every step. */
  readonly activeField: 'cb_in.active' | 'cb_out.active';
  constructor(readonly dir: 'in' | 'out') {
    this.activeField = `cb_${dir}.active`;
  }
}

/** A fence in the buffer's dma_resv with its usage: write fences gate readers (IN), all fences gate writers (OUT). */
export interface ResvFence {
  readonly fence: DmaFence;
  readonly usage: 'write' | 'read';
}

/** struct dma_buf with its embedded dma_resv. `file` is a non-counted back pointer to the buffer's file. */
export class DmaBuf extends KObject {
  /** The embedded poll callbacks' `active`, and the dma_resv's fence list (`resv`). */
  declare readonly $locations?: 'cb_in.active' | 'cb_out.active' | 'resv.fences';
  static readonly $aliases: Aliases<DmaBuf> = { resv: 'resv.fences' };
  file: File | null = null;
  readonly poll = new WaitQueueHead(this, 'poll');
  readonly cb_in = new DmaBufPollCb('in');
  readonly cb_out = new DmaBufPollCb('out');
  /** dma_resv.lock (a ww_mutex). */
  readonly resv_lock: Lock = mutex(this, 'resv.lock');
  readonly resv: ResvFence[] = [];
  readonly size = 4096;
  override get label(): string {
    return `dmabuf#${this.id}`;
  }
}

function dmabuf_of(file: File): DmaBuf | null {
  return file.private_data instanceof DmaBuf ? file.private_data : null;
}

/**
 * dma_buf_poll_cb: wake dmabuf->poll with the direction's event as key, mark the direction idle, drop the fence and
 * the file reference dma_buf_poll took. Run synchronously by dma_buf_poll (the put lands in the polling task's
 * task_work) or from dma_fence_signal in irq context (the put goes to the delayed-fput kworker).
 */
export const dma_buf_poll_cb = kfn(
  'dma_buf_poll_cb',
  function* (dmabuf: DmaBuf, dcb: DmaBufPollCb, fence: DmaFence | null): Gen {
    yield* spin_lock(dmabuf.poll.lock);
    yield rd(dmabuf, dcb.activeField);
    yield* __wake_up_common(dmabuf.poll, 1, dcb.active);
    // The wake-up made steps of its own: clearing `active` is a store of its own.
    yield wr(dmabuf, dcb.activeField);
    dcb.active = 0;
    yield* spin_unlock(dmabuf.poll.lock);
    yield* dma_fence_put(fence);
    yield rd(dmabuf, 'file');
    yield* fput(dmabuf.file as File);
  },
);

/**
 * dma_buf_poll_add_cb: queue the direction's callback on the first fence that has not signaled yet (`write`: every
 * fence; else only write fences). False if every relevant fence has signaled (or there is none).
 */
function* dma_buf_poll_add_cb(dmabuf: DmaBuf, write: boolean, dcb: DmaBufPollCb): Gen<boolean> {
  // dma_resv_for_each_fence: dma_resv_assert_held(obj).
  lockdep_assert_held(dmabuf.resv_lock);
  yield rd(dmabuf, 'resv.fences');
  for (const { fence, usage } of [...dmabuf.resv]) {
    if (!write && usage !== 'write') continue;
    yield* dma_fence_get(fence);
    const r = yield* dma_fence_add_callback(fence, dcb.cb, (f) => dma_buf_poll_cb(dmabuf, dcb, f));
    if (r === 0) return true;
    yield* dma_fence_put(fence);
  }
  return false;
}

/**
 * dma_buf_poll (epoll-semantics §6.5): poll_wait on dmabuf->poll; of the requested IN|OUT, for OUT then IN: a busy
 * direction (callback pending) is not ready; otherwise mark it busy, take a file reference (paired with the put in
 * dma_buf_poll_cb) and queue a fence callback; if none could be queued the callback runs now and the direction is
 * ready. Variant `dmabuf_poll_ref = get_file_active` (P3) first pins the file with get_file_active, answering EPOLLERR
 * for a dying file, and drops that pin on return.
 */
export const dma_buf_poll = kfn('dma_buf_poll', function* (file: File, pt: PollTable | null): Gen<number> {
  const dmabuf = dmabuf_of(file);
  if (dmabuf === null) return EPOLLERR;
  let pinned: File | null = null;
  if (current().machine.variant.dmabuf_poll_ref === 'get_file_active') {
    yield rd(dmabuf, 'file');
    pinned = yield* get_file_active(dmabuf.file as File);
    if (pinned === null) return EPOLLERR;
  }
  yield* poll_wait(file, dmabuf.poll, pt);
  let events = poll_requested_events(pt) & (EPOLLIN | EPOLLOUT);
  if (events !== 0) {
    yield* mutex_lock(dmabuf.resv_lock);
    for (const [bit, dcb] of [
      [EPOLLOUT, dmabuf.cb_out],
      [EPOLLIN, dmabuf.cb_in],
    ] as const) {
      if ((events & bit) === 0) continue;
      yield* spin_lock(dmabuf.poll.lock);
      yield rmw(dmabuf, dcb.activeField);
      if (dcb.active !== 0) events &= ~bit;
      else dcb.active = bit;
      yield* spin_unlock(dmabuf.poll.lock);
      if ((events & bit) === 0) continue;
      yield rd(dmabuf, 'file');
      yield* get_file(dmabuf.file as File);
      if (!(yield* dma_buf_poll_add_cb(dmabuf, bit === EPOLLOUT, dcb))) yield* dma_buf_poll_cb(dmabuf, dcb, null);
      else events &= ~bit;
    }
    yield* mutex_unlock(dmabuf.resv_lock);
  }
  if (pinned !== null) yield* fput(pinned);
  return events;
});

/**
 * dma_buf_release (the private dentry's d_release, from dput in __fput): BUG_ON if a poll callback is still pending,
 * then drop the resv's fences and free the buffer.
 */
export const dma_buf_release = kfn('dma_buf_release', function* (dentry: Dentry): Gen {
  const dmabuf = dentry.d_fsdata;
  if (!(dmabuf instanceof DmaBuf)) return;
  // BUG_ON(dmabuf->cb_in.active || dmabuf->cb_out.active): two loads.
  yield rd(dmabuf, 'cb_in.active');
  let active = dmabuf.cb_in.active !== 0;
  if (!active) {
    yield rd(dmabuf, 'cb_out.active');
    active = dmabuf.cb_out.active !== 0;
  }
  if (active)
    current().machine.report('bug-on', 'kernel BUG at drivers/dma-buf/dma-buf.c: dma_buf_release', dmabuf, true);
  // dma_resv_fini drops the fences.
  yield wr(dmabuf, 'resv.fences');
  for (const { fence } of dmabuf.resv.splice(0)) yield* dma_fence_put(fence);
  yield* kfree(dmabuf);
});

/** dma_buf_file_release (f_op->release): take the buffer off the global db_list; the buffer dies in dput. */
const dma_buf_file_release = kfn('dma_buf_file_release', function* (_inode: Inode, _file: File): Gen {
  yield wr(current().machine.globals, 'db_list');
});

/** dma_buf_llseek: only SEEK_SET/SEEK_END with offset 0 (discovering the size). */
function* dma_buf_llseek(file: File, offset: number, whence: number): Gen<number> {
  const dmabuf = dmabuf_of(file);
  if (dmabuf === null) return -ERRNO.EBADF;
  if (whence !== SEEK_END && whence !== SEEK_SET) return -ERRNO.EINVAL;
  if (offset !== 0) return -ERRNO.EINVAL;
  return whence === SEEK_END ? dmabuf.size : 0;
}

export const dma_buf_fops: FileOperations = {
  name: 'dmabuf',
  poll: dma_buf_poll,
  release: dma_buf_file_release,
  llseek: dma_buf_llseek,
};

/**
 * An exporter creating a dma-buf and handing userspace an fd: the file lives on the internal SB_NOUSER 'dmabuf'
 * mount, its private dentry's d_release is dma_buf_release, and dmabuf->file points back at it without a reference.
 */
export const sys_dmabuf_export = kfn('dmabuf_export', function* (): Gen<number> {
  const m = current().machine;
  const dmabuf = m.alloc('dma_buf', new DmaBuf());
  const file = yield* alloc_file_pseudo(
    'dmabuf',
    'anon',
    dma_buf_fops,
    O_RDWR,
    { d_release: dma_buf_release },
    'dmabuf',
  );
  file.private_data = dmabuf;
  file.f_path.dentry.d_fsdata = dmabuf;
  dmabuf.file = file;
  const fd = yield* get_unused_fd_flags(0);
  if (fd < 0) {
    yield* fput(file);
    return fd;
  }
  yield* fd_install(fd, file);
  return fd;
});

/**
 * A driver adding a new unsignaled fence to the buffer behind `fd` ('write' = DMA_RESV_USAGE_WRITE, 'read' =
 * DMA_RESV_USAGE_READ). The resv takes its own fence reference; the returned fence carries the caller's (the driver
 * that will signal it). EBADF for a bad fd, EINVAL for a non-dma-buf.
 */
export const dmabuf_attach_fence = kfn('dmabuf_attach_fence', function* (fd: number, usage: 'read' | 'write'): Gen<
  DmaFence | number
> {
  const f = yield* fdget(fd);
  if (f === null) return -ERRNO.EBADF;
  const dmabuf = f.file.f_op === dma_buf_fops ? dmabuf_of(f.file) : null;
  if (dmabuf === null) {
    yield* fdput(f);
    return -ERRNO.EINVAL;
  }
  const fence = dma_fence_create();
  yield* mutex_lock(dmabuf.resv_lock);
  yield* dma_fence_get(fence);
  yield wr(dmabuf, 'resv.fences');
  dmabuf.resv.push({ fence, usage });
  yield* mutex_unlock(dmabuf.resv_lock);
  yield* fdput(f);
  return fence;
});
