// Litmus tests: checks a test on variants — explores every interleaving, evaluates the condition and expectations.
import {
  explore,
  type ExploreLimit,
  type ExploreMode,
  type ExploreOptions,
  type ExploreResult,
} from '../explore/explore.ts';
import { exploreForCheck, valuesByDefault } from './check-values.ts';
import { minimise, type MinimiseResult } from '../explore/minimise.ts';
import type { ExploreStats } from '../explore/stats.ts';
import { DEFAULT_VARIANT, parseVariant, type Variant } from '../kernel/variant.ts';
import type { ViolationKind } from '../kernel/violation.ts';
import { EpmError, type ScriptError } from '../script/errors.ts';
import type { LitmusTest, Quantifier, ThreadDef } from './ast.ts';
import { compileLitmus, type CompiledLitmus } from './compile.ts';
import { holdsIn, verdict, type ConditionVerdict } from './evaluate.ts';
import { judge, type ExpectStatus } from './expect.ts';
import { parseLitmus } from './parse.ts';
import type { FinalState } from './state.ts';
import { symmetryClasses } from './symmetry.ts';
import { allVariants, parseVariantList } from './variants.ts';

export interface CheckOptions {
  /** Variants: a list (`v6.8,v6.9`, `all`) or variants/specs. Default: those the expectations name, else v7.1. */
  readonly variants?: string | readonly (Variant | string)[];
  readonly mode?: ExploreMode;
  readonly bound?: number;
  readonly maxExecutions?: number;
  readonly timeoutMs?: number;
  readonly seed?: number;
  /** Stateful mode: states stored at most. */
  readonly maxStates?: number;
  /** Stop at the first violation of one of these kinds (the result is bounded, limit `violation`). */
  readonly stopOn?: readonly ViolationKind[];
  /** File name for error messages when the input is source text. */
  readonly file?: string;
  /** Profile the races DPOR processed by site (`--races`; sequential explorations only). */
  readonly races?: boolean;
  /**
   * The symmetry reduction (`ExploreOptions.symmetry`): on by default wherever it applies (a test with interchangeable
   * threads, DPOR or naive without a bound, one thread); false turns it off.
   */
  readonly symmetry?: boolean;
  /** DPOR's value branches (`ExploreOptions.values`, `--values`). */
  readonly values?: boolean;
}

/** One distinct final state. */
export interface OutcomeRecord {
  /** The state text (with ` | kinds` when the execution had violations). */
  readonly outcome: string;
  readonly count: number;
  /** Replays the first execution that reached it. */
  readonly token: string;
  /** Whether it satisfies the condition's proposition; null without a condition. */
  readonly satisfies: boolean | null;
  readonly state: FinalState;
}

export interface ViolationSummary {
  readonly kind: ViolationKind;
  readonly token: string;
  /** The KASAN-style report. */
  readonly report: string;
  readonly title: string;
}

export interface ExpectationResult {
  readonly text: string;
  readonly line: number;
  readonly status: ExpectStatus;
  readonly message: string;
}

/** The result of checking one test on one variant. */
export interface CheckResult {
  readonly test: string;
  readonly file: string;
  readonly variant: string;
  readonly mode: ExploreMode | 'bounded';
  /** Every execution was explored (no bound, limit or timeout cut it short). */
  readonly complete: boolean;
  readonly limit: ExploreLimit | 'bound' | null;
  readonly executions: number;
  readonly timeMs: number;
  readonly stats: ExploreStats;
  /** Sorted by state text. */
  readonly outcomes: readonly OutcomeRecord[];
  readonly violations: readonly ViolationSummary[];
  readonly condition: (ConditionVerdict & { readonly text: string; readonly quantifier: Quantifier }) | null;
  readonly expectations: readonly ExpectationResult[];
  /** The model threw (a bug of epoll-lab): the message and the token of the execution. */
  readonly modelError: { readonly message: string; readonly token: string } | null;
  /** With `stopOn`: the violation the exploration stopped at, and its minimised counterexample. */
  readonly stoppedAt: StoppedAt | null;
  /**
   * The symmetry reduction, when it ran: the classes of interchangeable threads (by name) and the executions that
   * ended with a thread held at the gate (not outcomes). Null when it did not.
   */
  readonly symmetry: { readonly classes: readonly (readonly string[])[]; readonly deadEnds: number } | null;
  /** Value branches, when they ran (`values`, or `check`'s default past its sequential probe); null when not. */
  readonly values: ValuesRun | null;
}

