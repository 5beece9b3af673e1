// Script calls on timerfds, with Linux's signatures: timerfd_create(clockid, flags) and timerfd_settime(fd, flags,
// value_sec, value_nsec, interval_sec, interval_nsec) (the itimerspec fields as arguments; one-shot timers only).
import { sys_timerfd_create, sys_timerfd_settime } from '../../fs/timerfd.ts';
import { TFD_TIMER_ABSTIME } from '../../kernel/uapi.ts';
import { fdArg, flagsArg, intArg, isIssue, type ArgType } from '../args.ts';
import { issue } from '../errors.ts';
import { defineCall, fdDone, finish, retDone, type CallDef } from './types.ts';

export const timerfdCreateCall = defineCall({
  name: 'timerfd_create',
  paramNames: ['clockid', 'flags'],
  params: [flagsArg, flagsArg],
  binds: ['fd'],
  run: (ctx, clockid, flags) => finish(ctx.syscall(sys_timerfd_create(clockid, flags)), fdDone),
});

const NOT_PERIODIC = 'periodic timers are not modelled: it_interval must be 0';
const NOT_ABSTIME = "TFD_TIMER_ABSTIME is not modelled against the host: the model's clock starts at 0";

/** An it_interval field: 0 (or an invalid negative value, EINVAL from the kernel). */
const intervalArg: ArgType<number> = {
  expects: 'an interval of 0',
  compile(node, scope) {
    if (node.kind === 'int' && node.value > 0n) return issue('EPM109', node.pos, `${node.text}: ${NOT_PERIODIC}`);
    return intArg.compile(node, scope);
  },
  check: (v) => intArg.check(v) ?? (v > 0 ? NOT_PERIODIC : null),
};

/** timerfd_settime's flags: TFD_TIMER_CANCEL_ON_SET (and unknown bits, EINVAL), not TFD_TIMER_ABSTIME. */
const settimeFlagsArg: ArgType<number> = {
  expects: 'flags',
  compile(node, scope) {
    const c = flagsArg.compile(node, scope);
    if (isIssue(c)) return c;
    if ((c(new Map()) & TFD_TIMER_ABSTIME) !== 0) return issue('EPM109', node.pos, NOT_ABSTIME);
    return c;
  },
  check: (v) => flagsArg.check(v) ?? ((v & TFD_TIMER_ABSTIME) !== 0 ? NOT_ABSTIME : null),
};

/**
 * timerfd_settime(fd, flags, value_sec, value_nsec, interval_sec, interval_nsec): arms a one-shot expiry `value`
 * from now on the virtual clock (a zero value disarms).
 */
export const timerfdSettimeCall = defineCall({
  name: 'timerfd_settime',
  paramNames: ['fd', 'flags', 'value_sec', 'value_nsec', 'interval_sec', 'interval_nsec'],
  params: [fdArg, settimeFlagsArg, intArg, intArg, intervalArg, intervalArg],
  binds: [],
  run: (ctx, fd, flags, vs, vns, is, ins) =>
    finish(ctx.syscall(sys_timerfd_settime(fd, flags, { sec: vs, nsec: vns }, { sec: is, nsec: ins })), retDone),
});

export const TIMERFD_CALLS: readonly CallDef[] = [timerfdCreateCall, timerfdSettimeCall];
