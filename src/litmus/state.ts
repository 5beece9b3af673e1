// Litmus tests: final states — each thread's result names with their values, and the state text `P0:r0=1; P1:r1=0`.
import { escapeC, formatEventList } from '../script/format.ts';
import type { CallResult, EventResult } from '../script/result.ts';
import type { ViolationKind } from '../kernel/violation.ts';

/** A result name's value at the end of an execution. */
export type ResultValue =
  | {
      readonly status: 'done';
      /** The return value; -1 on failure. */
      readonly ret: number;
      readonly errno: string | null;
      readonly events: readonly EventResult[] | null;
      readonly data: string | bigint | null;
    }
  | { readonly status: 'blocked' | 'unfinished' }
  /** An `observe release(NAME)` entry: the thread that freed the file, or `none`. */
  | { readonly status: 'released'; readonly by: string };

/** One final state: values by `THREAD:name`, in state order, and the execution's violation kinds. */
export interface FinalState {
  readonly values: ReadonlyMap<string, ResultValue>;
  readonly kinds: ReadonlySet<ViolationKind>;
}

export const UNFINISHED: ResultValue = { status: 'unfinished' };
export const BLOCKED: ResultValue = { status: 'blocked' };

/**
 * The values a call line gives its names. A call that binds nothing gives its one name the call's result; a call
 * binding fds gives each name its fd (`pipe`: the two ends); other names (fences, processes) get the result.
 */
export function lineValues(r: CallResult, names: readonly string[]): ResultValue[] {
  return names.map((_, i) => {
    const base = { status: 'done' as const, ret: r.ret ?? -1, errno: r.errno, events: r.events, data: r.data };
    if (r.fds !== null) return { ...base, ret: r.fds[i] ?? base.ret, events: null, data: null };
    return base;
  });
}

/** `1 [EPOLLIN|EPOLLOUT:7]`, `0` (no event), `-EBADF`, `3 "abc"`, `8 data=5`, `blocked`. */
export function valueText(v: ResultValue): string {
  if (v.status === 'released') return v.by;
  if (v.status !== 'done') return v.status;
  if (v.errno !== null) return `-${v.errno}`;
  let s = String(v.ret);
  if (v.events !== null && v.events.length > 0) s += ` ${formatEventList(v.events)}`;
  if (typeof v.data === 'string') s += ` "${escapeC(v.data)}"`;
  else if (typeof v.data === 'bigint') s += ` data=${v.data}`;
  return s;
}

/** The state text without the violation kinds (the explorer appends ` | kinds`). */
export function stateText(values: ReadonlyMap<string, ResultValue>): string {
  let s = '';
  for (const [k, v] of values) s += `${s === '' ? '' : '; '}${k}=${valueText(v)}`;
  return s === '' ? '(no results)' : s;
}
