// How each script call runs on the helper: its wire arguments, whether it may sleep, and how long it may wait.
import type { WireArg } from './protocol.ts';
import { epollData } from '../script/args.ts';

/** One call as the helper runs it. `v` are the line's argument values, as the model's call receives them. */
export interface OracleCall {
  /** The helper's arguments (native/epoll_helper.c, table CALLS), from the script's argument values. */
  readonly wire: (v: readonly unknown[]) => readonly WireArg[];
  /**
   * The call can sleep (a blocking read, a wait): its budget is short and a call still asleep after it is BLOCKS,
   * as the model reports a call that nothing can wake. Other calls get a long budget (they never sleep for good).
   */
  readonly mayBlock?: boolean;
  /** Milliseconds the call itself asks to wait for (a positive timeout), added to its budget. */
  readonly waitMs?: (v: readonly unknown[]) => number;
}

const int = (x: unknown): WireArg => ({ int: x as number | bigint });
const bytes = (x: unknown): WireArg => ({ bytes: x as Uint8Array });
const path = (x: unknown): WireArg => ({ bytes: new TextEncoder().encode(x as string) });
const ints = (v: readonly unknown[]): WireArg[] => v.map(int);

/** The helper's calls by script call name; a call missing here is model-only or not wired to the oracle. */
export const ORACLE_CALLS: ReadonlyMap<string, OracleCall> = new Map<string, OracleCall>([
  ['pipe', { wire: () => [] }],
  ['pipe2', { wire: ints }],
  ['eventfd', { wire: ints }],
  ['socketpair', { wire: () => [] }],
  ['shutdown', { wire: ints }],
  ['read', { wire: ints, mayBlock: true }],
  ['write', { wire: (v) => [int(v[0]), bytes(v[1])], mayBlock: true }],
  ['eventfd_read', { wire: ints, mayBlock: true }],
  ['eventfd_write', { wire: ints, mayBlock: true }],
  ['close', { wire: ints }],
  ['dup', { wire: ints }],
  ['dup2', { wire: ints }],
  ['dup3', { wire: ints }],
  ['fcntl', { wire: ints }],
  ['close_range', { wire: ints }],
  ['mount', { wire: (v) => [path(v[0])] }],
  ['umount', { wire: (v) => [path(v[0])] }],
  ['umount2', { wire: (v) => [path(v[0]), int(v[1])] }],
  // A FIFO opened for reading or writing alone waits for a peer.
  ['open', { wire: (v) => [path(v[0]), int(v[1])], mayBlock: true }],
  ['mkfifo', { wire: (v) => [path(v[0])] }],
  ['exit', { wire: () => [] }],
  ['timerfd_create', { wire: ints }],
  ['timerfd_settime', { wire: ints }],
  ['epoll_create', { wire: ints }],
  ['epoll_create1', { wire: ints }],
  [
    'epoll_ctl',
    {
      wire: (v) => {
        const ev = v[3] as number | null;
        return [
          int(v[0]),
          int(v[1]),
          int(v[2]),
          int(ev === null ? 0 : 1),
          int(ev ?? 0),
          int(epollData(v[4] as bigint)),
        ];
      },
    },
  ],
  [
    'epoll_wait',
    {
      wire: (v) => [int(v[0]), int(v[1]), int(v[2]), int(v[3] === true ? 1 : 0)],
      mayBlock: true,
      waitMs: (v) => Math.max(0, v[2] as number),
    },
  ],
  [
    'epoll_pwait2',
    {
      wire: (v) => {
        const sec = v[2] as number | null;
        return [int(v[0]), int(v[1]), int(sec === null ? 0 : 1), int(sec ?? 0), int(v[3])];
      },
      mayBlock: true,
      waitMs: (v) => {
        const sec = v[2] as number | null;
        const nsec = v[3] as number;
        return sec === null || sec < 0 || nsec < 0 || nsec >= 1e9 ? 0 : sec * 1000 + Math.ceil(nsec / 1e6);
      },
    },
  ],
  ['poll', { wire: ints, mayBlock: true, waitMs: (v) => Math.max(0, v[2] as number) }],
]);
