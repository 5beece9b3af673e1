// Models drivers/dma-buf/sync_file.c: a fence fd (sync_file_create, sync_file_poll, sync_file_release).
import type { Aliases } from '../kernel/access.ts';
import { current } from '../kernel/current.ts';
import { fd_install, get_unused_fd_flags } from '../kernel/fdtable.ts';
import { kfn } from '../kernel/kfn.ts';
import { KObject } from '../kernel/object.ts';
import { poll_wait } from '../kernel/poll.ts';
import { kfree } from '../kernel/slab.ts';
import { rmw, type Gen } from '../kernel/step.ts';
import { EPOLLIN, O_CLOEXEC } from '../kernel/uapi.ts';
import type { File, FileOperations, Inode, PollTable } from '../kernel/vfs.ts';
import { wake_up_all, WaitQueueHead } from '../kernel/wait.ts';
import {
  dma_fence_add_callback,
  dma_fence_get,
  dma_fence_is_signaled,
  dma_fence_put,
  dma_fence_remove_callback,
  DmaFenceCb,
  type DmaFence,
} from './dma_fence.ts';
import { anon_inode_getfile } from './pseudo.ts';

/** struct sync_file: one fence reference, a wait queue, and the callback armed by the first poll (POLL_ENABLED). */
export class SyncFile extends KObject {
  /** `flags`: POLL_ENABLED (`poll_enabled`). */
  declare readonly $locations?: 'flags';
  static readonly $aliases: Aliases<SyncFile> = { poll_enabled: 'flags' };
  readonly wq = new WaitQueueHead(this, 'wq');
  readonly cb = new DmaFenceCb();
  poll_enabled = false;
  file: File | null = null;
  constructor(readonly fence: DmaFence) {
    super();
  }
  override get label(): string {
    return `sync_file#${this.id}`;
  }
}

function sync_file_of(file: File): SyncFile {
  if (!(file.private_data instanceof SyncFile)) throw new Error('epoll-lab bug: not a sync_file');
  return file.private_data;
}

/** fence_check_cb_func: the fence signaled; wake every poller keylessly. */
function* fence_check_cb_func(sf: SyncFile): Gen {
  yield* wake_up_all(sf.wq);
}

/**
 * sync_file_poll: poll_wait on the sync_file's own queue; the first poll arms one fence callback (if the fence has
 * signaled already, it wakes the queue at once instead). IN iff the fence has signaled; never OUT or HUP. No file
 * reference is taken.
 */
export const sync_file_poll = kfn('sync_file_poll', function* (file: File, pt: PollTable | null): Gen<number> {
  const sf = sync_file_of(file);
  yield* poll_wait(file, sf.wq, pt);
  yield rmw(sf, 'flags');
  if (sf.cb.fence === null && !sf.poll_enabled) {
    sf.poll_enabled = true;
    if ((yield* dma_fence_add_callback(sf.fence, sf.cb, () => fence_check_cb_func(sf))) < 0) yield* wake_up_all(sf.wq);
  }
  return (yield* dma_fence_is_signaled(sf.fence)) ? EPOLLIN : 0;
});

/** sync_file_release: remove the armed callback (so a later signal cannot touch freed memory), drop the fence. */
export const sync_file_release = kfn('sync_file_release', function* (_inode: Inode, file: File): Gen {
  const sf = sync_file_of(file);
  yield rmw(sf, 'flags');
  if (sf.poll_enabled) yield* dma_fence_remove_callback(sf.fence, sf.cb);
  yield* dma_fence_put(sf.fence);
  yield* kfree(sf);
});

export const sync_file_fops: FileOperations = {
  name: 'sync_file',
  poll: sync_file_poll,
  release: sync_file_release,
};

/**
 * sync_file_create + fd install, as sw_sync's SW_SYNC_IOC_CREATE_FENCE does: an O_CLOEXEC fd for a "sync_file"
 * anon_inodefs file holding its own reference to `fence`.
 */
export const sys_sync_file_create = kfn('sync_file_create', function* (fence: DmaFence): Gen<number> {
  const fd = yield* get_unused_fd_flags(O_CLOEXEC);
  if (fd < 0) return fd;
  const sf = current().machine.alloc('sync_file', new SyncFile(fence));
  yield* dma_fence_get(fence);
  const file = yield* anon_inode_getfile('sync_file', sync_file_fops, sf, 0);
  sf.file = file;
  yield* fd_install(fd, file);
  return fd;
});
