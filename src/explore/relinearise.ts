// Explorer: the token of an execution of DPOR's value branches, from the order in which the kernel can run its events.
import type { KObject } from '../kernel/object.ts';
import type { Task } from '../kernel/task.ts';
import { Engine, IntLog, type AbandonReason, type ExecContext, type Strategy } from './engine.ts';
import type { Scenario } from './scenario.ts';

/** Runs the threads in a given order (task indices, one per event), as far as the order goes. */
class OrderStrategy implements Strategy {
  abandon: AbandonReason = 'blocked';
  readonly onAlloc: ((obj: KObject) => void) | null = null;
  constructor(private readonly order: readonly number[]) {}
  prepare(): void {}
  begin(_ctx: ExecContext): void {}
  pick(_enabled: readonly Task[], idx: readonly number[], n: number, pos: number): number {
    const want = this.order[pos];
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
