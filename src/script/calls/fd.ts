// Script calls on the fd table: close, dup, dup2, dup3, fcntl and close_range.
import { sys_fcntl } from '../../kernel/fcntl.ts';
import { sys_close, sys_close_range, sys_dup, sys_dup2, sys_dup3 } from '../../kernel/fdtable.ts';
import { F_DUPFD, F_DUPFD_CLOEXEC } from '../../kernel/uapi.ts';
import { fdArg, flagsArg, uintArg } from '../args.ts';
import { sysResult } from '../result.ts';
import { defineCall, fdDone, finish, retDone, type CallDef } from './types.ts';

export const closeCall = defineCall({
  name: 'close',
  paramNames: ['fd'],
  params: [fdArg],
  binds: [],
  run: (ctx, fd) => finish(ctx.syscall(sys_close(fd)), retDone),
});

export const dupCall = defineCall({
  name: 'dup',
  paramNames: ['fd'],
  params: [fdArg],
  binds: ['fd'],
  run: (ctx, fd) => finish(ctx.syscall(sys_dup(fd)), fdDone),
});

export const dup2Call = defineCall({
  name: 'dup2',
  paramNames: ['oldfd', 'newfd'],
  params: [fdArg, fdArg],
  binds: ['fd'],
  run: (ctx, oldfd, newfd) => finish(ctx.syscall(sys_dup2(oldfd, newfd)), fdDone),
});

export const dup3Call = defineCall({
  name: 'dup3',
  paramNames: ['oldfd', 'newfd', 'flags'],
  params: [fdArg, fdArg, flagsArg],
  binds: ['fd'],
  run: (ctx, oldfd, newfd, flags) => finish(ctx.syscall(sys_dup3(oldfd, newfd, flags)), fdDone),
});

/** fcntl(fd, cmd, arg). The name it may bind is the new fd of F_DUPFD/F_DUPFD_CLOEXEC (-1 for other commands). */
export const fcntlCall = defineCall({
  name: 'fcntl',
  paramNames: ['fd', 'cmd', 'arg'],
  params: [fdArg, flagsArg, flagsArg],
  defaults: [0],
  binds: ['fd'],
  run: (ctx, fd, cmd, arg) =>
    finish(ctx.syscall(sys_fcntl(fd, cmd, arg)), (ret) => ({
      result: sysResult(ret),
      binds: [{ kind: 'fd', fd: ret >= 0 && (cmd === F_DUPFD || cmd === F_DUPFD_CLOEXEC) ? ret : -1 }],
    })),
});

export const closeRangeCall = defineCall({
  name: 'close_range',
  paramNames: ['first', 'last', 'flags'],
  params: [uintArg, uintArg, flagsArg],
  binds: [],
  run: (ctx, first, last, flags) => finish(ctx.syscall(sys_close_range(first, last, flags)), retDone),
});

export const FD_CALLS: readonly CallDef[] = [closeCall, dupCall, dup2Call, dup3Call, fcntlCall, closeRangeCall];
