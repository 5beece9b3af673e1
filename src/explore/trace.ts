// Explorer: the trace of a replayed execution — one entry per executed step or clock tick, for reports and replays.
import type { TracedCount } from '../kernel/ref_count.ts';
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
  /** For struct-file counts the scenario traces (`Scenario.traceCount`): the count after the step. */
  readonly fCount?: number;
  /** For steps the scenario counts: the count before the step. */
  readonly fCountBefore?: number;
  /** For mount counts the scenario traces (umount's EBUSY check reads them): the count after and before. */
  readonly mntCount?: number;
  readonly mntCountBefore?: number;
  /** The thread's whole model stack at the step, outermost first (the HTML report draws it as spans). */
  readonly stack?: readonly string[];
}

/** Records the trace of one execution into `entries`: the engine calls `before` and `after` around each step. */
export class TraceRecorder {
  private fn = '';
  private stack: string[] = [];
  private countBefore: TracedCount | undefined = undefined;

  constructor(
    readonly entries: TraceEntry[],
    private readonly count: ((s: Step) => TracedCount | undefined) | undefined,
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
    const before = this.countBefore;
    const after = before === undefined ? undefined : this.count?.(s);
    if (before === undefined || after === undefined) this.entries.push(e);
    else if (after.of === 'mount') this.entries.push({ ...e, mntCount: after.value, mntCountBefore: before.value });
    else this.entries.push({ ...e, fCount: after.value, fCountBefore: before.value });
  }
}
