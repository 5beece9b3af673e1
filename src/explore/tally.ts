// Explorer: the accounting one exploration loop keeps — execution counters, the naive estimate, violation dedup.
import type { Task } from '../kernel/task.ts';
import type { Violation } from '../kernel/violation.ts';
import type { Engine, ExecResult } from './engine.ts';
import { multinomial } from './stats.ts';

/** Titles with object ids removed (ids depend on allocation order), memoised: titles repeat across executions. */
const normalised = new Map<string, string>();

/** A violation title without object ids (`file#23` -> `file#`), comparable across executions and variants. */
export function normalisedTitle(title: string): string {
  let t = normalised.get(title);
  if (t === undefined) {
    t = title.replace(/#\d+/g, '#');
    if (normalised.size < 10_000) normalised.set(title, t);
  }
  return t;
}

/** A dedup key for violations: kind, title without object ids, innermost function. */
export function violationKey(v: Violation): string {
  return `${v.kind}|${normalisedTitle(v.title)}|${v.stack.at(-1) ?? ''}`;
}

/** Counters of one exploration (or one subtree of it), shared by `explore()` and the parallel explorer's subtrees. */
export class Tally {
  executions = 0;
  redundant = 0;
  blocked = 0;
  /** Executions of DPOR's choice program the kernel cannot run (value branches). */
  infeasible = 0;
  /** Executions cut at a cached state (stateful mode). */
  merged = 0;
  /** Executions that ended with a thread held at the symmetry gate (not outcomes). */
  gated = 0;
  steps = 0;
  /** Every execution run, complete or abandoned. */
  runs = 0;
  /** The most events each thread made in one execution: their multinomial estimates the naive interleavings. */
  readonly maxEvents = new Map<string, number>();
  private estimate = -1;
  private readonly seen = new Set<string>();

  /** Accounts one execution of `engine`; true when it completed (an outcome to record), false when abandoned. */
  count(res: ExecResult, engine: Engine): boolean {
    this.runs++;
    this.steps += res.events;
    if (res.gated) {
      this.gated++;
      return false;
    }
    if (res.end === 'abandoned') {
      if (res.abandon === 'redundant') this.redundant++;
      else if (res.abandon === 'merged') this.merged++;
      else if (res.abandon === 'infeasible') this.infeasible++;
      else this.blocked++;
      return false;
    }
    this.executions++;
    const tasks = engine.ctx.machine.tasks;
    for (let i = 0; i < tasks.length; i++) {
      const c = engine.counts[i] ?? 0;
      const comm = (tasks[i] as Task).comm;
      if (c > (this.maxEvents.get(comm) ?? 0)) {
        this.maxEvents.set(comm, c);
        this.estimate = -1;
      }
    }
    return true;
  }

  /** The dedup key of a violation seen for the first time in this exploration, or null when it was seen before. */
  firstSeen(v: Violation): string | null {
    const key = violationKey(v);
    if (this.seen.has(key)) return null;
    this.seen.add(key);
    return key;
  }

  /** The naive interleaving estimate from `maxEvents` (memoised until it grows). */
  naiveEstimate(): number {
    if (this.estimate < 0) this.estimate = multinomial(this.maxEvents.values());
    return this.estimate;
  }
}
