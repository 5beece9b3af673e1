// One booted kernel with its user processes: the single place where script lines and library calls run.
import { boot } from '../kernel/boot.ts';
import type { Machine } from '../kernel/machine.ts';
import type { Gen } from '../kernel/step.ts';
import { syscall } from '../kernel/syscall.ts';
import type { Task } from '../kernel/task.ts';
import type { Variant } from '../kernel/variant.ts';
import type { Violation } from '../kernel/violation.ts';
import { runCall } from '../sched/sequential.ts';
import type { ArgType, ArgValues } from './args.ts';
import type { CallCtx, CallDef, CallRun } from './calls/types.ts';
import { MAIN } from './scope.ts';

/** A user process: a task with its own fd table. */
export class ProcessState {
  /** Set once exit() ran: the process takes no more calls. */
  exited = false;
  /** Set when a call blocked forever: the task is stuck inside that call. */
  blocked = false;
  constructor(
    readonly name: string,
    readonly task: Task,
  ) {}
}

/** Why a call cannot be made at all (a usage error of the caller, not a kernel result). */
export class SessionError extends Error {
  override readonly name = 'SessionError';
}

export class Session {
  readonly machine: Machine;
  readonly main: ProcessState;
  /** Processes by name; a later fork bound to the same name replaces the entry. */
  readonly processes = new Map<string, ProcessState>();
  /** The fatal violation that stopped the machine, if any. */
  halted: Violation | null = null;
  private autoNames = 0;

  constructor(readonly variant: Variant) {
    const b = boot(variant);
    this.machine = b.machine;
    this.main = new ProcessState(MAIN, b.init);
    this.processes.set(MAIN, this.main);
  }

  /** A fresh process name for forks that bind no name. */
  autoName(): string {
    for (;;) {
      const n = `P${++this.autoNames}`;
      if (!this.processes.has(n)) return n;
    }
  }

  /** Runs one call in `proc`. Throws SessionError if the process or the machine cannot take calls. */
  invoke<P extends readonly ArgType<unknown>[]>(
    def: CallDef<P>,
    proc: ProcessState,
    args: ArgValues<P>,
    names: readonly string[] = [],
  ): CallRun {
    if (this.halted !== null) throw new SessionError(`the model halted earlier: ${this.halted.title}`);
    if (proc.exited) throw new SessionError(`process ${proc.name} has exited`);
    // A blocked call may have been woken and finished inside a later call of another process: usable again.
    if (proc.blocked && proc.task.done) proc.blocked = false;
    if (proc.blocked) throw new SessionError(`process ${proc.name} is blocked in an earlier call`);
    const r = def.run(this.ctx(proc, names), ...args);
    if (r.kind === 'blocks') proc.blocked = true;
    if (r.kind === 'halted') this.halted = r.violation;
    return r;
  }

  private ctx(proc: ProcessState, names: readonly string[]): CallCtx {
    const m = this.machine;
    return {
      machine: m,
      proc,
      names,
      syscall: <T>(body: Gen<T>) => runCall(m, proc.task, syscall(body)),
      irq: <T>(comm: string, body: Gen<T>) => runCall(m, m.spawn(comm, 'irq', null), body),
      newProcessName: () => names[0] ?? this.autoName(),
      adopt: (task: Task, name: string) => {
        const p = new ProcessState(name, task);
        this.processes.set(name, p);
        return p;
      },
    };
  }
}
