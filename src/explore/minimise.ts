// Explorer: counterexample minimisation — fewest preemptions first (iterative context bounding), then fewest steps.
import type { ViolationKind } from '../kernel/violation.ts';
import { DfsStrategy } from './dfs.ts';
import { Engine, IntLog } from './engine.ts';
import { hashOf, type Scenario } from './scenario.ts';
import { encodeToken } from './token.ts';

export interface MinimiseOptions {
  /** Highest preemption bound tried (default 4). */
  readonly maxBound?: number;
  /** Execution budget per bound (default 200,000). */
  readonly maxExecutions?: number;
}

/** A minimal schedule reproducing a violation kind, or why none was found. */
export type MinimiseResult =
  | { readonly ok: true; readonly token: string; readonly preemptions: number; readonly steps: number }
  | { readonly ok: false; readonly message: string };

/**
 * Runs preemption-bounded DFS with bound 0, 1, 2, ... and, at the first bound where some execution shows a violation
 * of `kind`, returns the one reaching it in the fewest steps. (Lock-order inversions span executions: not minimisable.)
 */
export function minimise(scenario: Scenario, kind: ViolationKind, opts: MinimiseOptions = {}): MinimiseResult {
  if (kind === 'lock-order')
    return { ok: false, message: 'lock-order inversions span executions; nothing to minimise' };
  const maxBound = opts.maxBound ?? 4;
  const budget = opts.maxExecutions ?? 200_000;
  const hash = hashOf(scenario);
  for (let b = 0; b <= maxBound; b++) {
    const dfs = new DfsStrategy(b);
    const engine = new Engine(scenario, dfs);
    const choices = new IntLog();
    let best: { token: string; preemptions: number; steps: number } | null = null;
    for (let runs = 0; runs < budget; runs++) {
      const res = engine.execute({ choices, lockdep: null, trace: null });
      if (res.end !== 'abandoned') {
        const i = res.violations.findIndex((v) => v.kind === kind);
        if (i >= 0) {
          const steps = (res.at[i] ?? res.events) + 1;
          if (best === null || steps < best.steps)
            best = {
              token: encodeToken(scenario.variant.name, hash, choices.buf, choices.n),
              preemptions: dfs.used,
              steps,
            };
        }
      }
      if (!dfs.next()) break;
    }
    if (best !== null) return { ok: true, ...best };
  }
  return { ok: false, message: `no ${kind} within ${maxBound} preemptions` };
}
