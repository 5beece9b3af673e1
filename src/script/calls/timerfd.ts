// Script calls on timerfds, with Linux's signatures: timerfd_create(clockid, flags) and timerfd_settime(fd, flags,
// value_sec, value_nsec, interval_sec, interval_nsec) (the itimerspec fields as arguments; one-shot timers only).
import { sys_timerfd_create, sys_timerfd_settime } from '../../fs/timerfd.ts';
import { TFD_TIMER_ABSTIME } from '../../kernel/uapi.ts';
import { fdArg, flagsArg, intArg, isIssue, type ArgType } from '../args.ts';
import { issue } from '../errors.ts';
import { defineCall, fdDone, finish, retDone, type CallDef } from './types.ts';
import { createsFiles } from './checklist.ts';
import { ints } from './oracle.ts';
import { fdOf } from './random.ts';

/** timerfd_create's clocks (2: CLOCK_PROCESS_CPUTIME_ID, EINVAL) and flags (0x40: EINVAL). */
const TIMERFD_CREATE_ARGS = [
  'CLOCK_MONOTONIC, TFD_NONBLOCK',
  'CLOCK_REALTIME, TFD_NONBLOCK|TFD_CLOEXEC',
  'CLOCK_BOOTTIME, TFD_NONBLOCK',
  'CLOCK_MONOTONIC, 0x40',
  '2, TFD_NONBLOCK',
];
/** timerfd_settime's flags and itimerspec: a disarm, or EINVAL (negative time, tv_nsec >= 1e9, unknown flag). */
const TIMERFD_SETTIME_ARGS = ['0, 0, 0, 0, 0', '0, -1, 0, 0, 0', '0, 0, 1000000000, 0, 0', '4, 0, 1, 0, 0'];

/** The one-shot expiry of `timerfd_settime(fd, flags, sec, nsec, ...)` arguments, in ms (0 when not armed). */
export function settimeMs(v: readonly unknown[]): number {
  const ms = (v[2] as number) * 1000 + (v[3] as number) / 1e6;
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

export const timerfdCreateCall = defineCall({
  name: 'timerfd_create',
  paramNames: ['clockid', 'flags'],
  params: [flagsArg, flagsArg],
  binds: ['fd'],
  oracle: { args: 'ii', wire: ints },
  random: [
    { w: 1, creates: true, r: (o) => `t = timerfd_create(${TIMERFD_CREATE_ARGS[o.a % TIMERFD_CREATE_ARGS.length]})` },
  ],
  groups: createsFiles,
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
  oracle: { args: 'iiiiii', wire: ints, armsMs: settimeMs },
  // Timers stay disarmed (or get EINVAL): an expiry would race the script against the host's clock.
  random: [
    {
      w: 1,
      r: (o, st) => `timerfd_settime(${fdOf(o.a, st)}, ${TIMERFD_SETTIME_ARGS[o.b % TIMERFD_SETTIME_ARGS.length]})`,
    },
  ],
  run: (ctx, fd, flags, vs, vns, is, ins) =>
    finish(ctx.syscall(sys_timerfd_settime(fd, flags, { sec: vs, nsec: vns }, { sec: is, nsec: ins })), retDone),
});

export const TIMERFD_CALLS: readonly CallDef[] = [timerfdCreateCall, timerfdSettimeCall];