/** How value branches went in a check. */
export interface ValuesRun {
  /** Runs of the choice program the kernel cannot run (discarded; `ExploreStats.infeasible`). */
  readonly infeasible: number;
  /** Turned off during the run (the rest plain DPOR): at a halt, or infeasible runs outnumbering the kept ones. */
  readonly off: 'halt' | 'infeasible' | null;
  /** On by `check`'s default after this many DPOR executions did not finish the test; null when asked for. */
  readonly afterProbe: number | null;
}

/** The first violation of a `--stop-on` run: its kind and token, and the schedule with the fewest preemptions. */
export interface StoppedAt {
  readonly kind: ViolationKind;
  readonly token: string;
  readonly minimised: MinimiseResult;
}

/** Per preemption bound tried when minimising a stop-on counterexample (the stop is about time to the answer). */
const MINIMISE_BUDGET = 20_000;

export type LitmusCheck =
  | { readonly ok: true; readonly results: readonly CheckResult[] }
  | { readonly ok: false; readonly errors: readonly ScriptError[] };

/** Resolves the variants option; an unknown variant is an EpmError (EPM201). */
export function resolveVariants(test: LitmusTest, v: CheckOptions['variants']): Variant[] {
  if (v === undefined) {
    const named: Variant[] = [];
    for (const e of test.expectations) {
      for (const x of e.variants === 'all' ? allVariants() : e.variants)
        if (!named.some((n) => n.name === x.name)) named.push(x);
    }
    if (named.length > 0) return named;
    return resolveVariants(test, DEFAULT_VARIANT);
  }
  if (typeof v === 'string') {
    const r = parseVariantList(v);
    if (!r.ok) throw new EpmError('EPM201', r.message);
    return r.variants;
  }
  return v.map((x) => {
    if (typeof x !== 'string') return x;
    const r = parseVariant(x);
    if (!r.ok) throw new EpmError('EPM201', r.message);
    return r.variant;
  });
}

/** Checks one parsed test on one variant. */
export function checkVariant(test: LitmusTest, variant: Variant, opts: CheckOptions = {}): CheckResult | ScriptError {
  const c = compileLitmus(test, variant);
  if (!c.ok) return c.error;
  const eo: ExploreOptions = {
    ...(opts.mode === undefined ? {} : { mode: opts.mode }),
    ...(opts.bound === undefined ? {} : { bound: opts.bound }),
    ...(opts.maxExecutions === undefined ? {} : { maxExecutions: opts.maxExecutions }),
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
    ...(opts.seed === undefined ? {} : { seed: opts.seed }),
    ...(opts.stopOn === undefined ? {} : { stopOn: opts.stopOn }),
    ...(opts.maxStates === undefined ? {} : { maxStates: opts.maxStates }),
    ...(opts.races === true ? { races: true } : {}),
    ...(opts.symmetry === false ? {} : { symmetry: true }),
    ...(opts.values === undefined ? {} : { values: opts.values }),
  };
  if (!valuesByDefault(opts))
    return checkResultOf(test, variant, c.compiled, explore(c.compiled.scenario, eo), opts.stopOn);
  const x = exploreForCheck(c.compiled.scenario, eo);
  const r = checkResultOf(test, variant, c.compiled, x.result, opts.stopOn);
  return x.afterProbe === null || r.values === null ? r : { ...r, values: { ...r.values, afterProbe: x.afterProbe } };
}

/**
 * The check result of an exploration of `compiled` (sequential or parallel): condition and expectations over its
 * outcomes. Every outcome's state must be in `compiled.states` (the sequential explorer records them as it runs;
 * after a parallel one, replay each outcome's token on `compiled.scenario` first).
 */
