// Script calls creating pipes: pipe() and pipe2(flags), each binding the read and the write end.
import { sys_pipe2 } from '../../fs/pipe.ts';
import { flagsArg } from '../args.ts';
import { defineCall, fdPairDone, finish, type CallDef } from './types.ts';
import { createsFiles } from './checklist.ts';
import { ints, none } from './oracle.ts';

const PIPE_FLAGS = ['0', 'O_NONBLOCK', 'O_CLOEXEC', 'O_NONBLOCK|O_CLOEXEC'];

export const pipeCall = defineCall({
  name: 'pipe',
  paramNames: [],
  params: [],
  binds: ['fd', 'fd'],
  oracle: { args: '', wire: none, reply: 'fds' },
  random: [{ w: 3, only: 'blocking', creates: true, r: () => 'p, q = pipe()' }],
  groups: createsFiles,
  run: (ctx) => finish(ctx.syscall(sys_pipe2(0)), fdPairDone),
});

export const pipe2Call = defineCall({
  name: 'pipe2',
  paramNames: ['flags'],
  params: [flagsArg],
  binds: ['fd', 'fd'],
  oracle: { args: 'i', wire: ints, reply: 'fds' },
  random: [
    { w: 3, creates: true, r: (o) => `p, q = pipe2(${PIPE_FLAGS[(o.a % 2) * 2 + 1]})` },
    { w: 1, only: 'blocking', creates: true, r: (o) => `p, q = pipe2(${PIPE_FLAGS[(o.a % 2) * 2]})` },
    { w: 1, creates: true, r: (o) => `p, q = pipe2(${['O_DIRECT|O_NONBLOCK', '1', 'O_NONBLOCK|0x8'][o.a % 3]})` },
  ],
  groups: createsFiles,
  run: (ctx, flags) => finish(ctx.syscall(sys_pipe2(flags)), fdPairDone),
});

export const PIPE_CALLS: readonly CallDef[] = [pipeCall, pipe2Call];
