// Litmus tests: the difference between two variants — states only in one, in both; violations gained and lost.
import type { Variant } from '../kernel/variant.ts';
import type { ScriptError } from '../script/errors.ts';
import type { LitmusTest } from './ast.ts';
import { normalisedTitle } from '../explore/tally.ts';
import {
  checkVariant,
  resolveVariants,
  type CheckOptions,
  type CheckResult,
  type OutcomeRecord,
  type ViolationSummary,
} from './check.ts';

export interface LitmusDiff {
  readonly test: string;
  readonly from: CheckResult;
  readonly to: CheckResult;
  readonly onlyFrom: readonly OutcomeRecord[];
  readonly onlyTo: readonly OutcomeRecord[];
  /** States both variants allow: the `from` record and the `to` record. */
  readonly both: readonly { readonly from: OutcomeRecord; readonly to: OutcomeRecord }[];
  /** Violations `to` has and `from` has not (by kind and title without object ids), with `to`'s tokens. */
  readonly gained: readonly ViolationSummary[];
  /** Violations `from` has and `to` has not, with `from`'s tokens. */
  readonly lost: readonly ViolationSummary[];
}

export type LitmusDiffResult = { ok: true; diff: LitmusDiff } | { ok: false; errors: readonly ScriptError[] };

/** Identity of a violation across variants: object ids depend on the allocation order. */
function key(v: ViolationSummary): string {
  return `${v.kind}|${normalisedTitle(v.title)}`;
}

/** Explores `test` on both variants and compares. An unknown variant throws EpmError (EPM201). */
export function diffLitmus(
  test: LitmusTest,
  from: Variant | string,
  to: Variant | string,
  opts: CheckOptions = {},
): LitmusDiffResult {
  const [vf, vt] = resolveVariants(test, [from, to]) as [Variant, Variant];
  const a = checkVariant(test, vf, opts);
  if ('code' in a) return { ok: false, errors: [a] };
  const b = checkVariant(test, vt, opts);
  if ('code' in b) return { ok: false, errors: [b] };
  return { ok: true, diff: diffResults(test.name, a, b) };
}

/** The difference between two explorations of the same test (already run). */
export function diffResults(test: string, a: CheckResult, b: CheckResult): LitmusDiff {
  const inB = new Map(b.outcomes.map((o) => [o.outcome, o]));
  const inA = new Map(a.outcomes.map((o) => [o.outcome, o]));
  const both = a.outcomes.flatMap((o) => {
    const t = inB.get(o.outcome);
    return t === undefined ? [] : [{ from: o, to: t }];
  });
  const ka = new Set(a.violations.map(key));
  const kb = new Set(b.violations.map(key));
  return {
    test,
    from: a,
    to: b,
    onlyFrom: a.outcomes.filter((o) => !inB.has(o.outcome)),
    onlyTo: b.outcomes.filter((o) => !inA.has(o.outcome)),
    both,
    gained: b.violations.filter((v) => !ka.has(key(v))),
    lost: a.violations.filter((v) => !kb.has(key(v))),
  };
}
