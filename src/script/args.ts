// Argument types of script calls: each checks an argument's syntax tree before the script runs and compiles it to
// a function reading its value when the call runs. The library API passes values directly and uses `check`.
import { FLAG_VALUES } from '../kernel/uapi.ts';
import type { ArgNode, IdentNode, IntNode } from './ast.ts';
import { issue, type Issue } from './errors.ts';
import { describeKind, type Binding, type Env, type NameKind, type StaticScope } from './scope.ts';

/** A compiled argument: reads its value from the run-time name bindings. */
export type Compiled<T> = (env: Env) => T;

export interface ArgType<T> {
  /** What the parameter takes, for messages: `an fd`, `a count`. */
  readonly expects: string;
  /** Checks the argument (EPM106-EPM109) and compiles it. */
  compile(node: ArgNode, scope: StaticScope): Compiled<T> | Issue;
  /** Checks a value passed directly (library API); returns why it is impossible, or null. */
  check(value: T): string | null;
}

/** The values a parameter list takes. */
export type ArgValues<P extends readonly ArgType<unknown>[]> = {
  readonly [K in keyof P]: P[K] extends ArgType<infer T> ? T : never;
};

export function isIssue(x: unknown): x is Issue {
  return typeof x === 'object' && x !== null && 'code' in x && 'message' in x;
}

const I32_MIN = -(2n ** 31n);
const I32_MAX = 2n ** 31n - 1n;
const U32_MAX = 2n ** 32n - 1n;
const U64_MAX = 2n ** 64n - 1n;
/** Largest count a script may pass to read/write (bounds the model's buffers). */
export const MAX_COUNT = 1 << 24;

function wrongKind(node: ArgNode, expects: string): Issue {
  const what =
    node.kind === 'string'
      ? 'a string'
      : node.kind === 'or'
        ? 'a flag expression'
        : node.kind === 'int'
          ? 'an integer'
          : node.name === 'NULL'
            ? 'NULL'
            : `'${node.name}'`;
  return issue('EPM108', node.pos, `expected ${expects}, found ${what}`);
}

/** An identifier that must be a bound name of `kind`. */
function boundName(node: IdentNode, kind: NameKind, scope: StaticScope, expects: string): Compiled<Binding> | Issue {
  const k = scope.get(node.name);
  if (k === undefined) {
    if (node.name === 'NULL') return wrongKind(node, expects);
    if (FLAG_VALUES[node.name] !== undefined)
      return issue('EPM108', node.pos, `expected ${expects}, found the flag ${node.name}`);
    return issue('EPM107', node.pos, `unbound name '${node.name}'`);
  }
  if (k !== kind) return issue('EPM108', node.pos, `expected ${expects}, but '${node.name}' is ${describeKind(k)}`);
  const name = node.name;
  return (env) => {
    const b = env.get(name);
    if (b === undefined) throw new Error(`epoll-lab bug: name ${name} checked but not bound`);
    return b;
  };
}

function rangeIssue(node: IntNode, lo: bigint, hi: bigint, expects: string): Issue | null {
  if (node.value < lo || node.value > hi)
    return issue('EPM109', node.pos, `${node.text} is out of range for ${expects} (${lo}..${hi})`);
  return null;
}

/** An fd: a C int literal or a name bound to an fd. */
export const fdArg: ArgType<number> = {
  expects: 'an fd',
  compile(node, scope) {
    if (node.kind === 'int') {
      const bad = rangeIssue(node, I32_MIN, I32_MAX, 'an fd');
      if (bad !== null) return bad;
      const v = Number(node.value);
      return () => v;
    }
    if (node.kind !== 'ident') return wrongKind(node, 'an fd');
    const get = boundName(node, 'fd', scope, 'an fd');
    if (isIssue(get)) return get;
    return (env) => (get(env) as Binding & { kind: 'fd' }).fd;
  },
  check: (v) => (Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31 ? null : `${v} is not a C int`),
};

/** An unsigned int (close_range bounds): a literal 0..4294967295 or a name bound to an fd. */
export const uintArg: ArgType<number> = {
  expects: 'an unsigned int',
  compile(node, scope) {
    if (node.kind === 'int') {
      const bad = rangeIssue(node, 0n, U32_MAX, 'an unsigned int');
      if (bad !== null) return bad;
      const v = Number(node.value);
      return () => v;
    }
    return fdArg.compile(node, scope);
  },
  check: (v) => (Number.isInteger(v) && v >= 0 && v <= 2 ** 32 - 1 ? null : `${v} is not an unsigned int`),
};

