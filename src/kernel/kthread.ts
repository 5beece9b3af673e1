// Models kernel/kthread.c (kthread_run) and wake_up_new_task: a new thread is handed its code; a driver runs it.
import type { Machine } from './machine.ts';
import type { Gen } from './step.ts';
import type { Task, TaskContext } from './task.ts';

/**
 * wake_up_new_task: gives a task the code it runs. Nothing runs until a driver (src/sched/) calls `runStep`: this is
 * the kernel's side of starting a thread, so kernel code (workqueues, irq threads) starts threads without the driver.
 */
export function wake_up_new_task(t: Task, gen: Gen<unknown>): void {
  if (!t.done) throw new Error(`epoll-lab bug: ${t.comm} is still running a call`);
  t.gen = gen;
  t.frames.length = 0;
  t.frames.push(gen);
  t.machine.frameObs?.reset(t);
  t.pending = null;
  t.done = false;
  t.result = undefined;
}

/** kthread_run: a new kernel thread (no files) named `comm`, running `threadfn()`, created before its code is built. */
export function kthread_run(m: Machine, comm: string, context: TaskContext, threadfn: () => Gen<unknown>): Task {
  const t = m.spawn(comm, context, null);
  wake_up_new_task(t, threadfn());
  return t;
}
