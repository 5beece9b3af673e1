// Test helper: parallel exploration on toy programs and scenarios — references, comparisons of results.
import assert from 'node:assert/strict';
import type { ExploreResult } from '../../../src/explore/index.ts';
import {
  exploreParallel,
  type ParallelOptions,
  type ParallelRun,
  type ScenarioRef,
} from '../../../src/explore/parallel/index.ts';
import type { ResultFile } from '../../../src/explore/parallel/shard.ts';
import type { Program } from '../toy.ts';

/** A toy program as a reference workers can rebuild. */
export function toyRef(p: Program, opts?: { init?: number }): ScenarioRef {
  const args = opts === undefined ? [p] : [p, opts];
  return { kind: 'module', module: new URL('../toy.ts', import.meta.url).href, export: 'toyScenario', args };
}

/** Runs `exploreParallel` and fails the test on a user error. */
export async function par(ref: ScenarioRef, o: ParallelOptions): Promise<ParallelRun> {
  const r = await exploreParallel(ref, { progress: false, ...o });
  if (!r.ok) assert.fail(`${r.code} ${r.message}`);
  return r;
}

/** Outcome -> count. */
export function counts(r: ExploreResult): Map<string, number> {
  return new Map([...r.outcomes].map(([k, v]) => [k, v.count]));
}

/** Distinct violations as the explorer dedups them (kind + title without object ids). */
export function violationKeys(r: ExploreResult): string[] {
  return [...new Set(r.violations.map((v) => `${v.kind}|${v.violation.title.replace(/#\d+/g, '#')}`))].sort();
}

/**
 * What a result file says about the program — everything but the decomposition (subtree paths, and the runs,
 * steps and race insertions that depend on where the tree was split) and wall-clock figures: the states, counts,
 * tokens, violations, limit and executions. Shards are planned by measured size, so their decomposition is finer
 * than a whole exploration's; what they find must be the same.
 */
export function findings(f: ResultFile): unknown {
  const { tasks: _t, stats, violations, ...rest } = f;
  // A lock-order report names the run of its subtree where an edge was first seen: a decomposition detail.
  const vs = violations.map((v) => ({ ...v, report: v.report.replace(/\(execution \d+\)/g, '(execution)') }));
  return { ...rest, violations: vs, executions: stats.executions, naiveEstimate: stats.naiveEstimate };
}

/**
 * What every decomposition must agree on even where counting steps made subtrees order different counts (DESIGN.md,
 * "Counting steps"): completeness, the states and the violations, not the per-class counts and tokens.
 */
export function verdicts(f: ResultFile): unknown {
  return {
    complete: f.complete,
    identity: f.identity,
    outcomes: f.outcomes.map((o) => o.outcome).sort(),
    violations: f.violations.map((v) => `${v.kind}: ${v.report.split('\n')[0] ?? ''}`).sort(),
  };
}

/** Everything but wall-clock figures. */
export function timeless(f: ResultFile): unknown {
  const { ms: _ms, execPerSec: _e, ...stats } = f.stats;
  return { ...f, stats };
}
