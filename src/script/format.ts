// Prints call records: the text form `LINE: TEXT = RET [ERRNO] ["data"|value] [events] [fds]` and one JSON
// object per line with every key present.
import { EPOLL_BIT_NAMES, formatEvents } from '../kernel/uapi.ts';
import { parseJson, toJson, type JsonValue } from './json.ts';
import type { CallRecord, CallResult, EventResult } from './result.ts';

const C_ESCAPES: Readonly<Record<number, string>> = {
  7: '\\a',
  8: '\\b',
  9: '\\t',
  10: '\\n',
  11: '\\v',
  12: '\\f',
  13: '\\r',
  34: '\\"',
  92: '\\\\',
};

/** C string-literal body for a latin-1 byte string; other non-printable bytes as `\xNN`, NUL as `\0`. */
export function escapeC(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const b = s.charCodeAt(i);
    const named = C_ESCAPES[b];
    if (named !== undefined) out += named;
    else if (b === 0) out += /[0-7]/.test(s[i + 1] ?? '') ? '\\x00' : '\\0';
    else if (b >= 0x20 && b < 0x7f) out += s[i];
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** `[EPOLLIN|EPOLLHUP:7, EPOLLOUT:0]`. */
export function formatEventList(events: readonly EventResult[]): string {
  return `[${events.map((e) => `${formatEvents(e.events)}:${e.data}`).join(', ')}]`;
}

/** The part after `=`: `-1 EBADF`, `5 "hello"`, `8 12`, `0 [3, 4]`, `BLOCKS`. */
export function formatResult(r: CallResult): string {
  if (r.ret === null) return r.errno ?? '?';
  let s = String(r.ret);
  if (r.errno !== null) s += ` ${r.errno}`;
  if (typeof r.data === 'string') s += ` "${escapeC(r.data)}"`;
  else if (typeof r.data === 'bigint') s += ` ${r.data}`;
  if (r.events !== null) s += ` ${formatEventList(r.events)}`;
  if (r.fds !== null) s += ` [${r.fds[0]}, ${r.fds[1]}]`;
  return s;
}

/** `LINE: TEXT = RESULT`. */
export function formatTextLine(rec: CallRecord): string {
  return `${rec.line}: ${rec.call} = ${formatResult(rec)}`;
}

/** `{"line":..,"call":..,"ret":..,"errno":..,"data":..,"events":..,"fds":..}` with u64 values exact. */
export function formatJsonLine(rec: CallRecord): string {
  const v: JsonValue = {
    line: rec.line,
    call: rec.call,
    ret: rec.ret,
    errno: rec.errno,
    data: rec.data,
    events: rec.events === null ? null : rec.events.map((e) => ({ events: formatEvents(e.events), data: e.data })),
    fds: rec.fds,
  };
  return toJson(v);
}

/** EPOLLIN|EPOLLHUP back to its bits (the inverse of formatEvents). */
function parseEventBits(s: string): number {
  if (s === '0') return 0;
  let mask = 0;
  for (const part of s.split('|')) {
    const bit = part.startsWith('0x') ? Number(part) : EVENT_BITS.get(part);
    if (bit === undefined || Number.isNaN(bit)) throw new SyntaxError(`unknown event bit ${part}`);
    mask = (mask | bit) >>> 0;
  }
  return mask;
}

const EVENT_BITS = new Map<string, number>(EPOLL_BIT_NAMES.map(([v, n]) => [n, v]));

function field<T>(o: { readonly [k: string]: JsonValue }, k: string, ok: (v: JsonValue) => v is JsonValue & T): T {
  const v = o[k];
  if (v === undefined || !ok(v)) throw new SyntaxError(`bad or missing "${k}"`);
  return v;
}
const isNum = (v: JsonValue): v is number => typeof v === 'number';
const isStr = (v: JsonValue): v is string => typeof v === 'string';
const isAny = (_v: JsonValue): _v is JsonValue => true;
const toBig = (v: JsonValue): bigint => {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  throw new SyntaxError(`expected an integer, found ${toJson(v)}`);
};

/** Reads one `--json` line back into a record, u64 values exact. Throws SyntaxError on malformed lines. */
export function parseJsonLine(text: string): CallRecord {
  const o = parseJson(text);
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new SyntaxError('expected an object');
  const obj = o as { readonly [k: string]: JsonValue };
  const ret = field(obj, 'ret', isAny);
  const errno = field(obj, 'errno', isAny);
  const data = field(obj, 'data', isAny);
  const events = field(obj, 'events', isAny);
  const fds = field(obj, 'fds', isAny);
  return {
    line: field(obj, 'line', isNum),
    call: field(obj, 'call', isStr),
    ret: ret === null ? null : Number(ret),
    errno: errno === null ? null : typeof errno === 'string' ? errno : toJson(errno),
    data: data === null ? null : typeof data === 'string' ? data : toBig(data),
    events:
      events === null
        ? null
        : (events as readonly { readonly [k: string]: JsonValue }[]).map((e) => ({
            events: parseEventBits(field(e, 'events', isStr)),
            data: toBig(field(e, 'data', isAny)),
          })),
    fds: fds === null ? null : [Number((fds as readonly JsonValue[])[0]), Number((fds as readonly JsonValue[])[1])],
  };
}
