// Explorer: the trace of a replayed execution — one entry per executed step or clock tick, for reports and replays.
import type { Step, StepKind } from '../kernel/step.ts';
import type { Task } from '../kernel/task.ts';

/** One line of a replayed trace. */
export interface TraceEntry {
  /** Event index. */
  readonly pos: number;
  readonly thread: string;
  /** Innermost kernel function on the thread's model stack. */
  readonly fn: string;
  readonly kind: StepKind | 'clock';
  readonly object: string;
  readonly field: string;
  /** For steps the scenario counts (`Scenario.traceCount`: a struct file's f_count): the count after the step. */
  readonly fCount?: number;
  /** For steps the scenario counts: the count before the step. */
  readonly fCountBefore?: number;
  /** For `mnt_count` steps the scenario counts (umount's EBUSY check reads it): the count after and before. */
  readonly mntCount?: number;
  readonly mntCountBefore?: number;
  /** The thread's whole model stack at the step, outermost first (the HTML report draws it as spans). */
  readonly stack?: readonly string[];
}

/** Records the trace of one execution into `entries`: the engine calls `before` and `after` around each step. */
export class TraceRecorder {
  private fn = '';
  private stack: string[] = [];
  private countBefore: number | undefined = undefined;

  constructor(
    readonly entries: TraceEntry[],
    private readonly count: ((s: Step) => number | undefined) | undefined,
  ) {}

  /** The virtual clock advanced to `clock` at event `pos`. */
  clock(pos: number, clock: number): void {
    this.entries.push({
      pos,
      thread: 'clock',
      fn: 'hrtimer_interrupt',
      kind: 'clock',
      object: 'clock',
      field: `${clock}`,
    });
  }

  /** Task `t` is about to make step `s`: its model stack and the counted value before the step. */
  before(t: Task, s: Step): void {
    this.fn = t.stack.at(-1) ?? '?';
    this.stack = t.stack.slice();
    this.countBefore = this.count?.(s);
  }

  /** Step `s` of task `t` was event `pos`. */
  after(t: Task, s: Step, pos: number): void {
    const e: TraceEntry = {
      pos,
      thread: t.comm,
      fn: this.fn,
      kind: s.k,
      object: s.o.label,
      field: s.f,
      stack: this.stack,
    };
    const after = this.countBefore === undefined ? undefined : this.count?.(s);
    const before = this.countBefore as number;
    if (after === undefined) this.entries.push(e);
    else if (s.f === 'mnt_count') this.entries.push({ ...e, mntCount: after, mntCountBefore: before });
    else this.entries.push({ ...e, fCount: after, fCountBefore: before });
  }
}
