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
import type { GroupRule } from './checklist.ts';
import { epollCtlWire, int, ints } from './oracle.ts';
import { epOf, fdOf, targetOf } from './random.ts';

const EV_BASE = [
  'EPOLLIN',
  'EPOLLOUT',
  'EPOLLIN|EPOLLOUT',
  'EPOLLIN|EPOLLRDHUP',
  '0',
  'EPOLLPRI',
  'EPOLLIN|EPOLLOUT|EPOLLRDHUP',
  'EPOLLIN',
  'EPOLLOUT',
  'EPOLLIN|EPOLLOUT',
  'EPOLLHUP|EPOLLERR',
  'EPOLLRDNORM|EPOLLWRNORM',
  'EPOLLRDBAND|EPOLLWRBAND|EPOLLMSG',
  'EPOLLIN|EPOLLPRI|EPOLLOUT|EPOLLERR|EPOLLHUP|EPOLLRDHUP',
];
const EV_MODE = [
  '',
  '',
  '|EPOLLET',
  '|EPOLLET',
  '|EPOLLONESHOT',
  '|EPOLLET|EPOLLONESHOT',
  '|EPOLLEXCLUSIVE',
  '|EPOLLWAKEUP',
];
const OPS = [
  'EPOLL_CTL_ADD',
  'EPOLL_CTL_ADD',
  'EPOLL_CTL_ADD',
  'EPOLL_CTL_ADD',
  'EPOLL_CTL_ADD',
  'EPOLL_CTL_MOD',
  'EPOLL_CTL_MOD',
  'EPOLL_CTL_DEL',
  '0',
  '4',
];
/** Rarer argument forms: bad flags, limits, odd commands (each rule picks one by a raw number). */
const EPOLL_CREATE1_FLAGS = ['O_NONBLOCK', '-1', '0x80001', 'O_CLOEXEC'];
const MAXEVENTS = ['178956970', '178956971', '-1', '2147483647'];

/** epoll_create and epoll_create1: group A; the names are epolls (a ctl targeting one nests, group H). */
const createsEpoll: GroupRule = (line, st) => {
  line.names.forEach((n) => st.epolls.add(n));
  return ['A'];
};

/**
 * epoll_ctl: B when it fails, F for EPOLLET or EPOLLONESHOT in a successful one, G for EPOLLEXCLUSIVE, H for an epoll
 * target, I for a pipe, socket, eventfd, opened file or timerfd target; a successful ADD opens group C.
 */
const ctlGroups: GroupRule = (line, st) => {
  const [, op, target, events = ''] = line.args;
  const g: string[] = [];
  if (line.failed) g.push('B');
  if (!line.failed && op === 'EPOLL_CTL_ADD') st.added = true;
  if (!line.failed && /EPOLLET|EPOLLONESHOT/.test(events)) g.push('F');
  if (events.includes('EPOLLEXCLUSIVE')) g.push('G');
  if (target !== undefined && st.epolls.has(target)) g.push('H');
  if (target !== undefined && st.files.has(target)) g.push('I');
  return g;
};

/** A wait: D when it fails or passes a NULL buffer (`always`: epoll_pwait2), E when it reports events. */
function waitGroups(always: boolean): GroupRule {
  return (line) => [
    ...(always || line.failed || line.args.at(-1) === 'NULL' ? ['D'] : []),
    ...(line.events > 0 ? ['E'] : []),
  ];
}

/** The budget of a wait with a timeout of `ms` (negative: forever, nothing to add). */
const timeoutMs = (ms: unknown): number => Math.max(0, ms as number);

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
  oracle: { args: 'i', wire: ints },
  random: [{ w: 1, r: (o) => `ep = epoll_create(${(o.a % 3) - 1})` }],
  groups: createsEpoll,
  run: (ctx, size) => finish(ctx.syscall(sys_epoll_create(size)), fdDone),
});

