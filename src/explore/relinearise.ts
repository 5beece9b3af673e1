// Explorer: replaying a recorded order of tasks — renamed outcomes (symmetry), placed value branches' tokens.
import type { Task } from '../kernel/task.ts';
import { Engine, IntLog, type AbandonReason, type ExecContext, type Strategy } from './engine.ts';
import type { Scenario } from './scenario.ts';

/**
 * Runs a recorded order of tasks (one task index per event), each initial thread renamed by `perm` (the thread at
 * litmus position i plays the part of the one at `perm[i]`; null: as recorded). The symmetry reduction's renamed
 * outcomes and the value branches' placed orders replay through it.
 */
export class OrderStrategy implements Strategy {
  readonly abandon: AbandonReason = 'blocked';
  readonly onAlloc = null;
  private map: number[] = [];
  private i = 0;
  constructor(
    private readonly seq: readonly number[],
    private readonly perm: readonly number[] | null = null,
  ) {}
  prepare(): void {}
  begin(ctx: ExecContext): void {
    const tasks = ctx.machine.tasks;
    this.map = tasks.map((_, i) => i);
    const perm = this.perm;
    if (perm !== null)
      ctx.threads.forEach((t, i) => {
        this.map[tasks.indexOf(t)] = tasks.indexOf(ctx.threads[perm[i] as number] as Task);
      });
    this.i = 0;
  }
  pick(_enabled: readonly Task[], idx: readonly number[], n: number): number {
    const t = this.seq[this.i++] ?? -1;
    // Threads spawned after the setup (kworkers, children) keep their index: the renamed run spawns them alike.
    const want = t < this.map.length ? (this.map[t] as number) : t;
    for (let k = 0; k < n; k++) if (idx[k] === want) return k;
    return -1;
  }
  before(): void {}
  halted(): void {}
  spawned(): void {}
  clock(): void {}
}

/**
 * Replays `scenario` running task `order[i]` at event `i` (view reads return their view there) and returns the
 * choices, the stuff of a replay token; or an error message when the order does not run or does not end in `outcome`
 * (a bug of ours: the placement promised an execution of the kernel).
 */
export function relinearise(scenario: Scenario, order: readonly number[], outcome: string | null): IntLog | string {
  const choices = new IntLog();
  const res = new Engine(scenario, new OrderStrategy(order)).execute({ choices, lockdep: null, trace: null });
  if (res.events !== order.length && !(res.end === 'abandoned' && res.events === order.length))
    return `value branches: the placed order ran ${res.events} of its ${order.length} events`;
  if (outcome !== null && res.outcome !== outcome)
    return `value branches: the placed order ended in ${JSON.stringify(res.outcome)}, not ${JSON.stringify(outcome)}`;
  return choices;
}
