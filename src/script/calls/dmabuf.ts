// Model-only script calls on dma-bufs and fences: dmabuf_export, dmabuf_fence (binds a fence), fence_signal, sync_file.
import { dma_fence_signal, DmaFence } from '../../fs/dma_fence.ts';
import { dmabuf_attach_fence, sys_dmabuf_export } from '../../fs/dmabuf.ts';
import { sys_sync_file_create } from '../../fs/sync_file.ts';
import { ERRNO } from '../../kernel/errno.ts';
import { choiceArg, fdArg, fenceArg } from '../args.ts';
import { sysResult } from '../result.ts';
import { defineCall, fdDone, finish, retDone, type CallDef, type CallPlan } from './types.ts';
import { fdOf } from './random.ts';

/** Why the oracle skips scripts using these calls. */
export const DMABUF_MODEL_ONLY = 'dma-buf and fences need /dev/udmabuf and sw_sync, absent on the oracle host';

/** A fence argument: the fence, or null when the dmabuf_fence that bound the name failed. */
function fenceOf(v: object | null): DmaFence | null {
  return v instanceof DmaFence ? v : null;
}

/** A call on a fence whose dmabuf_fence failed: EINVAL, and -1 for an fd name it binds. */
function noFence(bindsFd: boolean): CallPlan {
  return { kind: 'done', result: sysResult(-ERRNO.EINVAL), binds: bindsFd ? [{ kind: 'fd', fd: -1 }] : [] };
}

/** dmabuf_export(): an exporter creates a dma-buf and installs an fd for it. */
export const dmabufExportCall = defineCall({
  name: 'dmabuf_export',
  paramNames: [],
  params: [],
  binds: ['fd'],
  modelOnly: DMABUF_MODEL_ONLY,
  random: [{ w: 2, only: 'modelOnly', creates: true, r: () => 'b = dmabuf_export()' }],
  run: (ctx) => finish(ctx.syscall(sys_dmabuf_export()), fdDone),
});

/** dmabuf_fence(fd, "read"|"write"): a driver attaches a new unsignaled fence; ret 0 and the fence bound to the name. */
export const dmabufFenceCall = defineCall({
  name: 'dmabuf_fence',
  paramNames: ['fd', 'usage'],
  params: [fdArg, choiceArg(['read', 'write'])],
  binds: ['fence'],
  modelOnly: DMABUF_MODEL_ONLY,
  random: [
    {
      w: 2,
      only: 'modelOnly',
      r: (o, st) => {
        st.fence = true;
        return `fz = dmabuf_fence(${fdOf(o.a, st)}, ${o.b % 2 === 0 ? '"read"' : '"write"'})`;
      },
    },
  ],
  run: (ctx, fd, usage) =>
    finish(ctx.syscall(dmabuf_attach_fence(fd, usage)), (r) =>
      typeof r === 'number'
        ? { result: sysResult(r), binds: [{ kind: 'fence', fence: null }] }
        : { result: sysResult(0), binds: [{ kind: 'fence', fence: r }] },
    ),
});

/** fence_signal(fence): dma_fence_signal in a fresh hard-irq thread (the GPU's completion interrupt). */
export const fenceSignalCall = defineCall({
  name: 'fence_signal',
  paramNames: ['fence'],
  params: [fenceArg],
  binds: [],
  modelOnly: DMABUF_MODEL_ONLY,
  context: 'irq',
  random: [{ w: 2, only: 'modelOnly', r: (_o, st) => (st.fence ? 'fence_signal(fz)' : null) }],
  run: (ctx, fence) => {
    const f = fenceOf(fence);
    return f === null ? noFence(false) : finish(ctx.irq('irq/fence', dma_fence_signal(f)), retDone);
  },
});

/** sync_file(fence): a sync_file fd for the fence (as sw_sync's CREATE_FENCE ioctl makes one). */
export const syncFileCall = defineCall({
  name: 'sync_file',
  paramNames: ['fence'],
  params: [fenceArg],
  binds: ['fd'],
  modelOnly: DMABUF_MODEL_ONLY,
  random: [{ w: 1, only: 'modelOnly', r: (_o, st) => (st.fence ? 'sy = sync_file(fz)' : null) }],
  run: (ctx, fence) => {
    const f = fenceOf(fence);
    return f === null ? noFence(true) : finish(ctx.syscall(sys_sync_file_create(f)), fdDone);
  },
});

export const DMABUF_CALLS: readonly CallDef[] = [dmabufExportCall, dmabufFenceCall, fenceSignalCall, syncFileCall];
