// Test helper: a real struct file race — one thread drops the last reference while another takes one with get_file.
import { boot } from '../../src/init/boot.ts';
import { fput, get_file } from '../../src/kernel/file.ts';
import type { Gen } from '../../src/kernel/step.ts';
import { syscall } from '../../src/kernel/syscall.ts';
import { variant } from '../../src/kernel/variant.ts';
import type { File } from '../../src/kernel/vfs.ts';
import { start } from '../../src/sched/runtime.ts';
import { scenarioHash, type Scenario } from '../../src/explore/index.ts';
import { stepRefCount } from '../../src/kernel/ref_count.ts';

function* closer(f: File): Gen<number> {
  yield* fput(f);
  return 0;
}

function* getter(f: File): Gen<number> {
  yield* get_file(f);
  yield* fput(f);
  return 0;
}

/**
 * main's fd 0 file (f_count 1, the fd table's reference) is handed to P0, which drops it like close(2) would; P1
 * takes and drops a reference of its own without holding one — the get_file-on-a-dying-file pattern of the
 * dma-buf/epoll bug. Each call returns through syscall exit, where task_work runs the deferred __fput.
 */
export function fileRace(spec = 'v6.8'): Scenario {
  return {
    name: `file race ${spec}`,
    variant: variant(spec),
    hash: scenarioHash('closer: fput | getter: get_file, fput'),
    traceCount: stepRefCount,
    setup() {
      const { machine, init } = boot(this.variant);
      const f = init.files?.fd_array[0] as File;
      const p0 = machine.spawn('P0', 'user', null);
      start(p0, syscall(closer(f)));
      const p1 = machine.spawn('P1', 'user', null);
      start(p1, syscall(getter(f)));
      return { machine, threads: [p0, p1] };
    },
  };
}
