// Script calls on AF_UNIX stream sockets: socketpair() binding both ends, and shutdown(fd, how).
import { sys_shutdown, sys_socketpair } from '../../fs/unix.ts';
import { fdArg, flagsArg } from '../args.ts';
import { defineCall, fdPairDone, finish, retDone, type CallDef } from './types.ts';

/** socketpair(): socketpair(AF_UNIX, SOCK_STREAM, 0) → two connected fds. */
export const socketpairCall = defineCall({
  name: 'socketpair',
  paramNames: [],
  params: [],
  binds: ['fd', 'fd'],
  run: (ctx) => finish(ctx.syscall(sys_socketpair(0)), fdPairDone),
});

/** shutdown(fd, SHUT_RD|SHUT_WR|SHUT_RDWR). */
export const shutdownCall = defineCall({
  name: 'shutdown',
  paramNames: ['fd', 'how'],
  params: [fdArg, flagsArg],
  binds: [],
  run: (ctx, fd, how) => finish(ctx.syscall(sys_shutdown(fd, how)), retDone),
});

export const SOCKET_CALLS: readonly CallDef[] = [socketpairCall, shutdownCall];
