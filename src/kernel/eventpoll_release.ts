// Models include/linux/eventpoll.h: eventpoll_release, the lockless f_ep fast path at the top of __fput.
import { eventpoll_release_file } from '../epoll/remove.ts';
import { rd, type Gen } from './step.ts';
import type { File } from './vfs.ts';

export function* eventpoll_release(f: File): Gen {
  yield rd(f, 'f_ep');
  if (f.f_ep === null) return;
  yield* eventpoll_release_file(f);
}
