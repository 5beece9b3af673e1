// Litmus tests: evaluates a condition's proposition on a final state, and the quantifier over all final states.
import { errnoValue } from '../kernel/errno.ts';
import type { Condition, EventWant, Prop, Ref, Value } from './ast.ts';
import { isBug } from './kinds.ts';
import type { FinalState, ResultValue } from './state.ts';

/** The returned number of a finished call: its ret, or -errno on failure. */
function retNumber(v: ResultValue & { status: 'done' }): number {
  if (v.errno === null) return v.ret;
  return -(errnoValue(v.errno) ?? 1);
}

function union(v: ResultValue & { status: 'done' }): number {
  let m = 0;
  for (const e of v.events ?? []) m = (m | e.events) >>> 0;
  return m;
}

function cmpNum(a: bigint, op: string, b: bigint): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

function eventsEqual(
  v: ResultValue & { status: 'done' },
  want: Value & { k: 'events' },
  initFds: ReadonlyMap<string, number>,
): boolean {
  const got = v.events ?? [];
  if (got.length !== want.list.length) return false;
  return got.every((e, i) => {
    const w = want.list[i] as EventWant;
    const fd = w.dataFd === undefined ? undefined : initFds.get(w.dataFd);
    const data = fd === undefined ? w.data : fdData(fd);
    return e.events >>> 0 === w.mask >>> 0 && (data === null || data === e.data);
  });
}

/** The u64 an fd number stands for as epoll data (ev.data.fd: the low 32 bits). */
function fdData(fd: number): bigint {
  return BigInt.asUintN(32, BigInt(fd));
}

/** `ref op value` on one result. */
function compare(v: ResultValue, ref: Ref, op: string, value: Value, initFds: ReadonlyMap<string, number>): boolean {
  if (value.k === 'status') return (v.status === value.s) === (op === '==');
  if (v.status !== 'done') return op === '!=';
  let eq: boolean;
  switch (value.k) {
    case 'events':
      eq = eventsEqual(v, value, initFds);
      break;
    case 'mask':
      eq = union(v) === value.v >>> 0;
      break;
    case 'string':
      eq = v.data === value.s;
      break;
    case 'int':
      if (ref.field === 'data') {
        if (typeof v.data !== 'bigint') return op === '!=';
        return cmpNum(v.data, op, value.v);
      }
      // `-1` matches any failure, as C code tests it.
      if (value.v === -1n && v.errno !== null && (op === '==' || op === '!=')) return op === '==';
      return cmpNum(BigInt(retNumber(v)), op, value.v);
    case 'errno':
      if (op === '==' || op === '!=') {
        eq = v.errno === value.name;
        break;
      }
      return cmpNum(BigInt(retNumber(v)), op, BigInt(-value.v));
    case 'fd': {
      const fd = initFds.get(value.name);
      if (fd === undefined) return false;
      if (ref.field === 'data') {
        if (typeof v.data !== 'bigint') return op === '!=';
        return cmpNum(v.data, op, fdData(fd));
      }
      return cmpNum(BigInt(retNumber(v)), op, BigInt(fd));
    }
  }
  return op === '==' ? eq : !eq;
}

/** An atomic proposition (no `and`, `or`, `not`) on a state. */
function atomHolds(p: Prop, s: FinalState, initFds: ReadonlyMap<string, number>): boolean {
  switch (p.k) {
    case 'and':
    case 'or':
    case 'not':
      throw new Error('epoll-lab bug: a connective is not an atom');
    case 'const':
      return p.v;
    case 'violation':
      return p.kind === 'any' ? [...s.kinds].some(isBug) : s.kinds.has(p.kind);
    case 'has': {
      const v = s.values.get(`${p.ref.thread}:${p.ref.name}`);
      return v !== undefined && v.status === 'done' && (union(v) & p.mask) >>> 0 === p.mask >>> 0;
    }
    case 'release': {
      const v = s.values.get(`release(${p.name})`);
      const by = v?.status === 'released' ? v.by : 'none';
      return (by === p.who) === (p.op === '==');
    }
    case 'cmp': {
      const v = s.values.get(`${p.ref.thread}:${p.ref.name}`);
      return v !== undefined && compare(v, p.ref, p.op, p.value, initFds);
    }
  }
}

/** What remains to do once a sub-proposition's value is known: negate it, or (unless it decides) evaluate `b`. */
type Pending = { readonly k: 'not' } | { readonly k: 'and' | 'or'; readonly b: Prop };

/**
 * Does the state satisfy the proposition? Evaluated with an explicit stack, short-circuiting left to right, so a
 * deeply nested or very long condition (thousands of terms) cannot overflow the call stack.
 */
export function holdsIn(p: Prop, s: FinalState, initFds: ReadonlyMap<string, number>): boolean {
  const stack: Pending[] = [];
  let cur: Prop = p;
  for (;;) {
    while (cur.k === 'and' || cur.k === 'or' || cur.k === 'not') {
      if (cur.k === 'not') {
        stack.push({ k: 'not' });
        cur = cur.p;
      } else {
        stack.push({ k: cur.k, b: cur.b });
        cur = cur.a;
      }
    }
    let v = atomHolds(cur, s, initFds);
    let next: Prop | null = null;
    while (next === null) {
      const f = stack.pop();
      if (f === undefined) return v;
      if (f.k === 'not') v = !v;
      // `a /\ b` is b once a holds; `a \/ b` is b once a fails: b's value is the connective's.
      else if ((f.k === 'and') === v) next = f.b;
    }
    cur = next;
  }
}

export type Observation = 'Never' | 'Sometimes' | 'Always';

/** The verdict over all final states: herd7's Ok/No and Observation, POS/NEG counting distinct states. */
export interface ConditionVerdict {
  readonly holds: boolean;
  readonly observation: Observation;
  readonly positive: number;
  readonly negative: number;
}

export function verdict(c: Condition, satisfied: readonly boolean[]): ConditionVerdict {
  const positive = satisfied.filter((x) => x).length;
  const negative = satisfied.length - positive;
  const observation: Observation = positive === 0 ? 'Never' : negative === 0 ? 'Always' : 'Sometimes';
  const holds = c.quantifier === 'exists' ? positive > 0 : c.quantifier === '~exists' ? positive === 0 : negative === 0;
  return { holds, observation, positive, negative };
}
