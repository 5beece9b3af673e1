// Litmus tests: a thread's program for the explorer — each line runs the call registry's kernel code step by step.
import type { Machine } from '../kernel/machine.ts';
import type { Gen } from '../kernel/step.ts';
import { syscall } from '../kernel/syscall.ts';
import type { Task } from '../kernel/task.ts';
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

/** A thread's lines, one call after another; names it binds are visible to its later lines. */
export function* litmusThread(
  m: Machine,
  th: ThreadDef,
  task: Task,
  initEnv: ReadonlyMap<string, Binding>,
  rec: ThreadRecord,
): Gen<void> {
  const env = new Map(initEnv);
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
      if (b !== undefined) env.set(n, b);
    });
  }
  rec.line = th.lines.length;
}
