// Script calls on the fd table: close, dup, dup2, dup3, fcntl and close_range.
import { sys_fcntl } from '../../kernel/fcntl.ts';
import { sys_close, sys_close_range, sys_dup, sys_dup2, sys_dup3 } from '../../kernel/fdtable.ts';
import { F_DUPFD, F_DUPFD_CLOEXEC } from '../../kernel/uapi.ts';
import { fdArg, flagsArg, uintArg } from '../args.ts';
import { sysResult } from '../result.ts';
import { defineCall, fdDone, finish, retDone, type CallDef } from './types.ts';
import { closesFiles } from './checklist.ts';
import { ints } from './oracle.ts';
import { fdOf } from './random.ts';

const FCNTL_ARGS = [
  'F_GETFL',
  'F_SETFL, O_APPEND',
  'F_SETFL, 0',
  'F_DUPFD_CLOEXEC, 0',
  'F_SETFD, 0',
  'F_DUPFD, 1023',
  'F_DUPFD, -1',
  '999',
];
const CLOSE_RANGE_FLAGS = [
  'CLOSE_RANGE_CLOEXEC',
  'CLOSE_RANGE_UNSHARE',
  '1',
  'CLOSE_RANGE_CLOEXEC|CLOSE_RANGE_UNSHARE',
];

function isDupfd(cmd: unknown): boolean {
  return cmd === F_DUPFD || cmd === F_DUPFD_CLOEXEC;
}

export const closeCall = defineCall({
  name: 'close',
  paramNames: ['fd'],
  params: [fdArg],
  binds: [],
  oracle: { args: 'i', wire: ints },
  random: [{ w: 6, r: (o, st) => `close(${fdOf(o.a, st)})` }],
  groups: closesFiles,
  run: (ctx, fd) => finish(ctx.syscall(sys_close(fd)), retDone),
});

export const dupCall = defineCall({
  name: 'dup',
  paramNames: ['fd'],
  params: [fdArg],
  binds: ['fd'],
  oracle: { args: 'i', wire: ints },
  random: [{ w: 3, r: (o, st) => `x = dup(${fdOf(o.a, st)})` }],
  run: (ctx, fd) => finish(ctx.syscall(sys_dup(fd)), fdDone),
});

export const dup2Call = defineCall({
  name: 'dup2',
  paramNames: ['oldfd', 'newfd'],
  params: [fdArg, fdArg],
  binds: ['fd'],
  oracle: { args: 'ii', wire: ints, anyFd: true },
  random: [{ w: 2, r: (o, st) => `dup2(${fdOf(o.a, st)}, ${fdOf(o.b, st)})` }],
  groups: closesFiles,
  run: (ctx, oldfd, newfd) => finish(ctx.syscall(sys_dup2(oldfd, newfd)), fdDone),
});

export const dup3Call = defineCall({
  name: 'dup3',
  paramNames: ['oldfd', 'newfd', 'flags'],
  params: [fdArg, fdArg, flagsArg],
  binds: ['fd'],
  oracle: { args: 'iii', wire: ints, anyFd: true },
  random: [
    { w: 1, r: (o, st) => `dup3(${fdOf(o.a, st)}, ${fdOf(o.b, st)}, ${o.c % 2 === 0 ? 'O_CLOEXEC' : '0'})` },
    { w: 1, r: (o, st) => `x = dup3(${fdOf(o.a, st)}, ${fdOf(o.a, st)}, 0)` },
  ],
  groups: closesFiles,
  run: (ctx, oldfd, newfd, flags) => finish(ctx.syscall(sys_dup3(oldfd, newfd, flags)), fdDone),
});

/** fcntl(fd, cmd, arg). The name it may bind is the new fd of F_DUPFD/F_DUPFD_CLOEXEC (-1 for other commands). */
export const fcntlCall = defineCall({
  name: 'fcntl',
  paramNames: ['fd', 'cmd', 'arg'],
  params: [fdArg, flagsArg, flagsArg],
  defaults: [0],
  binds: ['fd'],
  oracle: { args: 'iii', wire: ints, bindsFd: (v) => isDupfd(v[1]) },
  random: [
    {
      w: 1,
      r: (o, st) =>
        `fcntl(${fdOf(o.a, st)}, ${['F_DUPFD, 5', 'F_GETFD', 'F_SETFD, FD_CLOEXEC', 'F_SETFL, O_NONBLOCK'][o.b % 4]})`,
    },
    { w: 2, r: (o, st) => `fcntl(${fdOf(o.a, st)}, ${FCNTL_ARGS[o.b % FCNTL_ARGS.length]})` },
  ],
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
  oracle: { args: 'iii', wire: ints, anyFd: true },
  random: [
    { w: 1, r: (o) => `close_range(${(o.a % 6) + 6}, ${(o.b % 6) + 9}, 0)` },
    {
      w: 1,
      r: (o) =>
        `close_range(${o.a % 12}, ${o.b % 3 === 0 ? '4294967295' : String(o.b % 12)}, ${CLOSE_RANGE_FLAGS[o.c % 4]})`,
    },
  ],
  groups: closesFiles,
  run: (ctx, first, last, flags) => finish(ctx.syscall(sys_close_range(first, last, flags)), retDone),
});

export const FD_CALLS: readonly CallDef[] = [closeCall, dupCall, dup2Call, dup3Call, fcntlCall, closeRangeCall];
