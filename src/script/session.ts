// One booted kernel with its user processes: the single place where script lines and library calls run.
import { boot } from '../init/boot.ts';
import type { Machine } from '../kernel/machine.ts';
import { syscall } from '../kernel/syscall.ts';
import type { Task } from '../kernel/task.ts';
import type { Variant } from '../kernel/variant.ts';
import type { Violation } from '../kernel/violation.ts';
import { runCall } from '../sched/sequential.ts';
import type { ArgType, ArgValues } from './args.ts';
import { irqCall, kernelCall, type CallCtx, type CallDef, type CallPlan, type CallRun } from './calls/types.ts';
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
    const r = this.runPlan(proc, def.run(this.ctx(proc, names), ...args));
    if (r.kind === 'blocks') proc.blocked = true;
    if (r.kind === 'halted') this.halted = r.violation;
    return r;
  }

  /** Runs a call's kernel code to completion on the sequential driver: in the process, or on a fresh irq thread. */
  private runPlan(proc: ProcessState, plan: CallPlan): CallRun {
    if (plan.kind !== 'kernel') return plan;
    const m = this.machine;
    const k = plan.call;
    const o =
      k.where === 'syscall' ? runCall(m, proc.task, syscall(k.body)) : runCall(m, m.spawn(k.comm, 'irq', null), k.body);
    return o.kind === 'done' ? { kind: 'done', ...plan.done(o.value) } : o;
  }

  private ctx(proc: ProcessState, names: readonly string[]): CallCtx {
    const m = this.machine;
    return {
      machine: m,
      proc,
      names,
      syscall: kernelCall,
      irq: irqCall,
      newProcessName: () => names[0] ?? this.autoName(),
      adopt: (task: Task, name: string) => {
        const p = new ProcessState(name, task);
        this.processes.set(name, p);
        return p;
      },
    };
  }
}
