// Script calls of epoll: epoll_create, epoll_create1, epoll_ctl, epoll_wait, epoll_pwait2, and poll(2) on one fd.
import {
  sys_epoll_create,
  sys_epoll_create1,
  sys_epoll_ctl,
  sys_epoll_pwait2,
  sys_epoll_wait,
} from '../../epoll/syscalls.ts';
import type { EventBuffer } from '../../epoll/wait.ts';
import { sys_poll } from '../../kernel/select.ts';
import { epollData, epollDataArg, fdArg, flagsArg, intArg, nullable, nullPointerArg } from '../args.ts';
import type { ArgNode } from '../ast.ts';
import { issue, type Issue, type Pos } from '../errors.ts';
import { sysResult } from '../result.ts';
import { defineCall, fdDone, finish, type CallDef, type Done } from './types.ts';

function isNull(a: ArgNode | undefined): boolean {
  return a?.kind === 'ident' && a.name === 'NULL';
}

/** A buffer of `maxevents` entries, or the faulting buffer (`NULL`). */
function buffer(isNullBuf: boolean): EventBuffer {
  return isNullBuf ? null : [];
}

/** epoll_wait and epoll_pwait2 results: the count and the events copied out, in delivery order. */
function waitDone(buf: EventBuffer) {
  return (ret: number): Done => ({
    result: sysResult(ret, { events: (buf ?? []).map((e) => ({ events: e.events, data: e.data })) }),
    binds: [],
  });
}

/** epoll_create(size): size must be positive; otherwise ignored. */
export const epollCreateCall = defineCall({
  name: 'epoll_create',
  paramNames: ['size'],
  params: [intArg],
  binds: ['fd'],
  run: (ctx, size) => finish(ctx.syscall(sys_epoll_create(size)), fdDone),
});

/** epoll_create1(flags): EPOLL_CLOEXEC or 0. */
export const epollCreate1Call = defineCall({
  name: 'epoll_create1',
  paramNames: ['flags'],
  params: [flagsArg],
  binds: ['fd'],
  run: (ctx, flags) => finish(ctx.syscall(sys_epoll_create1(flags)), fdDone),
});

/** The two forms of epoll_ctl: `(ep, op, fd, events, data)` and `(ep, op, fd, NULL)` for a NULL event pointer. */
function ctlForms(args: readonly ArgNode[], pos: Pos): Issue | null {
  const nullEvent = isNull(args[3]);
  if (nullEvent && args.length === 5)
    return issue('EPM104', pos, 'epoll_ctl with a NULL event takes 4 arguments (epoll_ctl(epfd, op, fd, NULL)), got 5');
  if (!nullEvent && args.length === 4)
    return issue(
      'EPM104',
      pos,
      'epoll_ctl with an event takes 5 arguments (epoll_ctl(epfd, op, fd, events, data)), got 4; use NULL for no event',
    );
  return null;
}

/** epoll_ctl(epfd, op, fd, events, data), or epoll_ctl(epfd, op, fd, NULL). `data` is the u64 reported back. */
export const epollCtlCall = defineCall({
  name: 'epoll_ctl',
  paramNames: ['epfd', 'op', 'fd', 'events', 'data'],
  params: [fdArg, flagsArg, fdArg, nullable(flagsArg), epollDataArg],
  defaults: [0n],
  binds: [],
  checkArgs: ctlForms,
  run: (ctx, epfd, op, fd, events, data) =>
    finish(
      ctx.syscall(
        sys_epoll_ctl(epfd, op, fd, events === null ? null : { events: events >>> 0, data: epollData(data) }),
      ),
      (ret) => ({ result: sysResult(ret), binds: [] }),
    ),
});

/** epoll_wait(epfd, maxevents, timeout_ms[, NULL]): a negative timeout waits forever; NULL is a faulting buffer. */
export const epollWaitCall = defineCall({
  name: 'epoll_wait',
  paramNames: ['epfd', 'maxevents', 'timeout', 'events'],
  params: [fdArg, intArg, intArg, nullPointerArg],
  defaults: [false],
  binds: [],
  run: (ctx, epfd, maxevents, timeout, nullBuf) => {
    const buf = buffer(nullBuf);
    return finish(ctx.syscall(sys_epoll_wait(epfd, buf, maxevents, timeout)), waitDone(buf));
  },
});

/** The two forms of epoll_pwait2: `(ep, max, sec, nsec)` and `(ep, max, NULL)` for no timeout. */
function pwait2Forms(args: readonly ArgNode[], pos: Pos): Issue | null {
  const nullTs = isNull(args[2]);
  if (nullTs && args.length === 4)
    return issue(
      'EPM104',
      pos,
      'epoll_pwait2 with a NULL timeout takes 3 arguments (epoll_pwait2(epfd, maxevents, NULL)), got 4',
    );
  if (!nullTs && args.length === 3)
    return issue(
      'EPM104',
      pos,
      'epoll_pwait2 with a timeout takes 4 arguments (epoll_pwait2(epfd, maxevents, sec, nsec)), got 3; use NULL for no timeout',
    );
  return null;
}

/** epoll_pwait2(epfd, maxevents, sec, nsec), or epoll_pwait2(epfd, maxevents, NULL) to wait forever. */
export const epollPwait2Call = defineCall({
  name: 'epoll_pwait2',
  paramNames: ['epfd', 'maxevents', 'sec', 'nsec'],
  params: [fdArg, intArg, nullable(intArg), intArg],
  defaults: [0],
  binds: [],
  checkArgs: pwait2Forms,
  run: (ctx, epfd, maxevents, sec, nsec) => {
    const buf = buffer(false);
    const ts = sec === null ? null : { sec, nsec };
    return finish(ctx.syscall(sys_epoll_pwait2(epfd, buf, maxevents, ts)), waitDone(buf));
  },
});

/**
 * poll(fd, events[, timeout_ms]): one pollfd, timeout 0 unless given (-1 waits forever). Reports revents as one event
 * whose data is the fd (none when 0).
 */
export const pollCall = defineCall({
  name: 'poll',
  paramNames: ['fd', 'events', 'timeout'],
  params: [fdArg, flagsArg, intArg],
  defaults: [0],
  binds: [],
  run: (ctx, fd, events, timeout) =>
    finish(ctx.syscall(sys_poll(fd, events, timeout)), (r) => ({
      result: sysResult(r.ret, { events: r.revents === 0 ? [] : [{ events: r.revents, data: BigInt(fd) }] }),
      binds: [],
    })),
});

export const EPOLL_CALLS: readonly CallDef[] = [
  epollCreateCall,
  epollCreate1Call,
  epollCtlCall,
  epollWaitCall,
  epollPwait2Call,
  pollCall,
];
