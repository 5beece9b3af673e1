// Models fs/eventpoll.c: eventpoll_release_file (removal path C). Placeholder until the epoll model lands.
import type { Gen } from '../kernel/step.ts';
import type { File } from '../kernel/vfs.ts';

export function* eventpoll_release_file(f: File): Gen {
  throw new Error(`epoll-lab bug: ${f.label} has f_ep set but epoll is not modelled yet`);
}
