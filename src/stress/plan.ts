// Stress runs: which litmus tests can run on the host, and each call line as the harness runs it (C arguments).
import { fdArg } from '../script/args.ts';
import type { LitmusTest } from '../litmus/ast.ts';
import { MAX_TIMER_MS } from '../oracle/runner.ts';
import { ORACLE_CALLS } from '../oracle/calls.ts';
import type { WireArg } from '../oracle/protocol.ts';
import type { ScriptLine } from '../script/compile.ts';
import { MAIN, type Binding, type Env } from '../script/scope.ts';

/** Limits of native/stress_runtime.c (MAX_THREADS, MAX_LINES, MAX_DATA, MAX_EV). */
export const STRESS_LIMITS = { threads: 8, lines: 16, data: 256, events: 64 } as const;

/** A C integer argument: a literal or the fd a name is bound to. */
export type CArg = { readonly lit: bigint } | { readonly name: string };

/** One call line as the harness runs it. */
export interface PlannedCall {
  readonly line: ScriptLine;
  /** `C_EPOLL_WAIT`. */
  readonly id: string;
  readonly ints: readonly CArg[];
  readonly bytes: Uint8Array;
  readonly u64: bigint;
  /** Its own wait (timeouts, armed timers, with a margin) in ms, added to the budget; -1: never sleeps for good. */
  readonly waitMs: number;
  /**
   * Its own sleep without the margin (timeout and armed timers) in ms, 0 for none: an iteration in which it slept that
   * long while another thread had not run is not counted (the model moves its clock only when no thread can run).
   */
  readonly ownMs: number;
  /** The fd names it binds and which fd of its result each one takes (`pipe`: 0 and 1). */
  readonly fdBinds: readonly { readonly name: string; readonly index: number }[];
  /** `c = fork()` in init: the process index of `c`. */
  readonly fork: number | null;
}

export interface PlannedThread {
  readonly name: string;
  /** 0: the first process; i: the i-th process init forked. */
  readonly proc: number;
  readonly calls: readonly PlannedCall[];
}

export interface StressPlan {
  readonly test: LitmusTest;
  readonly init: readonly PlannedCall[];
  readonly threads: readonly PlannedThread[];
  /** Every fd name of init and the threads (C variables). */
  readonly fdNames: readonly string[];
  readonly usesPaths: boolean;
  /**
   * A call can reach an fd the test did not open (a literal fd, dup2/dup3/close_range): each iteration then runs in a
   * fresh process, whose fds 0-2 are the model's.
   */
  readonly foreignFds: boolean;
}

export type PlanResult =
  { readonly ok: true; readonly plan: StressPlan } | { readonly ok: false; readonly skip: string };

const SENTINEL_BASE = -(2n ** 40n);

/** An environment whose every name is an fd bound to a sentinel number, so argument values show which names they read. */
function symbolicEnv(names: string[]): Env {
  const get = (name: string): Binding => {
    let i = names.indexOf(name);
    if (i < 0) i = names.push(name) - 1;
    return { kind: 'fd', fd: Number(SENTINEL_BASE - BigInt(i)) };
  };
  return { get, has: () => true } as unknown as Env;
}

function carg(x: number | bigint, names: readonly string[]): CArg {
  const v = BigInt(x);
  const i = SENTINEL_BASE - v;
  if (i >= 0n && i < BigInt(names.length)) return { name: names[Number(i)] as string };
  return { lit: v };
}

type Planned = PlannedCall | string;

function planCall(line: ScriptLine, names: string[], timersMs: number, procs: Map<string, number>): Planned {
  const name = line.def.name;
  const at = `line ${line.line}: ${name}`;
  if (line.def.modelOnly !== undefined) return `${at} is model-only (${line.def.modelOnly})`;
  const v = line.args.map((a) => a(symbolicEnv(names)));
  if (name === 'fork') {
    const idx = procs.size;
    const child = line.names[0] ?? `#${idx}`;
    procs.set(child, idx);
    return {
      line,
      id: 'fork',
      ints: [],
      bytes: new Uint8Array(),
      u64: 0n,
      waitMs: -1,
      ownMs: 0,
      fdBinds: [],
      fork: idx,
    };
  }
  // The harness's do_call (native/stress_runtime.c) reads the helper's arguments: `i` a C integer into a[], `b` bytes
  // or `p` a path, `u` a u64.
  const call = ORACLE_CALLS.get(name);
  if (call === undefined) return `${at} is not supported by the stress harness`;
  const kinds = call.args;
  const wire = call.wire(v);
  const ints: CArg[] = [];
  let bytes: Uint8Array = new Uint8Array();
  let u64 = 0n;
  for (let i = 0; i < kinds.length; i++) {
    const w = wire[i] as WireArg;
    if ('bytes' in w) bytes = w.bytes;
    else if (kinds[i] === 'u') {
      const a = carg(w.int, names);
      if ('name' in a) return `${at}: a u64 argument from a name is not supported`;
      u64 = BigInt.asUintN(64, a.lit);
    } else ints.push(carg(w.int, names));
  }
  const lit = (i: number): bigint | null => {
    const a = ints[i];
    return a !== undefined && 'lit' in a ? a.lit : null;
  };
  if (name === 'read' && (lit(1) === null || (lit(1) as bigint) > BigInt(STRESS_LIMITS.data)))
    return `${at}: counts above ${STRESS_LIMITS.data} bytes are not supported`;
  if ((name === 'epoll_wait' || name === 'epoll_pwait2') && (lit(1) ?? 1n << 40n) > BigInt(STRESS_LIMITS.events))
    return `${at}: maxevents above ${STRESS_LIMITS.events} is not supported`;
  // A sleeping call with a timeout of its own may also wake late on a busy machine: twice its timeout, and 10 ms more.
  const own = (call.waitMs?.(v) ?? 0) + timersMs;
  const waitMs = call.mayBlock !== true ? -1 : own === 0 ? 0 : 2 * own + 10;
  const ownMs = call.mayBlock !== true ? 0 : own;
  return {
    line,
    id: `C_${name.toUpperCase()}`,
    ints,
    bytes,
    u64,
    waitMs,
    ownMs,
    fdBinds: fdBinds(line, v),
    fork: null,
  };
}

