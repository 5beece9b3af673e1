// HTML report: builds the report's values from scenarios and their explorations, replaying what must be drawn.
import type { EndKind, TraceEntry } from '../explore/engine.ts';
import type { ExploreResult, ViolationRecord } from '../explore/explore.ts';
import { replay } from '../explore/replay.ts';
import type { Scenario } from '../explore/scenario.ts';
import { PRESETS } from '../kernel/variant.ts';
import type { ViolationKind } from '../kernel/violation.ts';
import type {
  ReportCell,
  ReportCondition,
  ReportExpectation,
  ReportInput,
  ReportOutcome,
  ReportReturn,
  ReportTest,
  ReportTrace,
  ReportViolation,
} from './input.ts';

/** One exploration of a test under one variant. */
export interface ReportRun {
  readonly scenario: Scenario;
  readonly result: ExploreResult;
  readonly condition?: ReportCondition;
  /** Whether an outcome satisfies the condition's bad clause (default: none is bad). */
  readonly bad?: (outcome: string) => boolean;
  /** Measured time or other non-reproducible facts to print; leave out for reproducible reports. */
  readonly timing?: string;
}

/**
 * A run already summarised (e.g. a litmus check result): the outcomes and violations as values, plus the scenario
 * their tokens replay on.
 */
export interface RunSummary {
  readonly scenario: Scenario;
  readonly ending: string;
  readonly complete: boolean;
  readonly mode: string;
  readonly executions: number;
  readonly outcomes: readonly {
    readonly outcome: string;
    readonly count: number;
    readonly token: string;
    readonly bad: boolean;
    readonly matches?: boolean;
  }[];
  readonly violations: readonly {
    readonly kind: ViolationKind;
    readonly title: string;
    readonly report: string;
    readonly token: string;
    /** Default: the thread the replay names. */
    readonly thread?: string;
  }[];
  readonly condition?: ReportCondition;
  readonly expectations?: readonly ReportExpectation[];
  /** Model errors, as text. */
  readonly errors?: readonly string[];
  readonly timing?: string;
  /** Where the calls the condition names returned in a replay (litmus tests: see `ReportTrace.returns`). */
  readonly returns?: (trace: ReportTrace) => readonly ReportReturn[];
}

/** A test and its runs, one per variant, in column order. */
export interface ReportTestSpec {
  readonly name: string;
  readonly description?: string;
  readonly source?: string;
  readonly runs: readonly (ReportRun | RunSummary)[];
  /**
   * Variant pairs to diff (outcomes only in one of the pair get a timeline). Default: neighbouring runs, in order
   * (`[v6.8, v6.9]`, `[v6.9, v7.1]`, ...).
   */
  readonly pairs?: readonly (readonly [string, string])[];
}

/** The summary of an exploration. */
export function summariseRun(run: ReportRun): RunSummary {
  const r = run.result;
  return {
    scenario: run.scenario,
    ending: r.kind === 'bound-reached' ? `bound reached (${r.limit})` : r.kind,
    complete: r.kind === 'exhausted' && r.mode !== 'bounded' && r.mode !== 'random' && r.mode !== 'pct',
    mode: r.preemptionBound === null ? r.mode : `${r.mode} (preemption bound ${r.preemptionBound})`,
    executions: r.stats.executions,
    // Sorted by text, as the litmus checker does: the order does not depend on the exploration strategy.
    outcomes: [...r.outcomes]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([outcome, info]) => ({
        outcome,
        count: info.count,
        token: info.token,
        bad: run.bad?.(outcome) ?? false,
      })),
    violations: r.violations.map((v) => ({
      kind: v.kind,
      title: v.violation.title,
      report: v.report,
      token: v.token,
      thread: v.violation.thread,
    })),
    errors: r.kind === 'model-error' ? [`model error: ${r.message} (token ${r.token})`] : [],
    ...(run.condition === undefined ? {} : { condition: run.condition }),
    ...(run.timing === undefined ? {} : { timing: run.timing }),
  };
}

function summary(r: ReportRun | RunSummary): RunSummary {
  return 'result' in r ? summariseRun(r) : r;
}

function variantOfRun(r: RunSummary): string {
  return r.scenario.variant.name;
}

/** The compared pairs that both ran, and for each run the variants it is compared with. */
function partners(
  runs: readonly RunSummary[],
  given: ReportTestSpec['pairs'],
): { pairs: (readonly [string, string])[]; of: Map<string, string[]> } {
  const names = runs.map(variantOfRun);
  const wanted = given ?? names.slice(1).map((b, i) => [names[i] as string, b] as const);
  const of = new Map<string, string[]>(names.map((n) => [n, []]));
  const pairs: (readonly [string, string])[] = [];
  for (const [a, b] of wanted) {
    if (!of.has(a) || !of.has(b) || a === b) continue;
    pairs.push([a, b]);
    of.get(a)?.push(b);
    of.get(b)?.push(a);
  }
  return { pairs, of };
}

/** The fields of a replay (the explorer's, or a litmus test's) that a trace figure draws. */
export interface ReplayedExecution {
  readonly end: EndKind;
  readonly outcome: string;
  readonly trace: readonly TraceEntry[] | null;
  readonly violations: readonly ViolationRecord[];
  readonly at: readonly number[];
  readonly events: number;
}

