// Explorer: accounting — executions, redundant and blocked runs, steps, throughput and the naive estimate.
import type { RaceProfileResult } from './dpor/profile.ts';

/** CDSChecker/Nidhugg-style accounting of one exploration. */
export interface ExploreStats {
  /** Complete executions (finished, stuck or halted by a fatal violation). */
  readonly executions: number;
  /** Sleep-set-blocked executions: started, then found equivalent to one already explored (0 for optimal DPOR). */
  readonly redundant: number;
  /** Executions abandoned because the schedule to follow was infeasible. */
  readonly blocked: number;
  /** Events executed over all executions. */
  readonly steps: number;
  readonly ms: number;
  /** All executions (complete, redundant, blocked) per second. */
  readonly execPerSec: number;
  /**
   * Multinomial of the most events each thread made in one execution: the interleavings naive DFS would run if no
   * thread ever blocked (an estimate of its work, not a bound).
   */
  readonly naiveEstimate: number;
  /** Wakeup-tree insertions (DPOR only). */
  readonly insertions: number;
  /**
   * When the last new final state or new violation report was found: after how many runs (counting the one that found
   * it; runs as `maxExecutions` counts them) and how many milliseconds. The sequential explorer only; absent before
   * anything was found. For an exploration a limit stopped, many runs since then say the states have stopped growing
   * (no proof of it).
   */
  readonly lastNew?: { readonly runs: number; readonly ms: number };
  /**
   * DPOR's value branches (`values`): executions of the choice program in which some view read returned a value the
   * kernel cannot give it there (no placement exists); their races are explored, their ends are not outcomes.
   */
  readonly infeasible?: number;
  /**
   * Value branches turned off during the exploration, which then started again as plain DPOR: at the first halted
   * execution, or because infeasible runs outnumbered the executions kept (`VALUES_FUTILE_AFTER`).
   */
  readonly valuesOff?: 'halt' | 'infeasible';
  /** With `symmetry`: executions that ended with a thread held at the gate (dead ends of the gated program). */
  readonly gated?: number;
  /** Stateful mode only: the state graph explored. */
  readonly stateful?: StatefulStats;
  /** With `races`: the races DPOR processed, by site. */
  readonly races?: RaceProfileResult;
}

/** What the stateful search stored and ran. */
export interface StatefulStats {
  /** Distinct states stored (scheduling points with two or more enabled threads). */
  readonly states: number;
  /** Moves executed live (edges of the state graph; replayed prefixes not counted). */
  readonly transitions: number;
  /** Executions cut at a state already stored. */
  readonly merged: number;
  /** Bytes of the visited table and the path's snapshots (cached DPOR: an estimate of its table and summaries). */
  readonly bytes: number;
  /** Debug mode: fingerprints shared by two different full encodings. */
  readonly collisions: number;
  /** Cached DPOR: prefix nodes given a branch because a cached subtree's event may race with them. */
  readonly expansions?: number;
}

/** ln(n!), summed (exact enough for the estimates below; n is an event count, small). */
function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}

/** ln((n1 + ... + nk)! / (n1! ... nk!)). */
export function logMultinomial(counts: Iterable<number>): number {
  let total = 0;
  let logDen = 0;
  for (const c of counts) {
    total += c;
    logDen += logFactorial(c);
  }
  return logFactorial(total) - logDen;
}

/** (n1 + ... + nk)! / (n1! ... nk!) in floating point (Infinity when it overflows). */
export function multinomial(counts: Iterable<number>): number {
  return Math.round(Math.exp(logMultinomial(counts)));
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');

/** One line: `executions 1,234 (redundant 0, blocked 0) | steps 25,000 | 0.21 s | 5,876 exec/s | naive ≈ 184,756`. */
export function formatStats(s: ExploreStats): string {
  const est = Number.isFinite(s.naiveEstimate)
    ? s.naiveEstimate < 1e9
      ? int(s.naiveEstimate)
      : s.naiveEstimate.toExponential(2)
    : 'overflow';
  return (
    `executions ${int(s.executions)} (redundant ${int(s.redundant)}, blocked ${int(s.blocked)}` +
    `${s.infeasible === undefined ? '' : `, infeasible ${int(s.infeasible)}`}) | ` +
    `steps ${int(s.steps)} | ${(s.ms / 1000).toFixed(2)} s | ${int(s.execPerSec)} exec/s | naive estimate ${est}`
  );
}
