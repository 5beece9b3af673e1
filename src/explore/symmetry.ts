// Explorer: symmetry reduction — identical threads enter their first critical section in thread order.
import type { Step } from '../kernel/step.ts';
import type { Task } from '../kernel/task.ts';

/**
 * Threads of a scenario that are interchangeable: same program, same starting state up to their own identity, and
 * nothing in the kernel that treats one differently from another. `classes` lists initial-thread indices (in the
 * setup's `threads`), each class in thread order.
 */
export interface Symmetry {
  readonly classes: readonly (readonly number[])[];
  /**
   * The outcome (`ExecResult.outcome`) of the execution with the threads renamed: `perm[i]` is the initial thread
   * that plays thread `i`'s part. Called only with outcomes the scenario produced.
   */
  permute(outcome: string, perm: readonly number[]): string;
}

/** The gate step: a thread's first lock acquisition (mutex, spinlock, rwlock; a fast-path try included). */
export function isGateStep(s: Step): boolean {
  return s.k === 'acquire';
}

/**
 * The engine's symmetry gate (DESIGN.md, "Symmetry"). Within a class, thread k+1 may not make its gate step before
 * thread k made its own, and the gate event of k+1 happens after that of k (an edge the DPOR strategy adds, like a
 * spawn). Every execution has a renaming of the class in which the gate steps come in thread order (sort the threads
 * by the time of their gate step, those that never make one last), with the renamed final state; so the gated program
 * reaches every final state up to the renaming, and `permute` gives back the others. An execution that ends with a
 * thread held at the gate is one of the renamed program's own dead ends: it is dropped, not reported as a deadlock.
 */
export class SymmetryGate {
  /** Per task index: the task index of the previous thread of its class, -1 for the first, -2 outside any class. */
  private pred = new Int32Array(0);
  /** Per task index: the event of its gate step, -1 before it. */
  private at = new Int32Array(0);
  /** Threads held at the gate by the last `admits` sweep. */
  held = 0;

  constructor(readonly symmetry: Symmetry) {}

  /** A fresh execution: `taskOf[i]` is the task index of initial thread `i`. */
  begin(taskOf: readonly number[], ntasks: number): void {
    if (this.pred.length < ntasks) {
      this.pred = new Int32Array(ntasks + 8);
      this.at = new Int32Array(ntasks + 8);
    }
    this.pred.fill(-2);
    this.at.fill(-1);
    for (const c of this.symmetry.classes)
      c.forEach((th, k) => {
        this.pred[taskOf[th] as number] = k === 0 ? -1 : (taskOf[c[k - 1] as number] as number);
      });
    this.held = 0;
  }

  /** Whether task `ti` (enabled for the kernel) may make its pending step now; counts the threads held. */
  admits(ti: number, t: Task): boolean {
    const p = ti < this.pred.length ? (this.pred[ti] as number) : -2;
    if (p < 0 || (this.at[ti] as number) >= 0 || (this.at[p] as number) >= 0) return true;
    if (!isGateStep(t.pending as Step)) return true;
    this.held++;
    return false;
  }

  /**
   * Task `ti` makes step `s` as event `pos`. Returns the event it must happen after (the previous thread's gate
   * event), or -1.
   */
  step(ti: number, s: Step, pos: number): number {
    const p = ti < this.pred.length ? (this.pred[ti] as number) : -2;
    if (p === -2 || (this.at[ti] as number) >= 0 || !isGateStep(s)) return -1;
    this.at[ti] = pos;
    return p >= 0 ? (this.at[p] as number) : -1;
  }
}