/** A byte count: a literal 0..MAX_COUNT. */
export const countArg: ArgType<number> = {
  expects: 'a count',
  compile(node) {
    if (node.kind !== 'int') return wrongKind(node, 'a count');
    if (node.value < 0n) return issue('EPM109', node.pos, `count ${node.text} is negative`);
    const bad = rangeIssue(node, 0n, BigInt(MAX_COUNT), 'a count');
    if (bad !== null) return bad;
    const v = Number(node.value);
    return () => v;
  },
  check: (v) => (Number.isInteger(v) && v >= 0 && v <= MAX_COUNT ? null : `count ${v} is not in 0..${MAX_COUNT}`),
};

/** An unsigned integer of `bits` bits as a bigint (u64 values of eventfd). */
export function unsignedBigArg(bits: 32 | 64): ArgType<bigint> {
  const max = bits === 64 ? U64_MAX : U32_MAX;
  const expects = `a u${bits} value`;
  return {
    expects,
    compile(node) {
      if (node.kind !== 'int') return wrongKind(node, expects);
      const bad = rangeIssue(node, 0n, max, expects);
      if (bad !== null) return bad;
      const v = node.value;
      return () => v;
    },
    check: (v) => (v >= 0n && v <= max ? null : `${v} is out of range for ${expects}`),
  };
}

export const u64Arg: ArgType<bigint> = unsignedBigArg(64);

/**
 * epoll_event.data: a u64 literal, or a name bound to an fd, which stands for that fd number (`ev.data.fd = fd`). The
 * value is the fd as bound (a failed call's -1 too: `epollData` makes it the u64 the union holds), so that callers
 * that evaluate arguments symbolically (the stress planner) still see which name it came from.
 */
export const epollDataArg: ArgType<bigint> = {
  expects: 'a u64 value or an fd name',
  compile(node, scope) {
    if (node.kind !== 'ident') return u64Arg.compile(node, scope);
    const get = boundName(node, 'fd', scope, 'a u64 value or an fd name');
    if (isIssue(get)) return get;
    return (env) => BigInt((get(env) as Binding & { kind: 'fd' }).fd);
  },
  check: (v) => u64Arg.check(v),
};

/** The u64 of an epoll_ctl data argument: a negative C int fd (`ev.data.fd = -1`) fills the low 32 bits only. */
export function epollData(v: bigint): bigint {
  return v < 0n && v >= -(2n ** 31n) ? BigInt.asUintN(32, v) : v;
}
export const u32BigArg: ArgType<bigint> = unsignedBigArg(32);

function flagTerm(node: IntNode | IdentNode, scope: StaticScope): number | Issue {
  if (node.kind === 'int') {
    const bad = rangeIssue(node, I32_MIN, U32_MAX, 'a flag value');
    return bad ?? Number(node.value);
  }
  const v = FLAG_VALUES[node.name];
  if (v !== undefined) return v;
  if (scope.has(node.name))
    return issue(
      'EPM108',
      node.pos,
      `expected flags, but '${node.name}' is ${describeKind(scope.get(node.name) as NameKind)}`,
    );
  return issue('EPM106', node.pos, `unknown flag '${node.name}'`);
}

/**
 * Flags or a command: integers and flag names from FLAG_VALUES, ORed with `|`. A single integer keeps its sign
 * (fcntl(fd, F_DUPFD, -1)); an expression of several terms is an unsigned 32-bit value.
 */
export const flagsArg: ArgType<number> = {
  expects: 'flags',
  compile(node, scope) {
    if (node.kind === 'int' || node.kind === 'ident') {
      const v = flagTerm(node, scope);
      if (isIssue(v)) return v;
      return () => v;
    }
    if (node.kind !== 'or') return wrongKind(node, 'flags');
    let acc = 0;
    for (const t of node.terms) {
      const v = flagTerm(t, scope);
      if (isIssue(v)) return v;
      acc = (acc | v) >>> 0;
    }
    return () => acc;
  },
  check: (v) => (Number.isInteger(v) && v >= -(2 ** 31) && v <= 2 ** 32 - 1 ? null : `${v} is not a 32-bit value`),
};

/** A path relative to the sandbox root, as a string literal. */
/**
 * The longest path argument, in UTF-8 bytes: 16 x PATH_MAX, so paths past Linux's limit (ENAMETOOLONG) stay
 * runnable on the model and the oracle alike, while a pathological one is refused before anything runs.
 */
export const MAX_PATH_ARG = 65536;

function pathTooLong(n: number): string {
  return `a path of ${n} bytes (at most ${MAX_PATH_ARG})`;
}

