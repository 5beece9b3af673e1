import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, scenarioHash, type Scenario } from '../../src/explore/index.ts';
import { retText, setupCall } from '../_helpers/scenario.ts';
import { boot } from '../../src/init/boot.ts';
import { do_exit } from '../../src/kernel/exit.ts';
import { CLONE_FILES, kernel_clone } from '../../src/kernel/fork.ts';
import { sys_close_range } from '../../src/kernel/fdtable.ts';
import type { FilesStruct } from '../../src/kernel/fdtable.ts';
import type { Gen } from '../../src/kernel/step.ts';
import { syscall } from '../../src/kernel/syscall.ts';
import { CLOSE_RANGE_UNSHARE } from '../../src/kernel/uapi.ts';
import type { Task } from '../../src/kernel/task.ts';
import { variant } from '../../src/kernel/variant.ts';
import { start } from '../../src/sched/runtime.ts';

function* unshareAndExit(): Gen<string> {
  const r = retText(yield* syscall(sys_close_range(0, ~0 >>> 0, CLOSE_RANGE_UNSHARE)));
  yield* do_exit();
  return r;
}

function* exitOnly(): Gen<string> {
  yield* do_exit();
  return 'exited';
}

/**
 * Two CLONE_FILES threads share the table after init has let go of it: T1 unshares it (close_range UNSHARE, closing
 * its copy's fds) and exits, T2 exits. Whichever drops the shared table's count to 0 must close its files and free
 * it, unshare_files' put included. The outcome names the thread that freed the shared table.
 */
function unshareVsExit(): Scenario {
  const vr = variant('v7.1');
  let shared: FilesStruct | null = null;
  return {
    name: 'unshare_files vs exit of the other sharer',
    variant: vr,
    hash: scenarioHash('test: T1 close_range(UNSHARE)+exit | T2 exit, init gone'),
    mustFree: ['files_struct', 'filp'],
    outcome: (_m, ts) =>
      `T1=${String(ts[0]?.result)} shared freed by ${shared?.freed === true ? shared.freeThread : 'none'}`,
    setup() {
      const { machine: m, init } = boot(vr);
      const ts = [
        setupCall(m, init, kernel_clone('T1', CLONE_FILES), 'clone T1'),
        setupCall(m, init, kernel_clone('T2', CLONE_FILES), 'clone T2'),
      ];
      shared = init.files;
      // init lets go before the threads start (the sequential driver would run started threads to their end).
      setupCall(m, init, do_exit(), 'init exit');
      start(ts[0] as Task, unshareAndExit());
      start(ts[1] as Task, exitOnly());
      return { machine: m, threads: ts };
    },
  };
}

test('unshare_files: when the other sharer exits between its count read and its put, the put is the last and frees the shared table', () => {
  const r = explore(unshareVsExit(), { mode: 'dpor' });
  assert.equal(r.kind, 'exhausted');
  assert.deepEqual(r.violations, []);
  assert.deepEqual([...r.outcomes.keys()].sort(), ['T1=0 shared freed by T1', 'T1=0 shared freed by T2']);
});
