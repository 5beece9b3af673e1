// Explorer: what an exploration runs — a scenario that boots a fresh kernel and starts its initial threads.
import type { CacheName, Machine } from '../kernel/machine.ts';
import type { TracedCount } from '../kernel/ref_count.ts';
import type { Step } from '../kernel/step.ts';
import type { Task } from '../kernel/task.ts';
import type { Variant } from '../kernel/variant.ts';
import { isEnabled } from '../sched/runtime.ts';
import type { Symmetry } from './symmetry.ts';

/**
 * A concurrent test. `setup` is called once per execution (generators cannot be cloned, so every execution re-runs
 * from scratch along a recorded choice prefix): it boots a machine, spawns the initial threads and `start`s their
 * generators. Everything it does must be deterministic.
 */
export interface Scenario {
  readonly name: string;
  readonly variant: Variant;
  setup(): { machine: Machine; threads: Task[] };
  /**
   * Turns the final state into a canonical string (each thread's result, counters...). It must not mention object
   * ids or slab slots, which depend on the allocation order. Default: `P0=<result> P1=<result>` for `threads`.
   */
  readonly outcome?: (machine: Machine, threads: readonly Task[]) => string;
  /**
   * The reference count a replayed trace shows for a step, read before and after it (undefined: none). Kernel
   * scenarios show a struct file's f_count and a mount's mnt_count (`stepRefCount` of src/kernel/ref_count.ts); the
   * explorer knows no kernel struct.
   */
  readonly traceCount?: (s: Step) => TracedCount | undefined;
  /** Caches whose objects must all be freed by the end of an execution; the leak detector checks them. */
  readonly mustFree?: readonly CacheName[];
  /** `scenarioHash` of the scenario's source text; replay tokens carry it. Default: the hash of `name`. */
  readonly hash?: string;
  /**
   * The user-level state of initial thread `i` (index in the setup's `threads`): which line it is on and the values
   * its finished lines returned. It must determine the thread's future at a line boundary (the stateful mode restarts
   * a thread's observation history when it changes, and a finished thread is identified by it alone).
   */
  readonly threadMark?: (i: number) => string;
  /**
   * What `outcome` reads of an execution a fatal violation halted, besides the violations: the initial threads' marks
   * (`threadMark`) and, with `frees`, which thread freed an object. Declared, DPOR orders a halt only after the events
   * that changed one of these (a finished line, a violation, a free), not after every thread's last event
   * (DESIGN.md, "Halts"). Undeclared: every event counts (an outcome that reads the heap).
   */
  readonly haltView?: { readonly frees: boolean };
  /** Interchangeable initial threads, for the symmetry reduction (`ExploreOptions.symmetry`). */
  readonly symmetry?: Symmetry;
}

/** FNV-1a (32 bit) of a scenario's source text or description, as 8 hex digits: stable across runs and machines. */
export function scenarioHash(source: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < source.length; i++) {
    h ^= source.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The hash a scenario's tokens carry. */
export function hashOf(s: Scenario): string {
  return s.hash ?? scenarioHash(s.name);
}

/** How a thread ended, for outcome strings. */
export function threadResult(t: Task): string {
  if (!t.done) return isEnabled(t) ? 'unfinished' : 'blocked';
  const r = t.result;
  if (r === undefined) return 'void';
  if (typeof r === 'bigint') return `${r}n`;
  if (typeof r === 'number' || typeof r === 'string' || typeof r === 'boolean') return String(r);
  return JSON.stringify(r) ?? 'void';
}

/** The default outcome: every initial thread's result, by name. */
export function defaultOutcome(_m: Machine, threads: readonly Task[]): string {
  return threads.map((t) => `${t.comm}=${threadResult(t)}`).join(' ');
}
