// Litmus: when a check turns on DPOR's value branches by itself (`valuesByDefault`), for the library and the CLI alike.
import { explore, explorer, type ExploreOptions, type ExploreResult } from '../explore/explore.ts';
import type { Scenario } from '../explore/scenario.ts';
import type { CheckOptions } from './check.ts';

/** DPOR executions after which a check hands a test over to value branches (`handsOver`). */
export const VALUES_AFTER = 1000;

/**
 * A check turns value branches on by itself when the user did not decide (`values` unset) in DPOR without a bound.
 * Measured (src/explore/DESIGN.md, "Value branches"): on I1 with 4 and 5 waiters they run 510 and 1,566 executions
 * where DPOR needs 10,548 and 221,336; on the corpus's tests past 1,000 executions they run as many as DPOR in about
 * the same time; where their infeasible runs outnumber the real ones they give up and DPOR goes on
 * (`VALUES_FUTILE_AFTER`).
 */
export function valuesByDefault(opts: CheckOptions): boolean {
  return opts.values === undefined && (opts.mode ?? 'dpor') === 'dpor' && opts.bound === undefined;
}

/**
 * Does a DPOR run this far along hand over? Past `VALUES_AFTER` executions, when they ran view reads (what value
 * branches branch on) and none halted (value branches would start again as DPOR at the first halt).
 */
export function handsOver(p: { executions: number; viewReads: number; halted: boolean }): boolean {
  return p.executions >= VALUES_AFTER && p.viewReads > 0 && !p.halted;
}

/** An exploration for a check, and after how many DPOR executions value branches took over (null: they did not). */
export interface CheckExploration {
  readonly result: ExploreResult;
  readonly afterProbe: number | null;
}

/**
 * `explore` for a check that leaves value branches to the default: DPOR, handed over to value branches from the start
 * when `handsOver` says so (checked every 100 ms). The result's time is both runs'; a timeout and `maxExecutions`
 * bound both runs together.
 */
export function exploreForCheck(scenario: Scenario, opts: ExploreOptions): CheckExploration {
  const t0 = performance.now();
  const x = explorer(scenario, opts);
  for (;;) {
    const r = x.step(100);
    if (r !== null) return { result: r, afterProbe: null };
    const p = x.progress();
    if (!handsOver(p)) continue;
    const left = opts.timeoutMs === undefined ? {} : { timeoutMs: Math.max(1, opts.timeoutMs - p.elapsedMs) };
    const runs = opts.maxExecutions === undefined ? {} : { maxExecutions: Math.max(1, opts.maxExecutions - p.runs) };
    const v = explore(scenario, { ...opts, ...left, ...runs, values: true });
    return { result: { ...v, stats: { ...v.stats, ms: performance.now() - t0 } }, afterProbe: p.executions };
  }
}
