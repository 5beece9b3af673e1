// Models fs/eventpoll.c's ep_show_fdinfo: the per-registration lines of /proc/PID/fdinfo/EPFD (tfd, events, data, pos).
import { kfn } from '../kernel/kfn.ts';
import { mutex_lock, mutex_unlock } from '../kernel/lock.ts';
import { rd, type Gen } from '../kernel/step.ts';
import type { File } from '../kernel/vfs.ts';
import { Eventpoll, rbItems } from './eventpoll.ts';

/**
 * One line per epitem, in rbtree order, under ep->mtx: the fd number of the key, the stored mask (implicit
 * ERR|HUP and the private ET/ONESHOT/... bits included) and data in hex, and the target's file position.
 * The kernel's line ends with the target's inode number and device (`ino:… sdev:…`); the model has neither, so
 * the lines stop after `pos:`. Not an epoll file: null.
 */
export const ep_show_fdinfo = kfn('ep_show_fdinfo', function* (file: File): Gen<string[] | null> {
  const ep = file.private_data;
  if (!(ep instanceof Eventpoll)) return null;
  const lines: string[] = [];
  yield* mutex_lock(ep.mtx);
  yield rd(ep, 'rbr');
  for (const epi of rbItems(ep)) {
    const fd = String(epi.ffd.fd).padStart(8);
    const events = (epi.events >>> 0).toString(16).padStart(8);
    const data = BigInt.asUintN(64, epi.data).toString(16).padStart(16);
    yield rd(epi.ffd.file, 'f_pos');
    lines.push(`tfd: ${fd} events: ${events} data: ${data}  pos:${epi.ffd.file.f_pos}`);
  }
  yield* mutex_unlock(ep.mtx);
  return lines;
});
