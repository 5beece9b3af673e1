// How a call runs on the real-kernel oracle (native/epoll_helper.c): part of its CallDef, read by src/oracle/ and
// src/stress/. Plain data and functions only: the browser bundle carries the registry.
import { epollData } from '../args.ts';

/** A helper argument: a C integer (decimal), a u64 (decimal), or bytes / a path (`x` and hex). */
export type WireArg = { readonly int: number | bigint } | { readonly bytes: Uint8Array };

/** Which field of the helper's `RET` line holds the call's result besides the return value. */
export type OracleReply = 'data' | 'u64' | 'fds' | 'events';

/** One call as the helper runs it. `v` are the line's argument values, as the model's call receives them. */
export interface OracleWiring {
  /**
   * The helper's argument kinds, one letter each: `i` a C integer, `u` a u64, `b` bytes, `p` a path. Must equal the
   * call's row of native/epoll_helper.c's CALLS table (test/oracle/calls.test.ts compares them).
   */
  readonly args: string;
  /** The helper's arguments from the script's argument values (fork: none, the runner adds the child's slot). */
  readonly wire: (v: readonly unknown[]) => readonly WireArg[];
  /**
   * The call can sleep (a blocking read, a wait): its budget is short and a call still asleep after it is BLOCKS,
   * as the model reports a call that nothing can wake. Other calls get a long budget (they never sleep for good).
   */
  readonly mayBlock?: boolean;
  /** Milliseconds the call itself asks to wait for (a positive timeout), added to its budget. */
  readonly waitMs?: (v: readonly unknown[]) => number;
  /** Milliseconds until the one-shot timer the call arms expires (0 when it disarms): later sleepers may wait so long. */
  readonly armsMs?: (v: readonly unknown[]) => number;
  /** The reply field that carries the result's data, fds or events (none: the return value alone). */
  readonly reply?: OracleReply;
  /** Whether the returned value is the fd the line's name binds (default: every fd-binding call's return value). */
  readonly bindsFd?: (v: readonly unknown[]) => boolean;
  /** The call can reach an fd the script never named (dup2's newfd, close_range): the stress harness's fds 0-2. */
  readonly anyFd?: boolean;
}

export const int = (x: unknown): WireArg => ({ int: x as number | bigint });
export const bytes = (x: unknown): WireArg => ({ bytes: x as Uint8Array });
export const path = (x: unknown): WireArg => ({ bytes: new TextEncoder().encode(x as string) });
/** Every argument as a C integer. */
export const ints = (v: readonly unknown[]): WireArg[] => v.map(int);
/** No arguments. */
export const none = (): WireArg[] => [];

/** epoll_ctl's wire form: the event pointer's presence, then the events and the u64 data. */
export function epollCtlWire(v: readonly unknown[]): WireArg[] {
  const ev = v[3] as number | null;
  return [int(v[0]), int(v[1]), int(v[2]), int(ev === null ? 0 : 1), int(ev ?? 0), int(epollData(v[4] as bigint))];
}
