// Models include/linux/sched.h: struct task_struct as far as scheduling state, task_work and files go.
import type { Aliases } from './access.ts';
import { KObject } from './object.ts';
import { NO_VIEW, type Gen, type Step } from './step.ts';
import type { FilesStruct } from './fdtable.ts';
import type { Machine } from './machine.ts';

export const TASK_RUNNING = 0;
export const TASK_INTERRUPTIBLE = 1;
export const TASK_UNINTERRUPTIBLE = 2;
export type TaskState = typeof TASK_RUNNING | typeof TASK_INTERRUPTIBLE | typeof TASK_UNINTERRUPTIBLE;

/** Where a thread runs: a user task in a syscall, hard-irq context (fence signalling, timers), or a kworker. */
export type TaskContext = 'user' | 'irq' | 'kworker';

/** A queued task_work callback (struct callback_head). */
export interface CallbackHead {
  readonly name: string;
  readonly func: () => Gen<void>;
}

/** A modelled thread. `gen`/`pending` belong to the driver: the generator being run and the step it waits to make. */
export class Task extends KObject {
  /** Not kernel state: the driver's (src/kernel/access.ts). */
  static readonly $bookkeeping = [
    'stack',
    'gen',
    'frames',
    'pending',
    'result',
    'done',
    'machine',
    'comm',
    'context',
    'viewValue',
  ];
  /** Fields only the task itself touches (its timeout, its fd table pointer): thread-local by construction. */
  static readonly $ownFields = ['timeout', 'timedOut', 'files'];
  /** Closing the list stores a sentinel in `task_works` itself (work_exited). */
  static readonly $aliases: Aliases<Task> = { task_works_closed: 'task_works' };
  state: TaskState = TASK_RUNNING;
  /** Pending task_work, most recent first (task_work_add pushes at the head). */
  task_works: CallbackHead[] = [];
  /** Set once exit_task_work has run: task_work_add then fails. */
  task_works_closed = false;
  /** Absolute virtual-clock deadline of a schedule_timeout() in progress, or null. */
  timeout: number | null = null;
  timedOut = false;
  signalPending = false;
  /** Model call stack of kernel function names, innermost last. */
  readonly stack: string[] = [];
  gen: Gen<unknown> | null = null;
  /** The driver's frame stack (`start` puts `gen` at the bottom), then the body of each `kfn` call in progress. */
  readonly frames: Gen<unknown>[] = [];
  pending: Step | null = null;
  /** The value the explorer placed for the pending view read (`viewRead`), or `NO_VIEW`. */
  viewValue: unknown = NO_VIEW;
  /** Result of the last finished generator. */
  result: unknown = undefined;
  /** The pid (alloc_pid in kernel_clone; the boot task is 1); kernel threads keep 0. */
  pid = 0;
  done = true;
  constructor(
    readonly machine: Machine,
    /** Name in reports: `P0`, `main`, `irq/fence`, `kworker/u4:1`. */
    readonly comm: string,
    readonly context: TaskContext,
    public files: FilesStruct | null,
  ) {
    super();
  }
  override get kind(): string {
    return 'struct task_struct';
  }
  override get label(): string {
    return this.comm;
  }
}
