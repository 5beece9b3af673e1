// Explorer scenario I2 (lifetime-races.md §7): as I1, but D has an unsignaled fence that an irq signals concurrently.
import { sys_epoll_create1 } from '../../epoll/syscalls.ts';
import { dma_fence_signal_irq, type DmaFence } from '../../fs/dma_fence.ts';
import { dmabuf_attach_fence, sys_dmabuf_export } from '../../fs/dmabuf.ts';
import { boot } from '../../init/boot.ts';
import { EPOLLIN, EPOLLOUT } from '../../kernel/uapi.ts';
import { scenarioHash, type Scenario } from '../scenario.ts';
import {
  setupCall,
  setupOk,
  setupWatch,
  sysClose,
  sysEpollWait,
  threads,
  threadsOutcome,
  variantOf,
  type VariantArg,
} from './common.ts';

const DESCRIPTION =
  'I2: dma-buf D with one unsignaled write fence F in epoll E (IN|OUT), one fd; T1 epoll_wait(E, 8, 0) | T2 close(D) | irq dma_fence_signal(F)';

/**
 * I2: the asynchronous-callback form of I1. D's resv holds an unsignaled write fence, so dma_buf_poll queues its
 * callback (holding a file reference taken with get_file) instead of running it. Under v6.8 (P0) the reference can
 * resurrect a dying D: T2's teardown then reaches dma_buf_release with the callback still active (bug-on), or the
 * fence signals first and the callback's fput, from irq context via the delayed-fput kworker, runs a second __fput
 * (use-after-free). v6.9+ (P1) and dmabuf-active (P3) are clean.
 */
export function i2DmabufFence(v?: VariantArg): Scenario {
  const vr = variantOf(v, 'v6.8');
  return {
    name: 'I2 dma-buf with a fence: epoll_wait vs close vs signal',
    variant: vr,
    hash: scenarioHash(DESCRIPTION),
    mustFree: ['dma_buf'],
    outcome: threadsOutcome,
    setup() {
      const { machine: m, init } = boot(vr);
      const d = setupOk(m, init, sys_dmabuf_export(), 'dmabuf export');
      const fence = setupCall(m, init, dmabuf_attach_fence(d, 'write'), 'attach fence');
      if (typeof fence === 'number') throw new Error('epoll-lab bug: scenario setup: attach fence failed');
      const e = setupOk(m, init, sys_epoll_create1(0), 'epoll_create1');
      setupWatch(m, init, e, d, EPOLLIN | EPOLLOUT);
      const ts = threads(m, init, [
        ['T1', sysEpollWait(e, 0)],
        ['T2', sysClose(d)],
      ]);
      dma_fence_signal_irq(m, fence as DmaFence); // an irq thread: in machine.tasks, not in the outcome
      return { machine: m, threads: ts };
    },
  };
}
