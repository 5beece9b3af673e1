// The shape of a call family: each call names its parameters' types, the names it binds, and how it runs.
import type { Machine } from '../../kernel/machine.ts';
import type { Gen } from '../../kernel/step.ts';
import type { Task } from '../../kernel/task.ts';
import type { Violation } from '../../kernel/violation.ts';
import type { ArgType, ArgValues } from '../args.ts';
import type { ArgNode } from '../ast.ts';
import type { Issue, Pos } from '../errors.ts';
import { sysResult, type CallResult } from '../result.ts';
import type { Binding, NameKind } from '../scope.ts';
import type { ProcessState } from '../session.ts';
import type { GroupRule } from './checklist.ts';
import type { OracleWiring } from './oracle.ts';
import type { RandomRule } from './random.ts';

/** What a call run leaves behind: its result and the values of the names it binds (in `binds` order). */
export interface Done {
  readonly result: CallResult;
  readonly binds: readonly Binding[];
}

/** How a call ended. `blocks` and `halted` end a script. */
export type CallRun =
  | ({ readonly kind: 'done' } & Done)
  | { readonly kind: 'blocks' }
  | { readonly kind: 'halted'; readonly violation: Violation };

/**
 * Kernel code a call runs, not yet run: as a syscall of the call's process (task_work at the return to user mode), or
 * on an irq-context thread. The driver runs it: the sequential driver to completion (`Session.invoke`), the explorer
 * step by step inside a litmus thread (`src/litmus/thread.ts`).
 */
export type KernelCall<T> =
  | { readonly where: 'syscall'; readonly body: Gen<T> }
  | { readonly where: 'irq'; readonly comm: string; readonly body: Gen<T> };

/** What a call's `run` returns: a run that needed no kernel code, or kernel code and how its value becomes a Done. */
export type CallPlan =
  CallRun | { readonly kind: 'kernel'; readonly call: KernelCall<unknown>; readonly done: (value: unknown) => Done };

/** What a call's `run` can do: describe kernel code to run as a syscall of its process or in an irq thread. */
export interface CallCtx {
  readonly machine: Machine;
  /** The process the call runs in (the line's prefix). */
  readonly proc: ProcessState;
  /** The result names of the script line (empty when called through the library API). */
  readonly names: readonly string[];
  /** `body` as a syscall of the process: task_work runs at the return to user mode. */
  syscall<T>(body: Gen<T>): KernelCall<T>;
  /** `body` on an irq-context thread named `comm` (fence signalling): a fresh one, or the litmus irq thread. */
  irq<T>(comm: string, body: Gen<T>): KernelCall<T>;
  /** The name for a process this call creates: the line's first result name, else a fresh `P<n>`. */
  newProcessName(): string;
  /** Makes a task created by the call (fork's child) a process that later lines can prefix. */
  adopt(task: Task, name: string): ProcessState;
}

/**
 * One script call, with everything about it: its syntax, its kernel code, how the oracle runs it on a real kernel,
 * how random scripts use it and which checklist groups it exercises. Adding a call is one CallDef (listed in its
 * family's array), its kernel function and their tests (docs/ARCHITECTURE.md, Recipes).
 */
export interface CallDef<P extends readonly ArgType<unknown>[] = readonly ArgType<unknown>[]> {
  readonly name: string;
  /** Parameter names, for usage messages: `read(fd, count)`. */
  readonly paramNames: { readonly [K in keyof P]: string };
  readonly params: P;
  /** Values of trailing parameters a line may leave out (`fcntl(fd, F_GETFD)` passes arg 0). */
  readonly defaults?: readonly unknown[];
  /** Kinds of the result names the call can bind; a line names all of them or none. */
  readonly binds: readonly NameKind[];
  /**
   * Checks the arguments together, after their count and before their types (EPM104 for a form the call does not
   * take, such as `epoll_ctl(ep, op, fd, NULL, 0)`); null when they are fine.
   */
  readonly checkArgs?: (args: readonly ArgNode[], pos: Pos) => Issue | null;
  /** Set when the oracle cannot run the call on a real kernel: the reason. */
  readonly modelOnly?: string;
  /** How the oracle's helper runs the call (every call has this or `modelOnly`, test/oracle/calls.test.ts). */
  readonly oracle?: OracleWiring;
  /** How random scripts (src/conformance/arbitrary.ts) use the call; none: they never do. */
  readonly random?: readonly RandomRule[];
  /** The checklist groups a line of the call exercises (src/conformance/groups.ts); none: no group. */
  readonly groups?: GroupRule;
  /** The call ends its process (later lines may not use the prefix). */
  readonly exits?: boolean;
  /** `irq`: the call runs in hard-irq context (`ctx.irq`), not as a syscall; litmus tests allow it in irq threads. */
  readonly context?: 'irq';
  run(ctx: CallCtx, ...args: ArgValues<P>): CallPlan;
}

export function defineCall<const P extends readonly ArgType<unknown>[]>(def: CallDef<P>): CallDef<P> {
  return def;
}

/** `name(a, b)` for messages. */
export function usage(def: CallDef): string {
  const required = def.params.length - (def.defaults?.length ?? 0);
  const names = def.paramNames.map((n, i) => (i < required ? n : `[${n}]`));
  return `${def.name}(${names.join(', ')})`;
}

/** A call that runs kernel code `k`; `done` maps the code's return value to the call's result and bindings. */
export function finish<T>(k: KernelCall<T>, done: (value: T) => Done): CallPlan {
  return { kind: 'kernel', call: k as KernelCall<unknown>, done: done as (value: unknown) => Done };
}

/** The two helpers every CallCtx shares: they only describe where the code runs. */
export function kernelCall<T>(body: Gen<T>): KernelCall<T> {
  return { where: 'syscall', body };
}

export function irqCall<T>(comm: string, body: Gen<T>): KernelCall<T> {
  return { where: 'irq', comm, body };
}

/** A call returning a plain number or a negative errno. */
export function retDone(ret: number): Done {
  return { result: sysResult(ret), binds: [] };
}

/** A call returning a new fd: binds it (or -1 on failure). */
export function fdDone(ret: number): Done {
  return { result: sysResult(ret), binds: [{ kind: 'fd', fd: ret < 0 ? -1 : ret }] };
}

/** pipe/socketpair: the two fds or a negative errno. */
export function fdPairDone(r: readonly [number, number] | number): Done {
  if (typeof r === 'number') return { result: sysResult(r), binds: [fdBind(-1), fdBind(-1)] };
  return { result: sysResult(0, { fds: [r[0], r[1]] }), binds: [fdBind(r[0]), fdBind(r[1])] };
}

function fdBind(fd: number): Binding {
  return { kind: 'fd', fd };
}
