// Test helper: the poll mask of an fd of a Kernel API process (vfs_poll without a table, as poll(2) sees it).
import type { Process } from '../../src/api/Process.ts';
import { fdget, fdput } from '../../src/kernel/fdtable.ts';
import { vfs_poll } from '../../src/kernel/poll.ts';
import type { Gen } from '../../src/kernel/step.ts';
import { EPOLLERR, EPOLLHUP, EPOLLIN, EPOLLOUT, EPOLLPRI, EPOLLRDHUP, formatEvents } from '../../src/kernel/uapi.ts';
import { runCall } from '../../src/sched/sequential.ts';

function* pollBody(fd: number): Gen<number> {
  const f = yield* fdget(fd);
  if (f === null) return -1;
  const mask = yield* vfs_poll(f.file, null);
  yield* fdput(f);
  return mask;
}

/** The IN/PRI/OUT/ERR/HUP/RDHUP bits of the fd's poll mask, formatted (`EPOLLIN|EPOLLHUP`). */
export function pollMask(p: Process, fd: number): string {
  const task = p.state.task;
  const r = runCall(task.machine, task, pollBody(fd));
  if (r.kind !== 'done') throw new Error(`poll did not complete: ${r.kind}`);
  if (r.value < 0) throw new Error(`poll on a closed fd ${fd}`);
  return formatEvents(r.value & (EPOLLIN | EPOLLPRI | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLRDHUP));
}
