// The call registry: every call family's calls, by name. Add a family by listing its array in FAMILIES.
import { DMABUF_CALLS } from './dmabuf.ts';
import { EPOLL_CALLS } from './epoll.ts';
import { EVENTFD_CALLS } from './eventfd.ts';
import { FD_CALLS } from './fd.ts';
import { NAMESPACE_CALLS } from './namespace.ts';
import { PIPE_CALLS } from './pipe.ts';
import { PROCESS_CALLS } from './process.ts';
import { RW_CALLS } from './rw.ts';
import { SOCKET_CALLS } from './socket.ts';
import { TIMERFD_CALLS } from './timerfd.ts';
import type { CallDef } from './types.ts';

/** Call families in the order `epoll-lab` documents them. */
export const FAMILIES: readonly (readonly CallDef[])[] = [
  FD_CALLS,
  PROCESS_CALLS,
  NAMESPACE_CALLS,
  RW_CALLS,
  PIPE_CALLS,
  EVENTFD_CALLS,
  SOCKET_CALLS,
  TIMERFD_CALLS,
  EPOLL_CALLS,
  DMABUF_CALLS,
];

/** Builds a registry from families; a name defined twice is a bug. */
export function buildRegistry(families: readonly (readonly CallDef[])[]): ReadonlyMap<string, CallDef> {
  const m = new Map<string, CallDef>();
  for (const fam of families) {
    for (const def of fam) {
      if (m.has(def.name)) throw new Error(`epoll-lab bug: call ${def.name} is defined twice`);
      m.set(def.name, def);
    }
  }
  return m;
}

/** Every call a script may use. */
export const CALLS: ReadonlyMap<string, CallDef> = buildRegistry(FAMILIES);