/** The trace figure's values of a replayed execution: its steps and, per violation, the step it fired at. */
export function reportTrace(token: string, r: ReplayedExecution): ReportTrace {
  return {
    token,
    end: r.end,
    outcome: r.outcome,
    steps: r.trace ?? [],
    marks: r.violations.map((v, i) => ({
      pos: r.at[i] ?? r.events,
      kind: v.kind,
      title: v.violation.title,
      kernelStep: v.violation.step,
    })),
  };
}

/** Replays tokens once each, collecting the traces of one cell. */
class Replayer {
  readonly traces: ReportTrace[] = [];
  readonly errors: string[] = [];
  private readonly byToken = new Map<string, number | null>();
  private readonly threads: (readonly { readonly kind: ViolationKind; readonly thread: string }[])[] = [];
  constructor(
    private readonly scenario: Scenario,
    private readonly returns?: RunSummary['returns'],
  ) {}

  /** The thread of the first violation of `kind` in replay `idx`. */
  threadOf(idx: number, kind: ViolationKind): string | undefined {
    return this.threads[idx]?.find((v) => v.kind === kind)?.thread;
  }

  trace(token: string): number | null {
    const known = this.byToken.get(token);
    if (known !== undefined) return known;
    const r = replay(this.scenario, token, { trace: true });
    let idx: number | null = null;
    if (!r.ok) this.errors.push(`replay of ${token} failed: ${r.message}`);
    else {
      idx = this.traces.length;
      this.threads.push(r.violations.map((v) => ({ kind: v.kind, thread: v.violation.thread })));
      const tr = reportTrace(token, r);
      this.traces.push(this.returns === undefined ? tr : { ...tr, returns: this.returns(tr) });
    }
    this.byToken.set(token, idx);
    return idx;
  }
}

/** One cell: outcomes (with the variants missing each), violations, and the replays to draw. */
export function buildReportCell(run: RunSummary, others: ReadonlyMap<string, ReadonlySet<string>>): ReportCell {
  const rep = new Replayer(run.scenario, run.returns);
  const violations: ReportViolation[] = run.violations.map((v) => {
    const trace = rep.trace(v.token);
    const thread = v.thread ?? (trace === null ? '?' : (rep.threadOf(trace, v.kind) ?? '?'));
    return { kind: v.kind, title: v.title, thread, report: v.report, token: v.token, trace };
  });
  const outcomes: ReportOutcome[] = run.outcomes.map((o) => {
    const missingIn = [...others].filter(([, set]) => !set.has(o.outcome)).map(([name]) => name);
    return { ...o, missingIn, trace: missingIn.length > 0 ? rep.trace(o.token) : null };
  });
  return {
    variant: run.scenario.variant.name,
    ending: run.ending,
    complete: run.complete,
    mode: run.mode,
    executions: run.executions,
    outcomes,
    violations,
    traces: rep.traces,
    expectations: run.expectations ?? [],
    errors: [...(run.errors ?? []), ...rep.errors],
    ...(run.condition === undefined ? {} : { condition: run.condition }),
    ...(run.timing === undefined ? {} : { timing: run.timing }),
  };
}

/** One test across its variants: diffs the outcome sets of the compared pairs and replays what must be drawn. */
export function buildReportTest(spec: ReportTestSpec): ReportTest {
  const runs = spec.runs.map(summary);
  const sets = new Map(runs.map((r) => [variantOfRun(r), new Set(r.outcomes.map((o) => o.outcome))]));
  const { pairs, of } = partners(runs, spec.pairs);
  const cells = runs.map((run) => {
    const others = new Map<string, Set<string>>();
    for (const p of of.get(variantOfRun(run)) ?? []) others.set(p, sets.get(p) ?? new Set());
    return buildReportCell(run, others);
  });
  return {
    name: spec.name,
    cells,
    pairs,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    ...(spec.source === undefined ? {} : { source: spec.source }),
  };
}

/** A preset's description, with the knob overrides of a spec (`v6.8,counter=file_ref`); null when unknown. */
export function variantDoc(spec: string): string | null {
  const [head = '', ...knobs] = spec.split(',').map((s) => s.trim());
  const doc = PRESETS[head]?.doc;
  if (doc === undefined) return null;
  return knobs.length === 0 ? doc : `${head} (${doc}) with ${knobs.join(', ')}`;
}

/** The whole report in one call; the variant columns are every run's variant, in first-seen order. */
export function buildReport(
  title: string,
  tests: readonly ReportTestSpec[],
  opts: { readonly subtitle?: string; readonly variants?: readonly string[] } = {},
): ReportInput {
  const built = tests.map(buildReportTest);
  const seen = new Set<string>(opts.variants ?? []);
  for (const t of built) for (const c of t.cells) seen.add(c.variant);
  return {
    title,
    variants: [...seen],
    variantDocs: [...seen].flatMap((v) => {
      const d = variantDoc(v);
      return d === null ? [] : [[v, d] as const];
    }),
    tests: built,
    ...(opts.subtitle === undefined ? {} : { subtitle: opts.subtitle }),
  };
}