function fdBinds(line: ScriptLine, v: readonly unknown[]): { name: string; index: number }[] {
  const kinds = line.def.binds;
  const binds = line.def.oracle?.bindsFd?.(v) ?? true;
  return line.names.flatMap((name, i) => {
    if (kinds[i] !== 'fd' || !binds) return [];
    return [{ name, index: kinds.length === 2 ? i : 0 }];
  });
}

function plannedLines(
  lines: readonly ScriptLine[],
  names: string[],
  timersMs: number,
  procs: Map<string, number>,
): PlannedCall[] | string {
  const out: PlannedCall[] = [];
  for (const l of lines) {
    const p = planCall(l, names, timersMs, procs);
    if (typeof p === 'string') return p;
    out.push(p);
  }
  return out;
}

/** A literal fd >= 0 among the line's fd arguments, or a call that can reach any fd. */
function reachesForeignFds(line: ScriptLine): boolean {
  if (line.def.oracle?.anyFd === true) return true;
  const v = line.args.map((a) => a(symbolicEnv([])));
  return line.def.params.some((p, i) => p === fdArg && typeof v[i] === 'number' && v[i] >= 0);
}

/** The test as the harness runs it, or why it cannot run on the host. */
export function planStress(test: LitmusTest): PlanResult {
  const skip = (why: string): PlanResult => ({ ok: false, skip: why });
  if (test.init.modelOnly !== null) return skip(test.init.modelOnly);
  if (test.observe.length > 0) return skip('release(...) observations are model-only');
  if (test.threads.length > STRESS_LIMITS.threads) return skip(`more than ${STRESS_LIMITS.threads} threads`);
  const all = [...test.init.lines, ...test.threads.flatMap((t) => t.lines)];
  const timersMs = Math.min(
    MAX_TIMER_MS,
    Math.max(0, ...all.map((l) => l.def.oracle?.armsMs?.(l.args.map((a) => a(symbolicEnv([])))) ?? 0)),
  );
  for (const th of test.threads) {
    if (th.context === 'irq') return skip(`thread ${th.name} runs in irq context (model-only)`);
    if (th.lines.length > STRESS_LIMITS.lines)
      return skip(`thread ${th.name} has more than ${STRESS_LIMITS.lines} calls`);
    const bad = th.lines.find((l) => l.def.name === 'fork' || l.def.name === 'exit');
    if (bad !== undefined) return skip(`line ${bad.line}: ${bad.def.name} in a thread is not supported`);
  }
  const badInit = test.init.lines.find((l) => l.proc !== MAIN || l.def.name === 'exit');
  if (badInit !== undefined) return skip(`line ${badInit.line}: init calls run only in the first process`);
  const names: string[] = [];
  const procs = new Map<string, number>([[MAIN, 0]]);
  const init = plannedLines(test.init.lines, names, timersMs, procs);
  if (typeof init === 'string') return skip(init);
  const threads: PlannedThread[] = [];
  for (const th of test.threads) {
    const calls = plannedLines(th.lines, names, timersMs, procs);
    if (typeof calls === 'string') return skip(calls);
    threads.push({ name: th.name, proc: procs.get(th.proc) ?? 0, calls });
  }
  const bound = [...init, ...threads.flatMap((t) => t.calls)].flatMap((c) => c.fdBinds.map((b) => b.name));
  const fdNames = [...new Set([...names, ...bound])];
  return {
    ok: true,
    plan: {
      test,
      init,
      threads,
      fdNames,
      usesPaths: all.some((l) => l.def.oracle?.args.includes('p') === true),
      foreignFds: all.some(reachesForeignFds),
    },
  };
}
