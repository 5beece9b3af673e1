// Litmus tests: a thread's program for the explorer — each line runs the call registry's kernel code step by step.
import type { Machine } from '../kernel/machine.ts';
import type { Gen } from '../kernel/step.ts';
import { syscall } from '../kernel/syscall.ts';
import { TASK_INTERRUPTIBLE, type Task } from '../kernel/task.ts';
import { schedule, try_to_wake_up } from '../kernel/wait.ts';
import { irqCall, kernelCall, type CallCtx, type CallPlan, type CallRun } from '../script/calls/types.ts';
import type { Binding } from '../script/scope.ts';
import { ProcessState } from '../script/session.ts';
import type { ThreadDef } from './ast.ts';
import { lineValues, type ResultValue } from './state.ts';

/** What a thread leaves for the outcome: the values of its result names and the line it is in. */
export interface ThreadRecord {
  readonly values: Map<string, ResultValue>;
  /** Index of the line being run; `lines.length` once the thread finished. */
  line: number;
}

/**
 * Runs a call's kernel code inside the current explorer thread: a syscall body with its return to user mode
 * (task_work), or an irq body inline (the thread is the irq thread). The same code `Session.invoke` runs to completion.
 */
export function* runPlan(plan: CallPlan): Gen<CallRun> {
  if (plan.kind !== 'kernel') return plan;
  const k = plan.call;
  const v = k.where === 'syscall' ? yield* syscall(k.body) : yield* k.body;
  return { kind: 'done', ...plan.done(v) };
}

function callCtx(m: Machine, proc: ProcessState, names: readonly string[]): CallCtx {
  return {
    machine: m,
    proc,
    names,
    syscall: kernelCall,
    irq: irqCall,
    newProcessName: () => names[0] ?? `${proc.name}.child`,
    adopt: (task: Task, name: string) => new ProcessState(name, task),
  };
}

/** How a thread meets the irq threads that use its names (`ThreadDef.after`). */
export interface ThreadLinks {
  /** This irq thread first sleeps until the thread whose names it uses wakes it. */
  readonly waits: boolean;
  /** The irq threads this thread wakes, each after its line `line` (0-based). */
  readonly wakes: readonly { readonly line: number; readonly task: Task }[];
  /** The names bound by task threads, for the irq threads that use them (one map per execution). */
  readonly exported: Map<string, Binding>;
}

/**
 * A thread's lines, one call after another; names it binds are visible to its later lines. An irq thread that uses
 * a task thread's names sleeps (interruptibly: `blocked` if it never comes) until that thread has bound them.
 */
export function* litmusThread(
  m: Machine,
  th: ThreadDef,
  task: Task,
  initEnv: ReadonlyMap<string, Binding>,
  rec: ThreadRecord,
  links: ThreadLinks = { waits: false, wakes: [], exported: new Map() },
): Gen<void> {
  const env = new Map(initEnv);
  if (links.waits) {
    // Created asleep (compile.ts sets the state in setup): the first step is the sleep, ended by the binder's wake-up.
    yield* schedule();
    for (const [n, b] of links.exported) env.set(n, b);
  }
  const proc = new ProcessState(th.name, task);
  for (let li = 0; li < th.lines.length; li++) {
    const line = th.lines[li] as ThreadDef['lines'][number];
    rec.line = li;
    const args = line.args.map((a) => a(env));
    const r = yield* runPlan(line.def.run(callCtx(m, proc, line.names), ...args));
    if (r.kind !== 'done') throw new Error(`epoll-lab bug: ${line.def.name} planned a ${r.kind} run`);
    const vals = lineValues(r.result, line.names);
    line.names.forEach((n, i) => {
      rec.values.set(n, vals[i] as ResultValue);
      const b = r.binds[i];
      if (b === undefined) return;
      env.set(n, b);
      if (links.wakes.length > 0) links.exported.set(n, b);
    });
    // The device raises its interrupt once the submission it completes exists.
    for (const w of links.wakes) if (w.line === li) yield* try_to_wake_up(w.task, TASK_INTERRUPTIBLE);
  }
  rec.line = th.lines.length;
}
