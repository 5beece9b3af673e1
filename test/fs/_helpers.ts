// Test helpers for the file-type models: polling an fd, recording wakeup keys, extra threads sharing the fd table.
import { fdget, fdput } from '../../src/kernel/fdtable.ts';
import { vfs_poll } from '../../src/kernel/poll.ts';
import type { Gen } from '../../src/kernel/step.ts';
import type { Task } from '../../src/kernel/task.ts';
import type { File, PollTable } from '../../src/kernel/vfs.ts';
import { add_wait_queue, WaitQueueEntry, type WaitQueueHead } from '../../src/kernel/wait.ts';
import type { Booted } from '../../src/init/boot.ts';
import { sys } from '../_helpers/run.ts';

/** The file behind `fd` (borrowed through fdget, so the test does not change its count). */
export function* fileOf(fd: number): Gen<File> {
  const f = yield* fdget(fd);
  if (f === null) throw new Error(`fd ${fd} is not open`);
  yield* fdput(f);
  return f.file;
}

/** vfs_poll(file, pt) on an fd; `events` is the requested mask (poll_requested_events), all bits by default. */
export function pollFd(b: Booted, fd: number, events?: number): number {
  return sys(
    b,
    (function* () {
      const file = yield* fileOf(fd);
      const pt: PollTable | null = events === undefined ? null : { _qproc: null, _key: events };
      return yield* vfs_poll(file, pt);
    })(),
  );
}

/** A recorder of wakeups: every wait queue the file's ->poll registers gets an entry logging the wakeup key. */
export interface Watch {
  readonly keys: number[];
  readonly heads: WaitQueueHead[];
}

/** Polls `fd` once with a queueing poll table (as epoll_ctl(ADD) does) and records every later wakeup key. */
export function watchFd(b: Booted, fd: number, events = ~0 >>> 0): Watch {
  const w: Watch = { keys: [], heads: [] };
  const pt: PollTable = {
    _key: events,
    _qproc: function* (_file: File, whead: WaitQueueHead): Gen {
      w.heads.push(whead);
      const entry = new WaitQueueEntry(function* (_e, key) {
        w.keys.push(key);
        return 0;
      }, null);
      yield* add_wait_queue(whead, entry);
    },
  };
  sys(
    b,
    (function* () {
      const file = yield* fileOf(fd);
      return yield* vfs_poll(file, pt);
    })(),
  );
  return w;
}

/** A second thread of the booted process (shares its fd table, so fdget takes real references). */
export function thread(b: Booted, comm: string): Task {
  const files = b.init.files;
  if (files === null) throw new Error('no files');
  files.count++;
  return b.machine.spawn(comm, 'user', files);
}

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
export const dec = (r: Uint8Array | number): string =>
  typeof r === 'number' ? `errno ${r}` : new TextDecoder().decode(r);
