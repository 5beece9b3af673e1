// Script calls on processes: fork (binds a process name usable as a line prefix) and exit.
import { do_exit } from '../../kernel/exit.ts';
import { sys_fork } from '../../kernel/fork.ts';
import { sysResult } from '../result.ts';
import { defineCall, finish, retDone, type CallDef } from './types.ts';
import { exitsProcess, forksProcess } from './checklist.ts';
import { none } from './oracle.ts';

/**
 * fork(): returns the child's pid in the parent's line (pids as in a fresh pid namespace whose init is `main`: 2,
 * 3, ...); the line's name binds the child process, a copy of the parent with a copy of its fd table.
 */
export const forkCall = defineCall({
  name: 'fork',
  paramNames: [],
  params: [],
  binds: ['process'],
  // The helper's argument is the child's process slot: the runner adds it (src/oracle/runner.ts).
  oracle: { args: 'i', wire: none },
  random: [
    {
      w: 2,
      r: (_o, st) => {
        st.forks++;
        return `c${st.forks} = fork()`;
      },
    },
  ],
  groups: forksProcess,
  run: (ctx) => {
    const name = ctx.newProcessName();
    return finish(ctx.syscall(sys_fork(name)), (task) => ({
      result: sysResult(task.pid),
      binds: [{ kind: 'process', proc: ctx.adopt(task, name) }],
    }));
  },
});

/** exit(): do_exit in the prefixed process; its fds are closed and their __fputs run before it is gone. */
export const exitCall = defineCall({
  name: 'exit',
  paramNames: [],
  params: [],
  binds: [],
  exits: true,
  oracle: { args: '', wire: none },
  random: [{ w: 1, r: () => 'exit()' }],
  groups: exitsProcess,
  run: (ctx) =>
    finish(ctx.syscall(do_exit()), () => {
      ctx.proc.exited = true;
      return retDone(0);
    }),
});

export const PROCESS_CALLS: readonly CallDef[] = [forkCall, exitCall];