export function checkResultOf(
  test: LitmusTest,
  variant: Variant,
  compiled: CompiledLitmus,
  r: ExploreResult,
  stopOn?: readonly ViolationKind[],
): CheckResult {
  const { states, initFds } = compiled;
  const cond = test.condition;
  const outcomes: OutcomeRecord[] = [...r.outcomes]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([outcome, info]) => {
      const state = states.get(outcome);
      if (state === undefined) throw new Error(`epoll-lab bug: no state recorded for outcome '${outcome}'`);
      const satisfies = cond === null ? null : holdsIn(cond.prop, state, initFds);
      return { outcome, count: info.count, token: info.token, satisfies, state };
    });
  const sampling = r.mode === 'random' || r.mode === 'pct';
  const complete = r.kind === 'exhausted' && r.mode !== 'bounded' && !sampling;
  const limit = r.kind === 'bound-reached' ? r.limit : r.mode === 'bounded' || sampling ? ('bound' as const) : null;
  const v =
    cond === null
      ? null
      : verdict(
          cond,
          outcomes.map((o) => o.satisfies === true),
        );
  const condition = cond === null || v === null ? null : { ...v, text: cond.text, quantifier: cond.quantifier };
  const kinds = new Set<ViolationKind>(r.violations.map((x) => x.kind));
  const modelError = r.kind === 'model-error' ? { message: r.message, token: r.token } : null;
  const expectations = test.expectations
    .filter((e) => e.variants === 'all' || e.variants.some((x) => x.name === variant.name))
    .map((e): ExpectationResult => {
      const j =
        modelError !== null
          ? { status: 'fail' as const, message: `model error: ${modelError.message}` }
          : judge(e, { complete, condition, quantifier: cond?.quantifier ?? null, kinds });
      return { text: e.text, line: e.line, ...j };
    });
  return {
    test: test.name,
    file: test.file,
    variant: variant.name,
    mode: r.mode,
    complete,
    limit,
    executions: r.stats.executions,
    timeMs: r.stats.ms,
    stats: r.stats,
    outcomes,
    violations: r.violations.map((x) => ({ kind: x.kind, token: x.token, report: x.report, title: x.violation.title })),
    condition,
    expectations,
    modelError,
    stoppedAt: stoppedAt(compiled, r, stopOn),
    symmetry:
      r.stats.gated === undefined
        ? null
        : {
            classes: symmetryClasses(test).map((c) => c.map((i) => (test.threads[i] as ThreadDef).name)),
            deadEnds: r.stats.gated,
          },
    values:
      r.stats.infeasible === undefined
        ? null
        : { infeasible: r.stats.infeasible, off: r.stats.valuesOff ?? null, afterProbe: null },
  };
}

/** The violation a stop-on run ended at (the last one recorded of a wanted kind), minimised. */
function stoppedAt(compiled: CompiledLitmus, r: ExploreResult, stopOn?: readonly ViolationKind[]): StoppedAt | null {
  if (r.kind !== 'bound-reached' || r.limit !== 'violation') return null;
  const hit = r.violations.findLast((v) => stopOn === undefined || stopOn.includes(v.kind));
  if (hit === undefined) return null;
  const minimised = minimise(compiled.scenario, hit.kind, { maxExecutions: MINIMISE_BUDGET });
  return { kind: hit.kind, token: hit.token, minimised };
}

/** Parses (if given source) and checks a test on each variant. Input errors come back as values. */
export function checkLitmus(input: LitmusTest | string, opts: CheckOptions = {}): LitmusCheck {
  let test: LitmusTest;
  if (typeof input === 'string') {
    const p = parseLitmus(input, opts.file === undefined ? {} : { file: opts.file });
    if (!p.ok) return p;
    test = p.test;
  } else test = input;
  const results: CheckResult[] = [];
  for (const variant of resolveVariants(test, opts.variants)) {
    const r = checkVariant(test, variant, opts);
    if ('code' in r) return { ok: false, errors: [r] };
    results.push(r);
  }
  return { ok: true, results };
}

/** Did every expectation pass or stay unknown, and did the model run without error? */
export function resultOk(r: CheckResult): boolean {
  return r.modelError === null && r.expectations.every((e) => e.status !== 'fail');
}
