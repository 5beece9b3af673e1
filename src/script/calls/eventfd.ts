// Script calls creating eventfds: eventfd(initval, flags). Reads and writes use eventfd_read/eventfd_write (rw.ts).
import { sys_eventfd2 } from '../../fs/eventfd.ts';
import { flagsArg, u32BigArg } from '../args.ts';
import { defineCall, fdDone, finish, type CallDef } from './types.ts';

/** eventfd(initval, flags): initval is a C unsigned int (0..4294967295), passed to the model as a bigint. */
export const eventfdCall = defineCall({
  name: 'eventfd',
  paramNames: ['initval', 'flags'],
  params: [u32BigArg, flagsArg],
  binds: ['fd'],
  run: (ctx, initval, flags) => finish(ctx.syscall(sys_eventfd2(initval, flags)), fdDone),
});

export const EVENTFD_CALLS: readonly CallDef[] = [eventfdCall];
