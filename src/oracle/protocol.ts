// The line protocol between the oracle and native/epoll_helper.c: requests as text, replies parsed into values.
import type { EventResult } from '../script/result.ts';
import type { EpmCode } from '../script/errors.ts';
import type { WireArg } from '../script/calls/oracle.ts';

export type { WireArg };

/** What the helper answered to one request. */
export type Reply =
  | { readonly kind: 'ready'; readonly pid: number }
  | {
      readonly kind: 'ret';
      readonly ret: number;
      /** The errno when `ret` is -1 (0 otherwise). */
      readonly errno: number;
      readonly fds: readonly [number, number] | null;
      /** The bytes `read` returned. */
      readonly data: Uint8Array | null;
      /** The value `eventfd_read` returned (a full 8-byte read). */
      readonly u64: bigint | null;
      /** The events of epoll_wait / epoll_pwait2 / poll (present for those calls, maybe empty). */
      readonly events: readonly EventResult[] | null;
      readonly pid: number | null;
    }
  | { readonly kind: 'blocks' }
  | { readonly kind: 'bye' }
  | { readonly kind: 'fatal'; readonly code: EpmCode; readonly message: string };

const HEX = '0123456789abcdef';

export function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += HEX[b >> 4] + (HEX[b & 15] as string);
  return s;
}

export function unhex(s: string): Uint8Array | null {
  if (s.length % 2 !== 0 || !/^[0-9a-f]*$/.test(s)) return null;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function wireArg(a: WireArg): string {
  return 'int' in a ? String(a.int) : `x${hex(a.bytes)}`;
}

/** `CALL <slot> <budget_ms> <call> <arg>...`. */
export function callRequest(slot: number, budgetMs: number, call: string, args: readonly WireArg[]): string {
  return ['CALL', String(slot), String(Math.ceil(budgetMs)), call, ...args.map(wireArg)].join(' ');
}

const FATAL_CODES: ReadonlySet<string> = new Set(['EPM301', 'EPM302', 'EPM303', 'EPM304']);

function bad(line: string): Reply {
  return { kind: 'fatal', code: 'EPM302', message: `unexpected answer from the helper: ${JSON.stringify(line)}` };
}

function parseEvents(s: string): EventResult[] | null {
  if (s === '') return [];
  const out: EventResult[] = [];
  for (const part of s.split(',')) {
    const m = /^(\d+):(\d+)$/.exec(part);
    if (m === null) return null;
    out.push({ events: Number(m[1]), data: BigInt(m[2] as string) });
  }
  return out;
}

/** Parses one reply line; anything malformed becomes an EPM302 `fatal` value. */
export function parseReply(line: string): Reply {
  if (line === 'BLOCKS') return { kind: 'blocks' };
  if (line === 'BYE') return { kind: 'bye' };
  const ready = /^READY (\d+)$/.exec(line);
  if (ready !== null) return { kind: 'ready', pid: Number(ready[1]) };
  const fatal = /^FATAL (EPM\d{3}) (.*)$/.exec(line);
  if (fatal !== null) {
    const code = fatal[1] as string;
    return { kind: 'fatal', code: (FATAL_CODES.has(code) ? code : 'EPM302') as EpmCode, message: fatal[2] as string };
  }
  const words = line.split(' ');
  if (words[0] !== 'RET' || words.length < 3) return bad(line);
  const ret = Number(words[1]);
  const errno = Number(words[2]);
  if (!Number.isSafeInteger(ret) || !Number.isSafeInteger(errno)) return bad(line);
  let fds: [number, number] | null = null;
  let data: Uint8Array | null = null;
  let u64: bigint | null = null;
  let events: EventResult[] | null = null;
  let pid: number | null = null;
  for (const w of words.slice(3)) {
    const eq = w.indexOf('=');
    const key = w.slice(0, eq);
    const v = w.slice(eq + 1);
    if (key === 'fds' && /^\d+,\d+$/.test(v)) {
      const [a, b] = v.split(',').map(Number) as [number, number];
      fds = [a, b];
    } else if (key === 'data' && (data = unhex(v)) !== null) {
      // decoded above
    } else if (key === 'u64' && /^\d+$/.test(v)) {
      u64 = BigInt(v);
    } else if (key === 'ev' && (events = parseEvents(v)) !== null) {
      // parsed above
    } else if (key === 'pid' && /^\d+$/.test(v)) {
      pid = Number(v);
    } else {
      return bad(line);
    }
  }
  return { kind: 'ret', ret, errno, fds, data, u64, events, pid };
}
