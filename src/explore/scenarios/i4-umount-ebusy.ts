// Explorer scenario I4 (lifetime-races.md §7, Brauner's concern 2): close then umount while epoll polls the FIFO.
import { sys_epoll_create1 } from '../../epoll/syscalls.ts';
import { boot } from '../../init/boot.ts';
import { sys_mkfifo, sys_mount, sys_open, sys_umount } from '../../kernel/namei.ts';
import { sys_write } from '../../kernel/read_write.ts';
import type { Gen } from '../../kernel/step.ts';
import { syscall } from '../../kernel/syscall.ts';
import { EPOLLIN, O_NONBLOCK, O_RDWR } from '../../kernel/uapi.ts';
import { scenarioHash, type Scenario } from '../scenario.ts';
import {
  retText,
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
  'I4: FIFO mnt/f on a tmpfs mount, opened O_RDWR, 1 byte queued, in epoll E (IN); T1 epoll_wait(E, 8, 0) | T2 close(fd); umount(mnt)';

const ONE_BYTE = new Uint8Array([0x61]);

/** close(fd), then umount2("mnt", 0): `close,umount`. */
function* closeThenUmount(fd: number): Gen<string> {
  const c = yield* sysClose(fd);
  const u = yield* syscall(sys_umount('mnt', 0));
  return `${c},${retText(u)}`;
}

/**
 * I4: spurious EBUSY. T2 closes its only fd on a FIFO of a mountable filesystem, then unmounts it. Under v6.8 (P0)
 * and P2 the close is the final put (it may wait on E's mutex) and the umount always succeeds; under v6.9 (P1) T1's
 * transient pin can make T2's close non-final, so the mount is still pinned and the umount fails with EBUSY
 * (`T2=0,-EBUSY`); T1's task_work then drops the last reference.
 */
export function i4UmountEbusy(v?: VariantArg): Scenario {
  const vr = variantOf(v, 'v6.9');
  return {
    name: 'I4 umount after close: EBUSY from epoll pin',
    variant: vr,
    hash: scenarioHash(DESCRIPTION),
    mustFree: ['pipe_inode_info'],
    outcome: threadsOutcome,
    setup() {
      const { machine: m, init } = boot(vr);
      setupOk(m, init, sys_mount('mnt'), 'mount');
      setupOk(m, init, sys_mkfifo('mnt/f'), 'mkfifo');
      const fd = setupOk(m, init, sys_open('mnt/f', O_RDWR | O_NONBLOCK), 'open');
      setupOk(m, init, sys_write(fd, ONE_BYTE), 'write');
      const e = setupOk(m, init, sys_epoll_create1(0), 'epoll_create1');
      setupWatch(m, init, e, fd, EPOLLIN);
      const ts = threads(m, init, [
        ['T1', sysEpollWait(e, 0)],
        ['T2', closeThenUmount(fd)],
      ]);
      return { machine: m, threads: ts };
    },
  };
}
