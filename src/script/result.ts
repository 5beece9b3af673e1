// The result of one script call: the shape the oracle compares between the model and the real kernel.
import { errnoName } from '../kernel/errno.ts';

/** One epoll event as reported by epoll_wait: the event bits and the registration's u64 data. */
export interface EventResult {
  events: number;
  data: bigint;
}

/**
 * What one call returned. Every field is always present; fields a call does not use are null.
 * - `ret`: the return value, -1 on failure, null when the call blocks forever.
 * - `errno`: the errno name on failure (`EBADF`), `BLOCKS` when the call blocks forever, else null.
 * - `data`: the bytes a successful read returned as a latin-1 string, or the u64 value of eventfd_read.
 * - `events`: the events epoll_wait returned.
 * - `fds`: the two fds of pipe/pipe2/socketpair (which return 0).
 */
export interface CallResult {
  ret: number | null;
  errno: string | null;
  data: string | bigint | null;
  events: EventResult[] | null;
  fds: [number, number] | null;
}

/** A call line's result together with where it came from. */
export interface CallRecord extends CallResult {
  /** 1-based source line. */
  line: number;
  /** The call's normalised source text. */
  call: string;
}

const EMPTY: CallResult = { ret: null, errno: null, data: null, events: null, fds: null };

/** `ret` for a C-style return value: a negative errno becomes -1 with the errno name. */
export function sysResult(ret: number, extra: Partial<CallResult> = {}): CallResult {
  if (ret < 0) return { ...EMPTY, ret: -1, errno: errnoName(-ret) };
  return { ...EMPTY, ...extra, ret };
}

/** The result of a call that would block forever in a single-threaded script. */
export function blocksResult(): CallResult {
  return { ...EMPTY, errno: 'BLOCKS' };
}

/** Bytes as a latin-1 string (one char per byte), the form `data` carries them in. */
export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/** The inverse of `latin1`. */
export function latin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}
