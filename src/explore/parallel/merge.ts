// Explorer, parallel: merges subtree results in DFS order into the result one exploration of the whole tree gives.
import { cycleViolation, type ExploreResult, type OutcomeInfo, type ViolationRecord } from '../explore.ts';
import { replay } from '../replay.ts';
import type { Scenario } from '../scenario.ts';
import { closeOutcomes } from '../symmetry-close.ts';
import { LockDep } from '../lockdep.ts';
import { lockOrderReport } from '../report.ts';
import { multinomial, type ExploreStats } from '../stats.ts';
import { comparePaths, type TaskResult, type TreeSpec } from './task.ts';

/** The accumulated findings of subtrees merged in order. */
export interface Merged {
  readonly outcomes: Map<string, OutcomeInfo>;
  readonly violations: ViolationRecord[];
  readonly stats: Omit<ExploreStats, 'ms' | 'execPerSec'> & { readonly runs: number };
  /** The first subtree (in DFS order) that stopped at a violation, a limit or a model error. */
  readonly stopped: TaskResult | null;
}

/**
 * Merges subtree results (any order in, DFS order used): outcome counts add up and keep the first token; a violation
 * keeps its first occurrence; lock-order edges are replayed into one lockdep graph in the order the whole
 * exploration would have added them (an edge's first occurrence is in the first subtree that has it), so cycles are
 * found as a single exploration finds them. Results after the first one that stopped (violation, limit, model error)
 * are left out: a single exploration would not have reached them.
 */
export function mergeResults(input: readonly TaskResult[]): Merged {
  const results = untilStop(input);
  const outcomes = new Map<string, OutcomeInfo>();
  const violations: ViolationRecord[] = [];
  const keys = new Set<string>();
  const lockdep = new LockDep();
  const maxEvents = new Map<string, number>();
  let executions = 0;
  let redundant = 0;
  let blocked = 0;
  let steps = 0;
  let runs = 0;
  let insertions = 0;
  let gated = 0;
  let stopped: TaskResult | null = null;
  for (const r of results) {
    executions += r.stats.executions;
    redundant += r.stats.redundant;
    blocked += r.stats.blocked;
    steps += r.stats.steps;
    runs += r.stats.runs;
    insertions += r.stats.insertions;
    gated += r.stats.gated ?? 0;
    for (const [c, n] of r.maxEvents) if (n > (maxEvents.get(c) ?? 0)) maxEvents.set(c, n);
    for (const o of r.outcomes) {
      const e = outcomes.get(o.outcome);
      if (e === undefined) outcomes.set(o.outcome, { count: o.count, token: o.token });
      else e.count += o.count;
    }
    let vi = 0;
    let ei = 0;
    const vs = r.violations;
    const es = r.edges;
    while (vi < vs.length || ei < es.length) {
      const v = vs[vi];
      const e = es[ei];
      if (v !== undefined && (e === undefined || v.run <= e.run)) {
        vi++;
        if (keys.has(v.key)) continue;
        keys.add(v.key);
        violations.push({ kind: v.kind, token: v.token, report: v.report, violation: v.violation });
      } else if (e !== undefined) {
        ei++;
        lockdep.addEdge(e.edge);
        for (const c of lockdep.found)
          violations.push({
            kind: 'lock-order',
            token: e.token,
            report: lockOrderReport(c),
            violation: cycleViolation(c),
          });
        lockdep.found.length = 0;
      }
    }
    if (r.end !== 'done') {
      stopped = r;
      break;
    }
  }
  return {
    outcomes,
    violations,
    stats: {
      executions,
      redundant,
      blocked,
      steps,
      runs,
      insertions,
      gated,
      naiveEstimate: multinomial(maxEvents.values()),
    },
    stopped,
  };
}

/** Results in DFS order, up to and including the first that stopped (what one exploration would have run). */
export function untilStop(input: readonly TaskResult[]): TaskResult[] {
  const results = [...input].sort((a, b) => comparePaths(a.path, b.path));
  const i = results.findIndex((r) => r.end !== 'done');
  return i < 0 ? results : results.slice(0, i + 1);
}

/** An `ExploreResult` from merged subtrees; `complete`: every subtree was explored (or the stop is final). */
export function toExploreResult(
  scenario: string,
  spec: TreeSpec,
  m: Merged,
  ms: number,
  limit: 'executions' | 'timeout' | 'interrupted' | null,
): ExploreResult {
  const { runs: _runs, gated, ...rest } = m.stats;
  const common = {
    scenario,
    mode: spec.mode,
    preemptionBound: spec.mode === 'bounded' ? spec.bound : null,
    outcomes: m.outcomes,
    violations: m.violations,
    stats: {
      ...rest,
      ...(spec.symmetry === true ? { gated } : {}),
      ms,
      execPerSec: ms > 0 ? (m.stats.runs * 1000) / ms : 0,
    },
  };
  const s = m.stopped;
  if (s !== null && s.end === 'model-error' && s.error !== null)
    return { ...common, kind: 'model-error', message: s.error.message, token: s.error.token };
  if (s !== null && s.end === 'violation') return { ...common, kind: 'bound-reached', limit: 'violation' };
  if (limit !== null || (s !== null && s.end === 'limit'))
    return { ...common, kind: 'bound-reached', limit: limit ?? 'executions' };
  return { ...common, kind: 'exhausted' };
}

/**
 * The merged result with every renaming of its outcomes (the symmetry reduction), as the sequential explorer closes
 * its own: a renaming that does not replay to the renamed outcome makes it a model error. Used at the end of a run
 * and by `merge` for shards.
 */
export function closeMerged(sc: Scenario, spec: TreeSpec, r: ExploreResult): ExploreResult {
  if (spec.symmetry !== true || r.kind === 'model-error') return r;
  // `permute` reads what the scenario recorded when it produced an outcome (a litmus test's final state), and the
  // outcomes were produced on worker threads: each is replayed here first.
  for (const [o, info] of r.outcomes) {
    const x = replay(sc, info.token);
    if (!x.ok || x.outcome !== o)
      return { ...r, kind: 'model-error', message: `epoll-lab bug: outcome '${o}' does not replay`, token: info.token };
  }
  const bad = closeOutcomes(sc, r.outcomes, sc.setup().threads.length);
  return bad === null ? r : { ...r, kind: 'model-error', message: bad.message, token: bad.token };
}
