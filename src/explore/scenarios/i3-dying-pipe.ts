// Explorer scenario I3 (lifetime-races.md §7, Brauner's concern 1): epoll_wait polls a readable pipe being closed.
import { sys_epoll_create1 } from '../../epoll/syscalls.ts';
import { sys_pipe2 } from '../../fs/pipe.ts';
import { boot } from '../../init/boot.ts';
import type { Machine } from '../../kernel/machine.ts';
import { sys_write } from '../../kernel/read_write.ts';
import type { Task } from '../../kernel/task.ts';
import { EPOLLIN } from '../../kernel/uapi.ts';
import type { File } from '../../kernel/vfs.ts';
import { scenarioHash, type Scenario } from '../scenario.ts';
import {
  releasedBy,
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
  'I3: pipe read end R holding 1 byte in epoll E (IN), one fd; T1 epoll_wait(E, 8, 0) | T2 close(R); who runs __fput(R)';

const ONE_BYTE = new Uint8Array([0x61]);

/**
 * I3: a dying pipe read end with data. Under v6.8 (P0) T2's close is always the final put and runs __fput (it may wait
 * on E's mutex while T1 reports IN for the file being closed). Under v6.9 (P1) T1's pin may come first: T2's close
 * returns at once and T1 runs the release from its task_work (`release=T1`), or T2's put comes first and R is
 * skipped silently. The outcome adds which thread ran R's __fput.
 */
export function i3DyingPipe(v?: VariantArg): Scenario {
  const vr = variantOf(v, 'v6.9');
  let watched: File | null = null;
  return {
    name: 'I3 dying pipe: epoll_wait vs close',
    variant: vr,
    hash: scenarioHash(DESCRIPTION),
    // No must-free cache: the write end W stays open in main, so the pipe_inode_info outlives the test.
    outcome(m: Machine, ts: readonly Task[]): string {
      return `${threadsOutcome(m, ts)} release=${releasedBy(watched)}`;
    },
    setup() {
      const { machine: m, init } = boot(vr);
      const fds = setupCall(m, init, sys_pipe2(0), 'pipe2');
      if (typeof fds === 'number') throw new Error('epoll-lab bug: scenario setup: pipe2 failed');
      const [r, w] = fds;
      setupOk(m, init, sys_write(w, ONE_BYTE), 'write');
      const e = setupOk(m, init, sys_epoll_create1(0), 'epoll_create1');
      setupWatch(m, init, e, r, EPOLLIN);
      watched = init.files?.fd_array[r] ?? null;
      const ts = threads(m, init, [
        ['T1', sysEpollWait(e, 0)],
        ['T2', sysClose(r)],
      ]);
      return { machine: m, threads: ts };
    },
  };
}
