// Models include/linux/eventpoll.h: eventpoll_release, the lockless f_ep fast path at the top of __fput.
import { rd, type Gen } from './step.ts';
import type { File } from './vfs.ts';

/**
 * eventpoll_release_file (fs/eventpoll.c), the slow path: epoll registers it at boot. Linux links __fput to it
 * directly (an empty inline without CONFIG_EPOLL); the model makes it the kernel's one hook into src/epoll/ so that
 * the kernel layer imports nothing above it. Unset, no file can have an f_ep (nothing else sets it).
 */
let eventpoll_release_file: ((f: File) => Gen) | null = null;

/** Registers epoll's eventpoll_release_file (src/init/ does it at every boot; idempotent). */
export function register_eventpoll_release_file(fn: (f: File) => Gen): void {
  eventpoll_release_file = fn;
}

export function* eventpoll_release(f: File): Gen {
  yield rd(f, 'f_ep');
  if (f.f_ep === null) return;
  if (eventpoll_release_file === null) throw new Error('epoll-lab bug: a watched file but no epoll registered');
  yield* eventpoll_release_file(f);
}