export const pathArg: ArgType<string> = {
  expects: 'a path string',
  compile(node) {
    if (node.kind !== 'string') return wrongKind(node, 'a path string');
    const s = new TextDecoder().decode(node.bytes);
    const n = new TextEncoder().encode(s).length;
    if (n > MAX_PATH_ARG) return issue('EPM109', node.pos, pathTooLong(n));
    return () => s;
  },
  check: (v) => {
    const n = new TextEncoder().encode(v).length;
    return n > MAX_PATH_ARG ? pathTooLong(n) : null;
  },
};

/** Bytes to write: a string literal, or a count of filler bytes `x`. */
export const bytesArg: ArgType<Uint8Array> = {
  expects: 'a string or a count',
  compile(node, scope) {
    if (node.kind === 'string') {
      const b = node.bytes;
      return () => b;
    }
    if (node.kind !== 'int') return wrongKind(node, 'a string or a count');
    const n = countArg.compile(node, scope);
    if (isIssue(n)) return n;
    const bytes = filler(n(new Map()));
    return () => bytes;
  },
  check: (v) => (v.length <= MAX_COUNT ? null : `${v.length} bytes is more than ${MAX_COUNT}`),
};

/** `count` filler bytes `x`. */
export function filler(count: number): Uint8Array {
  return new Uint8Array(count).fill(0x78);
}

/** One of a few fixed strings, given as a string literal. */
export function choiceArg<const C extends string>(choices: readonly C[]): ArgType<C> {
  const expects = choices.map((c) => `"${c}"`).join(' or ');
  return {
    expects,
    compile(node) {
      if (node.kind !== 'string') return wrongKind(node, expects);
      const s = new TextDecoder().decode(node.bytes);
      if (!(choices as readonly string[]).includes(s))
        return issue('EPM109', node.pos, `expected ${expects}, found ${node.text}`);
      return () => s as C;
    },
    check: (v) => ((choices as readonly string[]).includes(v) ? null : `expected ${expects}, not "${v}"`),
  };
}

/** A name bound to a fence (dmabuf_fence's result); null when the call that made it failed. */
export const fenceArg: ArgType<object | null> = {
  expects: 'a fence',
  compile(node, scope) {
    if (node.kind !== 'ident') return wrongKind(node, 'a fence');
    const get = boundName(node, 'fence', scope, 'a fence');
    if (isIssue(get)) return get;
    return (env) => (get(env) as Binding & { kind: 'fence' }).fence;
  },
  check: () => null,
};

/** `O_NONBLOCK|O_CLOEXEC` (names from FLAG_VALUES and integers, ORed) to its value; a message when it is bad. */
export function flagsFromString(s: string): number | string {
  let acc = 0;
  for (const part of s.split('|').map((p) => p.trim())) {
    const named = FLAG_VALUES[part];
    let v: number;
    if (named !== undefined) v = named;
    else if (/^-?(0x[0-9a-fA-F]+|0|[1-9][0-9]*)$/.test(part))
      v = Number(part.startsWith('-') ? -BigInt(part.slice(1)) : BigInt(part));
    else return `unknown flag '${part}'`;
    acc = s.includes('|') ? (acc | v) >>> 0 : v;
  }
  return acc;
}

/** A C int given as a literal (times in ms, raw values). */
export const intArg: ArgType<number> = {
  expects: 'an integer',
  compile(node) {
    if (node.kind !== 'int') return wrongKind(node, 'an integer');
    const bad = rangeIssue(node, I32_MIN, I32_MAX, 'an integer');
    if (bad !== null) return bad;
    const v = Number(node.value);
    return () => v;
  },
  check: (v) => (Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31 ? null : `${v} is not a C int`),
};

/** `t`, or the literal `NULL` (null): for pointer arguments such as epoll_ctl's event. */
export function nullable<T>(t: ArgType<T>): ArgType<T | null> {
  return {
    expects: `${t.expects} or NULL`,
    compile(node, scope) {
      if (node.kind === 'ident' && node.name === 'NULL') return () => null;
      return t.compile(node, scope);
    },
    check: (v) => (v === null ? null : t.check(v)),
  };
}

/** A pointer argument that may only be `NULL` (true): a buffer the kernel cannot write to. Omitted, it is false. */
export const nullPointerArg: ArgType<boolean> = {
  expects: 'NULL',
  compile(node) {
    if (node.kind === 'ident' && node.name === 'NULL') return () => true;
    return wrongKind(node, 'NULL');
  },
  check: () => null,
};
