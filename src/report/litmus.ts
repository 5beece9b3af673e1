// HTML report: the report of litmus check results (`epoll-lab check --html`), replaying on the compiled scenarios.
import { compileLitmus } from '../litmus/compile.ts';
import type { LitmusTest } from '../litmus/ast.ts';
import type { CheckResult } from '../litmus/check.ts';
import { parseVariant, presetNames } from '../kernel/variant.ts';
import { buildReport, type RunSummary, type ReportTestSpec } from './build.ts';
import type { ReportInput } from './input.ts';
import { litmusReturns } from './returns.ts';

/** One litmus test and its check results, one per variant, in column order. */
export interface LitmusReportEntry {
  readonly test: LitmusTest;
  readonly results: readonly CheckResult[];
}

/**
 * The outcomes a test declares bad. herd7's `~exists P` forbids the states satisfying P and `forall P` requires P, so
 * their bad states are declared; `exists P` asks whether P can happen: its states are bad only when the test says so
 * with a `bad` line (I4: `bad spurious EBUSY`), else they merely match the condition.
 */
function isBad(test: LitmusTest, r: CheckResult, satisfies: boolean | null): boolean {
  if (r.condition === null || satisfies === null) return false;
  if (r.condition.quantifier === 'forall') return !satisfies;
  if (r.condition.quantifier === '~exists') return satisfies;
  return test.bad !== undefined && satisfies;
}

function summary(test: LitmusTest, r: CheckResult): RunSummary | string {
  const v = parseVariant(r.variant);
  if (!v.ok) return `variant ${r.variant}: ${v.message}`;
  const c = compileLitmus(test, v.variant);
  if (!c.ok) return `${c.error.code} ${c.error.message}`;
  const expectations = r.expectations.map((e) => ({ text: e.text, status: e.status, message: e.message }));
  const cond = r.condition;
  const valuesOf = new Map(r.outcomes.map((o) => [o.outcome, o.state.values]));
  return {
    scenario: c.compiled.scenario,
    ending: r.complete ? 'exhausted' : `bound reached (${r.limit ?? 'bound'})`,
    complete: r.complete,
    // With the symmetry reduction the counts are of the executions run: the header says so.
    mode: r.symmetry === null ? r.mode : `${r.mode}, symmetry ${r.symmetry.classes.map((x) => x.join('=')).join(', ')}`,
    executions: r.executions,
    outcomes: r.outcomes.map((o) => ({
      outcome: o.outcome,
      count: o.count,
      token: o.token,
      bad: isBad(test, r, o.satisfies),
      matches: o.satisfies === true,
    })),
    returns: (tr) => litmusReturns(test, tr.steps, valuesOf.get(tr.outcome)),
    violations: r.violations.map((x) => ({ kind: x.kind, title: x.title, report: x.report, token: x.token })),
    expectations,
    errors: r.modelError === null ? [] : [`model error: ${r.modelError.message} (token ${r.modelError.token})`],
    ...(cond === null
      ? {}
      : {
          condition: {
            text: cond.text,
            verdict: `${cond.holds ? 'Ok' : 'No'} · ${cond.observation} ${cond.positive} ${cond.negative}`,
            summary: cond.observation,
            ...(test.bad === undefined ? {} : { badLabel: test.bad }),
          },
        }),
  };
}

/** Preset order (v6.8, v6.9, v6.13, v7.1, ...), then other specs by name: matrix columns and diffed neighbours. */
function variantRank(name: string): number {
  const i = presetNames().indexOf(name);
  return i < 0 ? 1000 : i;
}

function byVariant(a: string, b: string): number {
  return variantRank(a) - variantRank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Number of knobs on which two variant specs differ (unknown specs differ on everything). */
function knobDistance(a: string, b: string): number {
  const va = parseVariant(a);
  const vb = parseVariant(b);
  if (!va.ok || !vb.ok) return Infinity;
  const x = va.variant as unknown as Readonly<Record<string, unknown>>;
  const y = vb.variant as unknown as Readonly<Record<string, unknown>>;
  return Object.keys(x).filter((k) => k !== 'name' && x[k] !== y[k]).length;
}

/**
 * The pairs to diff: release presets (`v6.8` → `v6.9` → ...) in order, and every other variant (a proposed fix, a
 * knob override) against the release preset it differs least from.
 */
export function litmusPairs(variants: readonly string[]): (readonly [string, string])[] {
  const releases = variants.filter((v) => /^v\d+\.\d+$/.test(v)).sort(byVariant);
  const pairs: (readonly [string, string])[] = releases.slice(1).map((b, i) => [releases[i] as string, b] as const);
  for (const v of variants) {
    if (releases.includes(v)) continue;
    let best: string | undefined;
    let d = Infinity;
    for (const r of releases) {
      const k = knobDistance(r, v);
      if (k < d) [best, d] = [r, k];
    }
    if (best !== undefined) pairs.push([best, v]);
  }
  return pairs;
}

const NATURAL = new Intl.Collator('en', { numeric: true });

/** Entries in natural order of their test names (I1, I2, ..., I10), as a reader looks them up. */
export function naturalOrder(entries: readonly LitmusReportEntry[]): LitmusReportEntry[] {
  return [...entries].sort((a, b) => NATURAL.compare(a.test.name, b.test.name));
}

/** The report of `epoll-lab check`: one test per litmus file, one column per variant checked. */
export function litmusReport(title: string, entries: readonly LitmusReportEntry[], subtitle?: string): ReportInput {
  const tests: ReportTestSpec[] = entries.map(({ test, results }) => {
    const runs: RunSummary[] = [];
    const errors: string[] = [];
    for (const r of [...results].sort((a, b) => byVariant(a.variant, b.variant))) {
      const s = summary(test, r);
      if (typeof s === 'string') errors.push(s);
      else runs.push(s);
    }
    const first = runs[0];
    if (errors.length > 0 && first !== undefined) runs[0] = { ...first, errors: [...(first.errors ?? []), ...errors] };
    const doc = test.doc.join(' ');
    const pairs = litmusPairs(runs.map((r) => r.scenario.variant.name));
    return {
      name: test.name,
      source: test.source,
      runs,
      pairs,
      description: doc === '' ? test.file : `${test.file}: ${doc}`,
    };
  });
  const variants = [...new Set(entries.flatMap((e) => e.results.map((r) => r.variant)))].sort(byVariant);
  const what = `${entries.length} litmus test${entries.length === 1 ? '' : 's'} on ${variants.length} variant${variants.length === 1 ? '' : 's'}`;
  return buildReport(title, tests, { variants, subtitle: subtitle ?? what });
}
