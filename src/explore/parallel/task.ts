// Explorer, parallel: subtrees of the exploration tree as values — what a worker explores and what it answers.
import type { ViolationKind } from '../../kernel/violation.ts';
import type { LockEdge } from '../lockdep.ts';
import type { ViolationRecord } from '../explore.ts';

/** What is explored: the mode and the settings every subtree (and every shard) must share. */
export interface TreeSpec {
  /** `naive` and `bounded` are DFS (split by choice prefix); `dpor` is optimal DPOR below sleep-set DFS splits. */
  readonly mode: 'naive' | 'dpor' | 'bounded';
  /** Preemption bound (`bounded` only). */
  readonly bound: number | null;
  /**
   * Subtrees whose size estimate exceeds the root's divided by this are split (defaults: `DEFAULT_GRANULARITY` for
   * DPOR, `DFS_GRANULARITY` for DFS). The decomposition (and, for DPOR, which representative of a trace class is run)
   * depends only on the scenario, mode and granularity: never on the number of workers or shards, nor on timing.
   */
  readonly granularity: number;
  readonly lockdep: boolean;
  readonly stopOn: ViolationKind | readonly ViolationKind[] | true | null;
  /**
   * The symmetry gate (DESIGN.md, "Symmetry"): every subtree and split explores the gated program, and the outcomes
   * are renamed once the subtrees are merged. Only when the scenario declares interchangeable threads; absent when off
   * (so that files written before the option existed keep their identity).
   */
  readonly symmetry?: true;
}

/**
 * Subtrees are split at most this deep (splits per root-to-leaf path). A DPOR split consumes one event, and on a
 * lopsided tree most of the work stays in the first child (its siblings hold only the schedules that postpone the
 * first child's event past a dependent one): at 24 levels, the bench's 3-thread tests kept 40-47% of their
 * executions in one subtree at that depth (measured before issue 8's step fixes made the tests larger).
 */
export const MAX_SPLIT_DEPTH = 200;

/**
 * The default `TreeSpec.granularity` of DPOR: 2^30 (naive and bounded DFS keep 32: their subtrees partition the
 * schedules and Knuth's estimator of them is unbiased). The naive-interleaving estimate falls by about the thread
 * count per event a split consumes while the DPOR subtree below often barely shrinks, so the threshold has to be far
 * below the root's estimate for the decomposition to reach balanced subtrees. Measured on the bench's two 3-thread
 * tests (19k and 114k executions): at 32 one subtree kept 86-92% of the runs; at 2^30 the largest keeps 18-22%, for
 * 1-5% sleep-set-blocked runs and 1-5% probe runs; at 2^40 the largest keeps 7-13% but blocked runs reach 10% on
 * the smaller test.
 */
export const DEFAULT_GRANULARITY = 2 ** 30;

/** The default `TreeSpec.granularity` of naive and bounded DFS. */
export const DFS_GRANULARITY = 32;

/** One subtree: a prefix of the exploration tree that is replayed, and where its own exploration starts. */
export interface SubtreeTask {
  /** Sibling indices from the root: the subtree's place in DFS order (results merge in this order). */
  readonly path: readonly number[];
  /** DPOR: the `machine.tasks` index of the thread of every event before the root; DFS: the alternative taken at each choice point. */
  readonly prefix: readonly number[];
  /** DPOR: the root's sleep set as `[machine.tasks index, its sleeping event halted]`; DFS: empty. */
  readonly sleep: readonly (readonly [number, boolean])[];
  /** Split when the estimate is above this; null: the root decides (root estimate / granularity). */
  readonly threshold: number | null;
  /** Size estimate (for progress and shard balance; not for correctness). */
  readonly estimate: number;
}

/** The first execution (in the subtree's order) that reached an outcome, and how many did. */
export interface OutcomeRec {
  readonly outcome: string;
  count: number;
  readonly token: string;
  /** Run index in the subtree of the first execution. */
  readonly run: number;
}

/** A violation's first occurrence in the subtree (dedup key as the sequential explorer's). */
export interface ViolationRec extends ViolationRecord {
  readonly key: string;
  readonly run: number;
}

/** A lock-order edge first seen in the subtree; cycles are found when subtrees are merged in order. */
export interface EdgeRec {
  readonly edge: LockEdge;
  readonly token: string;
  readonly run: number;
}

/** Counters of one subtree. */
export interface TaskStats {
  executions: number;
  redundant: number;
  blocked: number;
  steps: number;
  /** All executions run (complete, redundant, blocked). */
  runs: number;
  insertions: number;
  /** Executions that ended with a thread held at the symmetry gate (dead ends of the gated program); absent: 0. */
  gated?: number;
}

/** How a subtree's exploration ended. */
export type TaskEnd = 'done' | 'violation' | 'limit' | 'model-error';

/** The result of exploring one subtree (JSON-safe). */
export interface TaskResult {
  readonly path: readonly number[];
  readonly end: TaskEnd;
  readonly outcomes: OutcomeRec[];
  readonly violations: ViolationRec[];
  readonly edges: EdgeRec[];
  readonly stats: TaskStats;
  /** The most events each thread (by name) made in one execution. */
  readonly maxEvents: [string, number][];
  readonly error: { readonly message: string; readonly token: string } | null;
}

/** A worker's answer: the subtree's result, or its split into child subtrees (in DFS order). */
export type TaskAnswer =
  | { readonly kind: 'result'; readonly result: TaskResult }
  | {
      readonly kind: 'split';
      readonly path: readonly number[];
      readonly children: SubtreeTask[];
      readonly probes: number;
    };

/** The root of the whole tree. */
export const ROOT: SubtreeTask = { path: [], prefix: [], sleep: [], threshold: null, estimate: Infinity };

/** DFS order of subtree paths (a parent before its children, siblings by index). */
export function comparePaths(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}