/** epoll_create1(flags): EPOLL_CLOEXEC or 0. */
export const epollCreate1Call = defineCall({
  name: 'epoll_create1',
  paramNames: ['flags'],
  params: [flagsArg],
  binds: ['fd'],
  oracle: { args: 'i', wire: ints },
  random: [
    {
      w: 4,
      creates: true,
      r: (o) => `${o.b % 3 === 0 ? 'ep2' : 'ep'} = epoll_create1(${o.a % 5 === 0 ? 'EPOLL_CLOEXEC' : '0'})`,
    },
    { w: 1, r: (o) => `ep = epoll_create1(${EPOLL_CREATE1_FLAGS[o.a % EPOLL_CREATE1_FLAGS.length]})` },
  ],
  groups: createsEpoll,
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
  oracle: { args: 'iiiiiu', wire: epollCtlWire },
  random: [
    {
      w: 24,
      r: (o, st) => {
        const op = OPS[(o.b >> 4) % OPS.length] as string;
        if (o.c % 11 === 0) return `epoll_ctl(${epOf(o.a, st)}, ${op}, ${targetOf(o.b, st)}, NULL)`;
        const ev = `${EV_BASE[o.c % EV_BASE.length]}${EV_MODE[(o.c >> 3) % EV_MODE.length]}`.replace(/^0\|/, '');
        return `epoll_ctl(${epOf(o.a, st)}, ${op}, ${targetOf(o.b, st)}, ${ev}, ${o.d})`;
      },
    },
    {
      w: 2,
      r: (o, st) =>
        `epoll_ctl(${epOf(o.a, st)}, ${OPS[(o.b >> 4) % OPS.length]}, ${targetOf(o.b, st)}, ${o.d % 2n ** 32n}, ${o.c})`,
    },
  ],
  groups: ctlGroups,
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
  oracle: {
    args: 'iiii',
    wire: (v) => [int(v[0]), int(v[1]), int(v[2]), int(v[3] === true ? 1 : 0)],
    mayBlock: true,
    waitMs: (v) => timeoutMs(v[2]),
    reply: 'events',
  },
  random: [
    {
      w: 16,
      r: (o, st) => {
        const max = o.b % 11 === 0 ? 0 : (o.b % 4) + 1;
        return o.c % 13 === 0
          ? `epoll_wait(${epOf(o.a, st)}, ${max}, 0, NULL)`
          : `epoll_wait(${epOf(o.a, st)}, ${max}, 0)`;
      },
    },
    { w: 1, r: (o, st) => `epoll_wait(${epOf(o.a, st)}, ${MAXEVENTS[o.b % MAXEVENTS.length]}, 0)` },
    { w: 1, r: (o, st) => `epoll_wait(${epOf(o.a, st)}, ${(o.b % 3) + 1}, 1)` },
    { w: 1, only: 'blocking', r: (o, st) => `epoll_wait(${epOf(o.a, st)}, 1, -1)` },
  ],
  groups: waitGroups(false),
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
  oracle: {
    args: 'iiiii',
    wire: (v) => {
      const sec = v[2] as number | null;
      return [int(v[0]), int(v[1]), int(sec === null ? 0 : 1), int(sec ?? 0), int(v[3])];
    },
    mayBlock: true,
    waitMs: (v) => {
      const sec = v[2] as number | null;
      const nsec = v[3] as number;
      return sec === null || sec < 0 || nsec < 0 || nsec >= 1e9 ? 0 : sec * 1000 + Math.ceil(nsec / 1e6);
    },
    reply: 'events',
  },
  random: [
    { w: 2, r: (o, st) => `epoll_pwait2(${epOf(o.a, st)}, ${(o.b % 3) + 1}, 0, ${o.c % 7 === 0 ? -1 : 0})` },
    {
      w: 1,
      r: (o, st) =>
        `epoll_pwait2(${epOf(o.a, st)}, ${(o.b % 3) + 1}, ${['0, 1', '-1, 0', '0, 1000000000', '0, 999999'][o.c % 4]})`,
    },
    { w: 1, only: 'blocking', r: (o, st) => `epoll_pwait2(${epOf(o.a, st)}, 1, NULL)` },
  ],
  groups: waitGroups(true),
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
  oracle: { args: 'iii', wire: ints, mayBlock: true, waitMs: (v) => timeoutMs(v[2]), reply: 'events' },
  random: [
    { w: 3, r: (o, st) => `poll(${fdOf(o.a, st)}, ${['POLLIN', 'POLLOUT', 'POLLIN|POLLOUT', 'POLLPRI'][o.b % 4]})` },
    {
      w: 1,
      r: (o, st) => `poll(${fdOf(o.a, st)}, ${['POLLRDHUP', 'POLLIN|POLLRDNORM|POLLOUT|POLLWRNORM', '0'][o.b % 3]})`,
    },
  ],
  groups: () => ['I'],
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
