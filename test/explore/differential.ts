// Test helper: the differential check of one toy program — naive vs DPOR vs bounded, tokens replayed.
import assert from 'node:assert/strict';
import { explore, replay, type ExploreResult, type Scenario } from '../../src/explore/index.ts';
import { toyScenario, type Program } from './toy.ts';

/** Totals over the programs checked, for the final report of a property test. */
export interface Tally {
  programs: number;
  /** Programs whose naive exploration finished (full outcome-set equality checked). */
  full: number;
  naive: number;
  dpor: number;
  redundant: number;
  blocked: number;
}

export function newTally(): Tally {
  return { programs: 0, full: 0, naive: 0, dpor: 0, redundant: 0, blocked: 0 };
}

const sorted = (m: Map<string, unknown>): string[] => [...m.keys()].sort();

/**
 * Checks one program: DPOR exhausts with 0 redundant and 0 blocked executions; naive DFS (capped at `cap`) gives the
 * same outcome set (a subset when capped); preemption-bounded DFS gives a subset; every DPOR token replays its outcome.
 */
export function checkProgram(p: Program, t: Tally, cap = 2500, variant?: string): void {
  const sc = toyScenario(p, variant === undefined ? {} : { variant });
  const d = explore(sc, { mode: 'dpor' });
  assert.equal(d.kind, 'exhausted', `dpor: ${d.kind === 'model-error' ? d.message : d.kind}`);
  assert.equal(d.stats.redundant, 0, 'dpor explored sleep-set-blocked executions');
  assert.equal(d.stats.blocked, 0, 'dpor followed an infeasible schedule');
  const n = explore(sc, { mode: 'naive', maxExecutions: cap });
  assert.notEqual(n.kind, 'model-error');
  if (agreesWithNaive(d, n)) {
    assert.ok(d.stats.executions <= n.stats.executions);
    t.full++;
  }
  const b = explore(sc, { mode: 'naive', bound: 1, maxExecutions: cap });
  for (const o of b.outcomes.keys()) assert.ok(d.outcomes.has(o), `bounded-only outcome ${o}`);
  tokensReplay(sc, d);
  t.programs++;
  t.naive += n.stats.executions;
  t.dpor += d.stats.executions;
  t.redundant += d.stats.redundant;
  t.blocked += d.stats.blocked;
}

/**
 * DPOR's outcome set equals naive DFS's when that finished (true), else includes it (false). Fails otherwise.
 */
export function agreesWithNaive(d: ExploreResult, n: ExploreResult): boolean {
  if (n.kind !== 'exhausted') {
    for (const o of n.outcomes.keys()) assert.ok(d.outcomes.has(o), `naive-only outcome ${o}`);
    return false;
  }
  assert.deepEqual(sorted(d.outcomes), sorted(n.outcomes), 'naive and dpor outcome sets differ');
  return true;
}

/** Every outcome's token replays to that outcome. */
export function tokensReplay(sc: Scenario, r: ExploreResult): void {
  for (const [o, info] of r.outcomes) {
    const x = replay(sc, info.token);
    assert.ok(x.ok, x.ok ? '' : x.message);
    assert.equal(x.outcome, o);
  }
}

/** Totals of a property test of one of DPOR's value-dependent relations against DPOR without it. */
export interface RelationTally {
  programs: number;
  /** Programs whose naive exploration finished (full outcome-set equality checked). */
  full: number;
  naive: number;
  /** Executions without the relation, and with it. */
  plain: number;
  with: number;
  /** Programs where the relation ran more executions than DPOR without it. */
  more: number;
}

export const newRelationTally = (): RelationTally => ({ programs: 0, full: 0, naive: 0, plain: 0, with: 0, more: 0 });

/**
 * One program (cells starting at `init`) under DPOR with `relation` (counting steps, views, value branches), DPOR
 * without it and naive
 * DFS (up to 20,000 executions): the same outcome sets, no infeasible schedule, every token replays. Returns the DPOR
 * result with the relation.
 */
export function relationAgrees(
  p: Program,
  init: number,
  relation: 'counting' | 'views' | 'values',
  t: RelationTally,
): ExploreResult {
  const sc = toyScenario(p, { init });
  const d = explore(sc, { mode: 'dpor', ...(relation === 'values' ? { values: true } : {}) });
  assert.equal(d.kind, 'exhausted', `dpor: ${d.kind === 'model-error' ? d.message : d.kind}`);
  assert.equal(d.stats.blocked, 0, 'dpor followed an infeasible schedule');
  const plain = explore(sc, { mode: 'dpor', [relation]: false });
  assert.equal(plain.kind, 'exhausted');
  assert.deepEqual(
    sorted(d.outcomes),
    sorted(plain.outcomes),
    `DPOR with and without ${relation}: outcome sets differ`,
  );
  const n = explore(sc, { mode: 'naive', maxExecutions: 20_000 });
  if (agreesWithNaive(d, n)) t.full++;
  tokensReplay(sc, d);
  t.programs++;
  t.naive += n.stats.executions;
  t.plain += plain.stats.executions;
  t.with += d.stats.executions;
  if (d.stats.executions > plain.stats.executions) t.more++;
  return d;
}
