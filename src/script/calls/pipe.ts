// Script calls creating pipes: pipe() and pipe2(flags), each binding the read and the write end.
import { sys_pipe2 } from '../../fs/pipe.ts';
import { flagsArg } from '../args.ts';
import { defineCall, fdPairDone, finish, type CallDef } from './types.ts';

export const pipeCall = defineCall({
  name: 'pipe',
  paramNames: [],
  params: [],
  binds: ['fd', 'fd'],
  run: (ctx) => finish(ctx.syscall(sys_pipe2(0)), fdPairDone),
});

export const pipe2Call = defineCall({
  name: 'pipe2',
  paramNames: ['flags'],
  params: [flagsArg],
  binds: ['fd', 'fd'],
  run: (ctx, flags) => finish(ctx.syscall(sys_pipe2(flags)), fdPairDone),
});

export const PIPE_CALLS: readonly CallDef[] = [pipeCall, pipe2Call];
