// Script calls on timerfds: timerfd_create(flags) on CLOCK_MONOTONIC and timerfd_settime(fd, ms), a one-shot timer.
import { sys_timerfd_create, sys_timerfd_settime } from '../../fs/timerfd.ts';
import { fdArg, flagsArg, intArg } from '../args.ts';
import { defineCall, fdDone, finish, retDone, type CallDef } from './types.ts';

export const timerfdCreateCall = defineCall({
  name: 'timerfd_create',
  paramNames: ['flags'],
  params: [flagsArg],
  binds: ['fd'],
  run: (ctx, flags) => finish(ctx.syscall(sys_timerfd_create(flags)), fdDone),
});

/** timerfd_settime(fd, ms): arms a one-shot expiry `ms` milliseconds from now on the virtual clock (0 disarms). */
export const timerfdSettimeCall = defineCall({
  name: 'timerfd_settime',
  paramNames: ['fd', 'ms'],
  params: [fdArg, intArg],
  binds: [],
  run: (ctx, fd, ms) => finish(ctx.syscall(sys_timerfd_settime(fd, ms)), retDone),
});

export const TIMERFD_CALLS: readonly CallDef[] = [timerfdCreateCall, timerfdSettimeCall];
