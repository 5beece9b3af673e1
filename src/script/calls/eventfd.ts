// Script calls creating eventfds: eventfd(initval, flags). Reads and writes use eventfd_read/eventfd_write (rw.ts).
import { sys_eventfd2 } from '../../fs/eventfd.ts';
import { flagsArg, u32BigArg } from '../args.ts';
import { defineCall, fdDone, finish, type CallDef } from './types.ts';
import { createsFiles } from './checklist.ts';
import { ints } from './oracle.ts';

/** eventfd(initval, flags): initval is a C unsigned int (0..4294967295), passed to the model as a bigint. */
export const eventfdCall = defineCall({
  name: 'eventfd',
  paramNames: ['initval', 'flags'],
  params: [u32BigArg, flagsArg],
  binds: ['fd'],
  oracle: { args: 'ii', wire: ints },
  random: [
    {
      w: 3,
      creates: true,
      r: (o) => `e = eventfd(${o.a % 3}, ${['EFD_NONBLOCK', 'EFD_NONBLOCK|EFD_SEMAPHORE'][o.b % 2]})`,
    },
    { w: 1, only: 'blocking', creates: true, r: (o) => `e = eventfd(${o.a % 3}, 0)` },
    { w: 1, r: (o) => `e = eventfd(${o.a % 2}, ${['1', 'EFD_NONBLOCK|EFD_CLOEXEC', '-1'][o.b % 3]})` },
  ],
  groups: createsFiles,
  run: (ctx, initval, flags) => finish(ctx.syscall(sys_eventfd2(initval, flags)), fdDone),
});

export const EVENTFD_CALLS: readonly CallDef[] = [eventfdCall];
