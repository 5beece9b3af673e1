// Explorer scenario (epoll-semantics): two epoll_wait threads on two EPOLLEXCLUSIVE watches of one eventfd, a writer.
import { sys_epoll_create1 } from '../../epoll/syscalls.ts';
import { sys_eventfd2, u64le } from '../../fs/eventfd.ts';
import { boot } from '../../init/boot.ts';
import { sys_write } from '../../kernel/read_write.ts';
import type { Gen } from '../../kernel/step.ts';
import { syscall } from '../../kernel/syscall.ts';
import { EFD_NONBLOCK, EPOLLEXCLUSIVE, EPOLLIN } from '../../kernel/uapi.ts';
import { scenarioHash, type Scenario } from '../scenario.ts';
import {
  retText,
  setupOk,
  setupWatch,
  sysEpollWait,
  threads,
  threadsOutcome,
  variantOf,
  type VariantArg,
} from './common.ts';

const DESCRIPTION =
  'EXCL: eventfd X (count 0) watched IN|EXCLUSIVE by epolls E1 and E2; T1 epoll_wait(E1, 8, 5ms) | T2 epoll_wait(E2, 8, 5ms) | T3 write(X, 1)';

const ONE = u64le(1n);

/** write(fd, u64 1) as a whole syscall. */
function* sysWriteOne(fd: number): Gen<string> {
  return retText(yield* syscall(sys_write(fd, ONE)));
}

/**
 * A 3-thread epoll scenario: X is readable once T3's write lands. A waiter that scans after the write reports IN;
 * one that is asleep when the write wakes X's queue is woken only if its EPOLLEXCLUSIVE entry is the one
 * __wake_up_common picks (the first exclusive entry stops the walk), so the other may time out (`0`) although X is
 * readable. Outcomes: each waiter's `1:IN` or `0`.
 */
export function exclusiveWakeup(v?: VariantArg): Scenario {
  const vr = variantOf(v, 'v7.1');
  return {
    name: 'EXCL: two exclusive epoll waiters and a writer',
    variant: vr,
    hash: scenarioHash(DESCRIPTION),
    outcome: threadsOutcome,
    setup() {
      const { machine: m, init } = boot(vr);
      const x = setupOk(m, init, sys_eventfd2(0n, EFD_NONBLOCK), 'eventfd2');
      const e1 = setupOk(m, init, sys_epoll_create1(0), 'epoll_create1 E1');
      const e2 = setupOk(m, init, sys_epoll_create1(0), 'epoll_create1 E2');
      setupWatch(m, init, e1, x, EPOLLIN | EPOLLEXCLUSIVE);
      setupWatch(m, init, e2, x, EPOLLIN | EPOLLEXCLUSIVE);
      const ts = threads(m, init, [
        ['T1', sysEpollWait(e1, 5)],
        ['T2', sysEpollWait(e2, 5)],
        ['T3', sysWriteOne(x)],
      ]);
      return { machine: m, threads: ts };
    },
  };
}
