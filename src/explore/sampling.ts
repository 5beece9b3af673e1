// Explorer: sampling schedulers — uniform random and PCT (Burckhardt et al., probabilistic concurrency testing).
import type { AbandonReason, ExecContext, Strategy } from './engine.ts';
import type { Task } from '../kernel/task.ts';
import type { Rng } from './rng.ts';

/** Uniform choice among the enabled threads at every scheduling point. */
export class RandomStrategy implements Strategy {
  readonly abandon: AbandonReason = 'blocked';
  readonly onAlloc = null;
  constructor(private readonly rng: Rng) {}
  prepare(): void {}
  begin(): void {}
  pick(_enabled: readonly Task[], _idx: readonly number[], n: number): number {
    return n === 1 ? 0 : this.rng.below(n);
  }
  before(): void {}
  halted(): void {}
  spawned(): void {}
  clock(): void {}
}

/**
 * PCT with depth d: every thread gets a random priority >= d when it appears; d-1 change points are drawn uniformly
 * over the expected execution length k; at the i-th change point the thread about to run drops to priority d-1-i.
 * The highest-priority enabled thread always runs. k is the longest execution seen so far (initially 32).
 */
export class PctStrategy implements Strategy {
  readonly abandon: AbandonReason = 'blocked';
  readonly onAlloc = null;
  private prio: number[] = [];
  private changes: number[] = [];
  private ci = 0;
  /** Expected number of events of an execution. */
  k = 32;

  constructor(
    private readonly rng: Rng,
    private readonly depth: number,
  ) {}

  prepare(): void {}
  begin(ctx: ExecContext): void {
    this.prio.length = 0;
    for (let i = 0; i < ctx.machine.tasks.length; i++) this.prio.push(this.depth + this.rng.next());
    this.changes.length = 0;
    for (let i = 0; i < this.depth - 1; i++) this.changes.push(this.rng.below(this.k));
    this.changes.sort((a, b) => a - b);
    this.ci = 0;
  }

  pick(_enabled: readonly Task[], idx: readonly number[], n: number, pos: number): number {
    let best = this.best(idx, n);
    while (this.ci < this.changes.length && (this.changes[this.ci] as number) <= pos) {
      this.prio[idx[best] as number] = this.depth - 1 - this.ci;
      this.ci++;
      best = this.best(idx, n);
    }
    return n === 1 ? 0 : best;
  }

  private best(idx: readonly number[], n: number): number {
    let best = 0;
    for (let k = 1; k < n; k++)
      if ((this.prio[idx[k] as number] as number) > (this.prio[idx[best] as number] as number)) best = k;
    return best;
  }

  before(): void {}
  halted(): void {}
  spawned(child: number): void {
    this.prio[child] = this.depth + this.rng.next();
  }
  clock(): void {}
}
