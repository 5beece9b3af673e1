// Models drivers/dma-buf/dma-fence.c: struct dma_fence, its callback list, add/remove callback and dma_fence_signal.
import type { Aliases } from '../kernel/access.ts';
import { current } from '../kernel/current.ts';
import { ERRNO } from '../kernel/errno.ts';
import { kfn } from '../kernel/kfn.ts';
import { kthread_run } from '../kernel/kthread.ts';
import { spin_lock, spin_unlock, spinlock, type Lock } from '../kernel/lock.ts';
import type { Machine } from '../kernel/machine.ts';
import { KObject } from '../kernel/object.ts';
import { kfree } from '../kernel/slab.ts';
import { rd, rmw, wr, type Gen } from '../kernel/step.ts';
import type { Task } from '../kernel/task.ts';

/** dma_fence_func_t: run with the fence's lock held, possibly in irq context. */
export type DmaFenceFunc = (fence: DmaFence, cb: DmaFenceCb) => Gen;

/** struct dma_fence_cb: embedded in its user (sync_file, dma-buf poll state); `fence` is set while queued. */
export class DmaFenceCb {
  func: DmaFenceFunc | null = null;
  /** The fence whose cb_list holds this callback (list_empty(&cb->node) is `fence === null`). */
  fence: DmaFence | null = null;
}

/**
 * struct dma_fence: a one-shot completion with a refcount (kref) and callbacks run once, when it signals. The creator
 * (the driver that will signal it) holds the first reference.
 */
export class DmaFence extends KObject {
  /** `flags`: DMA_FENCE_FLAG_SIGNALED_BIT (`signaled`). */
  declare readonly $locations?: 'flags';
  static readonly $aliases: Aliases<DmaFence> = { signaled: 'flags' };
  readonly lock: Lock = spinlock(this, 'lock');
  refcount = 1;
  signaled = false;
  readonly cb_list: DmaFenceCb[] = [];
  override get label(): string {
    return `fence#${this.id}`;
  }
}

/** dma_fence_init: a new unsignaled fence, owned by the caller. */
export function dma_fence_create(): DmaFence {
  return current().machine.alloc('dma_fence', new DmaFence());
}

export function* dma_fence_get(fence: DmaFence): Gen<DmaFence> {
  yield rmw(fence, 'refcount');
  fence.refcount++;
  return fence;
}

/** dma_fence_put: the last reference frees the fence. */
export function* dma_fence_put(fence: DmaFence | null): Gen {
  if (fence === null) return;
  yield rmw(fence, 'refcount');
  if (--fence.refcount === 0) yield* kfree(fence);
}

export function* dma_fence_is_signaled(fence: DmaFence): Gen<boolean> {
  yield rd(fence, 'flags');
  return fence.signaled;
}

/**
 * dma_fence_add_callback: queue `func` to run when the fence signals; -ENOENT (and nothing queued) if it already
 * has. A given callback is queued at most once, so its function runs at most once.
 */
export const dma_fence_add_callback = kfn(
  'dma_fence_add_callback',
  function* (fence: DmaFence, cb: DmaFenceCb, func: DmaFenceFunc): Gen<number> {
    yield* spin_lock(fence.lock);
    yield rd(fence, 'flags');
    let ret = 0;
    if (fence.signaled) {
      cb.fence = null;
      ret = -ERRNO.ENOENT;
    } else {
      cb.func = func;
      cb.fence = fence;
      yield wr(fence, 'cb_list');
      fence.cb_list.push(cb);
    }
    yield* spin_unlock(fence.lock);
    return ret;
  },
);

/** dma_fence_remove_callback: unqueue `cb`; true if it was still queued (so it will never run). */
export const dma_fence_remove_callback = kfn(
  'dma_fence_remove_callback',
  function* (fence: DmaFence, cb: DmaFenceCb): Gen<boolean> {
    yield* spin_lock(fence.lock);
    yield wr(fence, 'cb_list');
    const i = fence.cb_list.indexOf(cb);
    if (i >= 0) fence.cb_list.splice(i, 1);
    cb.fence = null;
    yield* spin_unlock(fence.lock);
    return i >= 0;
  },
);

/**
 * dma_fence_signal: mark the fence signaled and run every queued callback, in queue order, under the fence lock.
 * -EINVAL if it had already signaled. Drivers call it from interrupt context (see dma_fence_signal_irq).
 */
export const dma_fence_signal = kfn('dma_fence_signal', function* (fence: DmaFence): Gen<number> {
  yield* spin_lock(fence.lock);
  yield rmw(fence, 'flags');
  if (fence.signaled) {
    yield* spin_unlock(fence.lock);
    return -ERRNO.EINVAL;
  }
  fence.signaled = true;
  const list = fence.cb_list.splice(0);
  for (const cb of list) {
    cb.fence = null;
    if (cb.func !== null) yield* cb.func(fence, cb);
  }
  yield* spin_unlock(fence.lock);
  return 0;
});

/** Start `dma_fence_signal(fence)` in a new hard-irq thread (a GPU's completion interrupt); drivers run it. */
export function dma_fence_signal_irq(m: Machine, fence: DmaFence): Task {
  return kthread_run(m, 'irq/fence', 'irq', function* (): Gen {
    yield* dma_fence_signal(fence);
  });
}
