// Script calls on AF_UNIX stream sockets: socketpair() binding both ends, and shutdown(fd, how).
import { sys_shutdown, sys_socketpair } from '../../fs/unix.ts';
import { fdArg, flagsArg } from '../args.ts';
import { defineCall, fdPairDone, finish, retDone, type CallDef } from './types.ts';
import { createsFiles } from './checklist.ts';
import { ints, none } from './oracle.ts';
import { fdOf } from './random.ts';

/** A socketpair whose two fds cannot block a script (socketpair takes no flags here). */
const NONBLOCKING_PAIR = 's, t = socketpair()\nfcntl(s, F_SETFL, O_NONBLOCK)\nfcntl(t, F_SETFL, O_NONBLOCK)';

/** socketpair(): socketpair(AF_UNIX, SOCK_STREAM, 0) → two connected fds. */
export const socketpairCall = defineCall({
  name: 'socketpair',
  paramNames: [],
  params: [],
  binds: ['fd', 'fd'],
  oracle: { args: '', wire: none, reply: 'fds' },
  random: [
    { w: 3, creates: true, r: (_o, st) => (st.shape.blocking === true ? 's, t = socketpair()' : NONBLOCKING_PAIR) },
  ],
  groups: createsFiles,
  run: (ctx) => finish(ctx.syscall(sys_socketpair(0)), fdPairDone),
});

/** shutdown(fd, SHUT_RD|SHUT_WR|SHUT_RDWR). */
export const shutdownCall = defineCall({
  name: 'shutdown',
  paramNames: ['fd', 'how'],
  params: [fdArg, flagsArg],
  binds: [],
  oracle: { args: 'ii', wire: ints },
  random: [{ w: 2, r: (o, st) => `shutdown(${fdOf(o.a, st)}, ${['SHUT_RD', 'SHUT_WR', 'SHUT_RDWR'][o.b % 3]})` }],
  run: (ctx, fd, how) => finish(ctx.syscall(sys_shutdown(fd, how)), retDone),
});

export const SOCKET_CALLS: readonly CallDef[] = [socketpairCall, shutdownCall];
