// Explorer: depth-first search over every interleaving (naive), optionally preemption-bounded (CHESS-style).
import type { Task } from '../kernel/task.ts';
import type { AbandonReason, Strategy } from './engine.ts';

/**
 * Stateless DFS: the stack holds, per scheduling point with two or more enabled threads, the number of enabled
 * threads, the alternative being explored, the index of the previously running thread among them and the preemptions
 * spent before the point. Alternatives are ordered "keep running the previous thread" first, then the others in
 * `machine.tasks` order. With a bound, switching away from an enabled thread costs one preemption.
 */
export class DfsStrategy implements Strategy {
  private n: number[] = [];
  private c: number[] = [];
  private prev: number[] = [];
  private pre: number[] = [];
  private len = 0;
  private depth = 0;
  private lastTask = -1;
  private preemptions = 0;
  readonly abandon: AbandonReason = 'blocked';
  readonly onAlloc = null;

  /** Choice points below `floor` replay `prefix` and are never backtracked (a subtree, see `parallel/`). */
  private readonly floor: number;

  constructor(
    readonly bound: number = Infinity,
    prefix: readonly number[] = [],
  ) {
    this.c = [...prefix];
    this.len = this.floor = prefix.length;
  }

  prepare(): void {}
  begin(): void {
    this.depth = 0;
    this.lastTask = -1;
    this.preemptions = 0;
  }

  pick(_enabled: readonly Task[], idx: readonly number[], n: number): number {
    if (n === 1) return 0;
    let prevK = -1;
    for (let k = 0; k < n; k++) if (idx[k] === this.lastTask) prevK = k;
    const d = this.depth++;
    let alt = 0;
    if (d < this.len) alt = this.c[d] as number;
    else {
      this.n[d] = n;
      this.prev[d] = prevK;
      this.pre[d] = this.preemptions;
      this.c[d] = 0;
      this.len = d + 1;
    }
    let k = alt;
    if (prevK >= 0) k = alt === 0 ? prevK : alt - 1 >= prevK ? alt : alt - 1;
    if (prevK >= 0 && k !== prevK) this.preemptions++;
    return k;
  }

  before(ti: number): void {
    this.lastTask = ti;
  }
  halted(): void {}
  spawned(): void {}
  clock(): void {}

  /** Preemptions used by the execution that just ran. */
  get used(): number {
    return this.preemptions;
  }

  /** Alternatives (within the bound) at choice point `d` of the last execution; 0 when it had no such point. */
  alternatives(d: number): number {
    if (d >= this.len) return 0;
    return (this.pre[d] as number) >= this.bound && (this.prev[d] as number) >= 0 ? 1 : (this.n[d] as number);
  }

  /** Moves to the next schedule; false when every schedule (within the bound) has been run. */
  next(): boolean {
    for (let d = this.len - 1; d >= this.floor; d--) {
      const limited = (this.pre[d] as number) >= this.bound && (this.prev[d] as number) >= 0;
      const alts = limited ? 1 : (this.n[d] as number);
      if ((this.c[d] as number) + 1 < alts) {
        this.c[d] = (this.c[d] as number) + 1;
        this.len = d + 1;
        return true;
      }
    }
    this.len = 0;
    return false;
  }
}

/** Follows a recorded choice list (replay); past its end, runs the first enabled thread. */
export class ReplayStrategy implements Strategy {
  private i = 0;
  readonly abandon: AbandonReason = 'blocked';
  readonly onAlloc = null;
  constructor(private readonly choices: readonly number[]) {}
  prepare(): void {}
  begin(): void {
    this.i = 0;
  }
  pick(_enabled: readonly Task[], _idx: readonly number[], n: number): number {
    if (n === 1) return 0;
    const k = this.choices[this.i++] ?? 0;
    return k < n ? k : -1;
  }
  before(): void {}
  halted(): void {}
  spawned(): void {}
  clock(): void {}
}
