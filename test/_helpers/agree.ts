// Test helper: a scenario's DPOR outcome set checked against preemption-bounded naive DFS and against replay.
import assert from 'node:assert/strict';
import { explore, replay, type ExploreResult, type Scenario } from '../../src/explore/index.ts';

/** What `agree` measured, for the test's diagnostics. */
export interface Agreement {
  readonly dpor: ExploreResult;
  readonly naive: ExploreResult;
  /** Bounded naive found exactly DPOR's outcomes (not only a subset). */
  readonly equal: boolean;
}

const keys = (r: ExploreResult): string[] => [...r.outcomes.keys()].sort();

/**
 * The scenario-level check of a missing step in the kernel model (DESIGN.md): a shared read without a yield hides a
 * dependency from DPOR, and naive DFS, which needs no dependency relation, then reaches an outcome DPOR never does.
 * Full naive DFS is out of reach for these scenarios (10^17 to 10^40 interleavings), so naive runs exhaustively up to
 * `bound` preemptions: its outcomes must all be DPOR outcomes. DPOR must exhaust with no redundant or blocked
 * execution, and every DPOR outcome's token must replay to that outcome (DPOR invents nothing).
 */
export function agree(sc: Scenario, bound = 2): Agreement {
  const dpor = explore(sc, { mode: 'dpor' });
  assert.equal(dpor.kind, 'exhausted', `${sc.name} ${sc.variant.name}: dpor ended ${dpor.kind}`);
  assert.equal(dpor.stats.redundant, 0, 'dpor ran sleep-set-blocked executions');
  assert.equal(dpor.stats.blocked, 0, 'dpor followed an infeasible schedule');
  const naive = explore(sc, { mode: 'naive', bound });
  assert.equal(naive.kind, 'exhausted', `${sc.name} ${sc.variant.name}: bounded naive ended ${naive.kind}`);
  const d = keys(dpor);
  const missing = keys(naive).filter((o) => !dpor.outcomes.has(o));
  assert.deepEqual(missing, [], `${sc.name} ${sc.variant.name}: outcomes naive reaches and dpor misses`);
  for (const [o, info] of dpor.outcomes) {
    const r = replay(sc, info.token);
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.outcome, o, 'a dpor token replays another outcome');
  }
  return { dpor, naive, equal: d.length === naive.outcomes.size };
}

/** One diagnostic line: executions of both, and whether the sets are equal. */
export function agreementLine(a: Agreement): string {
  return (
    `${a.dpor.scenario} [${a.dpor.outcomes.size} outcomes] dpor ${a.dpor.stats.executions} executions, ` +
    `naive (bound 2) ${a.naive.stats.executions}, sets ${a.equal ? 'equal' : 'bounded ⊂ dpor'}`
  );
}
