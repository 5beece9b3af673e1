// Explorer scenario I9 (lifetime-races.md §7, "Bad Epoll", CVE-2026-46242): close an epoll watching a closing epoll.
import { sys_epoll_create1 } from '../../epoll/syscalls.ts';
import { boot } from '../../init/boot.ts';
import { EPOLLIN } from '../../kernel/uapi.ts';
import { scenarioHash, type Scenario } from '../scenario.ts';
import { setupOk, setupWatch, sysClose, threads, threadsOutcome, variantOf, type VariantArg } from './common.ts';

const DESCRIPTION = 'I9: epoll E1 watches epoll E2 (file F), one fd each; TA close(E1) | TB close(E2)';

/**
 * I9: TA's close of E1 removes F's item by path A (ep_remove) while TB's close of F is the final put. 6.4-7.0
 * (`ep_remove_pin` off: every preset before v7.1): TA stores f_ep = NULL, TB's __fput takes the lockless fast path,
 * skips eventpoll_release_file and frees E2, and TA's hlist unlink writes into the freed E2 (use-after-free). v7.1
 * (a6dc643c6931) pins F first: clean.
 */
export function i9BadEpoll(v?: VariantArg): Scenario {
  const vr = variantOf(v, 'v6.13');
  return {
    name: 'I9 Bad Epoll: close(E1) vs close(E2)',
    variant: vr,
    hash: scenarioHash(DESCRIPTION),
    mustFree: ['eventpoll', 'epitem'],
    outcome: threadsOutcome,
    setup() {
      const { machine: m, init } = boot(vr);
      const e1 = setupOk(m, init, sys_epoll_create1(0), 'epoll_create1 E1');
      const e2 = setupOk(m, init, sys_epoll_create1(0), 'epoll_create1 E2');
      setupWatch(m, init, e1, e2, EPOLLIN);
      const ts = threads(m, init, [
        ['TA', sysClose(e1)],
        ['TB', sysClose(e2)],
      ]);
      return { machine: m, threads: ts };
    },
  };
}
