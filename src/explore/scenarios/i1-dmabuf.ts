// Explorer scenario I1 (lifetime-races.md §7): epoll_wait polls a dma-buf while another thread closes its only fd.
import { sys_epoll_create1 } from '../../epoll/syscalls.ts';
import { sys_dmabuf_export } from '../../fs/dmabuf.ts';
import { boot } from '../../init/boot.ts';
import { EPOLLIN, EPOLLOUT } from '../../kernel/uapi.ts';
import { scenarioHash, type Scenario } from '../scenario.ts';
import {
  setupOk,
  setupWatch,
  sysClose,
  sysEpollWait,
  threads,
  threadsOutcome,
  variantOf,
  type VariantArg,
} from './common.ts';

const DESCRIPTION = 'I1: dma-buf D (no fences) in epoll E with IN|OUT, one fd; T1 epoll_wait(E, 8, 0) | T2 close(D)';

/**
 * I1, the syzbot dma-buf bug (CVE-2024-38580). D's only reference is its fd. Under v6.8 (P0) T1's unpinned
 * dma_buf_poll can `get_file` D after T2's close dropped f_count to 0: the count is resurrected 0 -> 1, the
 * synchronous fence callback's fput schedules a second __fput on T1, and T1's task_work runs it on the freed file
 * (refcount-addition-on-0, double-fput, use-after-free). v6.9+ (P1) pins with inc-not-zero and dmabuf-active (P3)
 * answers EPOLLERR for a dying file: no violation. `dma_buf` objects must all be freed.
 */
export function i1Dmabuf(v?: VariantArg): Scenario {
  const vr = variantOf(v, 'v6.8');
  return {
    name: 'I1 dma-buf: epoll_wait vs close',
    variant: vr,
    hash: scenarioHash(DESCRIPTION),
    mustFree: ['dma_buf'],
    outcome: threadsOutcome,
    setup() {
      const { machine: m, init } = boot(vr);
      const d = setupOk(m, init, sys_dmabuf_export(), 'dmabuf export');
      const e = setupOk(m, init, sys_epoll_create1(0), 'epoll_create1');
      setupWatch(m, init, e, d, EPOLLIN | EPOLLOUT);
      const ts = threads(m, init, [
        ['T1', sysEpollWait(e, 0)],
        ['T2', sysClose(d)],
      ]);
      return { machine: m, threads: ts };
    },
  };
}
