// Stress runs: observed final states against the model's allowed set — soundness, coverage, the condition's rate.
import { explore } from '../explore/explore.ts';
import type { Variant } from '../kernel/variant.ts';
import type { LitmusTest } from '../litmus/ast.ts';
import { checkResultOf, type CheckResult } from '../litmus/check.ts';
import { compileLitmus } from '../litmus/compile.ts';
import { holdsIn } from '../litmus/evaluate.ts';
import { stateText, type FinalState } from '../litmus/state.ts';
import type { ScriptError } from '../script/errors.ts';
import { observedState } from './observed.ts';
import type { RawRun } from './run.ts';

/** The model's side: its exhaustive exploration of the test under one variant. */
export interface ModelSide {
  readonly variant: string;
  /** Every allowed state (without violation kinds: a fixed kernel cannot show them) and its model states. */
  readonly allowed: ReadonlyMap<string, readonly FinalState[]>;
  /** Whether the exploration was exhaustive (otherwise `allowed` may miss states). */
  readonly complete: boolean;
  readonly check: CheckResult;
  readonly initFds: ReadonlyMap<string, number>;
}

/** Explores every interleaving of the test on `variant` (DPOR), once. */
export function modelSide(test: LitmusTest, variant: Variant): ModelSide | ScriptError {
  const c = compileLitmus(test, variant);
  if (!c.ok) return c.error;
  const check = checkResultOf(test, variant, c.compiled, explore(c.compiled.scenario, {}));
  const allowed = new Map<string, FinalState[]>();
  for (const o of check.outcomes) {
    const text = stateText(o.state.values);
    allowed.set(text, [...(allowed.get(text) ?? []), o.state]);
  }
  return { variant: variant.name, allowed, complete: check.complete, check, initFds: c.compiled.initFds };
}

/** One row of the histogram. */
export interface StateRow {
  readonly state: string;
  readonly count: number;
  readonly allowed: boolean;
  /** Whether the state satisfies the condition (with the model's violation kinds of that state); null: no condition. */
  readonly satisfies: boolean | null;
}

export interface StressVerdict {
  /** Observed states, most frequent first. */
  readonly rows: readonly StateRow[];
  /** Allowed states never observed. */
  readonly unseen: readonly string[];
  /** Every observed state is allowed. */
  readonly sound: boolean;
  readonly seenAllowed: number;
  readonly allowedCount: number;
  /** Iterations whose state satisfies the condition (null without a condition). */
  readonly conditionCount: number | null;
}

export type VerdictResult =
  { readonly ok: true; readonly verdict: StressVerdict } | { readonly ok: false; readonly message: string };

/**
 * Compares the harness's states with the model's. The condition is evaluated on an observed state with the violation
 * kinds the model gives that state (a kernel shows no use-after-free, but `violation(KIND)` in a condition holds of
 * the states the model reaches with it); a state the model does not allow is evaluated without kinds.
 */
export function judgeRun(test: LitmusTest, model: ModelSide, raw: RawRun): VerdictResult {
  const counts = new Map<string, { count: number; values: FinalState['values'] }>();
  for (const s of raw.states) {
    const o = observedState(test, s.key);
    if (!o.ok) return { ok: false, message: o.message };
    const prev = counts.get(o.text);
    counts.set(o.text, { count: (prev?.count ?? 0) + s.count, values: o.values });
  }
  const cond = test.condition;
  const rows: StateRow[] = [...counts]
    .map(([state, { count, values }]): StateRow => {
      const states = model.allowed.get(state) ?? [];
      const judged: readonly FinalState[] = states.length > 0 ? states : [{ values, kinds: new Set() }];
      const satisfies = cond === null ? null : judged.some((f) => holdsIn(cond.prop, f, model.initFds));
      return { state, count, allowed: states.length > 0, satisfies };
    })
    .sort((a, b) => b.count - a.count || (a.state < b.state ? -1 : 1));
  const unseen = [...model.allowed.keys()].filter((k) => !counts.has(k)).sort();
  const conditionCount =
    cond === null ? null : rows.filter((r) => r.satisfies === true).reduce((n, r) => n + r.count, 0);
  return {
    ok: true,
    verdict: {
      rows,
      unseen,
      sound: rows.every((r) => r.allowed),
      seenAllowed: model.allowed.size - unseen.length,
      allowedCount: model.allowed.size,
      conditionCount,
    },
  };
}
