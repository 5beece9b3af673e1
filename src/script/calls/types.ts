// The shape of a call family: each call names its parameters' types, the names it binds, and how it runs.
import type { Machine } from '../../kernel/machine.ts';
import type { Gen } from '../../kernel/step.ts';
import type { Task } from '../../kernel/task.ts';
import type { Violation } from '../../kernel/violation.ts';
import type { CallOutcome } from '../../sched/sequential.ts';
import type { ArgType, ArgValues } from '../args.ts';
import type { ArgNode } from '../ast.ts';
import type { Issue, Pos } from '../errors.ts';
import { sysResult, type CallResult } from '../result.ts';
import type { Binding, NameKind } from '../scope.ts';
import type { ProcessState } from '../session.ts';

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

/** What a call's `run` can do: run kernel code as a syscall of its process or in an irq thread. */
export interface CallCtx {
  readonly machine: Machine;
  /** The process the call runs in (the line's prefix). */
  readonly proc: ProcessState;
  /** The result names of the script line (empty when called through the library API). */
  readonly names: readonly string[];
  /** Runs `body` as a syscall of the process: task_work runs at the return to user mode. */
  syscall<T>(body: Gen<T>): CallOutcome<T>;
  /** Runs `body` on a fresh irq-context thread named `comm` (fence signalling). */
  irq<T>(comm: string, body: Gen<T>): CallOutcome<T>;
  /** The name for a process this call creates: the line's first result name, else a fresh `P<n>`. */
  newProcessName(): string;
  /** Makes a task created by the call (fork's child) a process that later lines can prefix. */
  adopt(task: Task, name: string): ProcessState;
}

/** One script call. `P` is the tuple of its parameter types. */
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
  /** The call ends its process (later lines may not use the prefix). */
  readonly exits?: boolean;
  run(ctx: CallCtx, ...args: ArgValues<P>): CallRun;
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

/** Maps a finished kernel run to a call run. */
export function finish<T>(o: CallOutcome<T>, done: (value: T) => Done): CallRun {
  return o.kind === 'done' ? { kind: 'done', ...done(o.value) } : o;
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
