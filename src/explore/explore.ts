// Explorer: the exploration driver — naive DFS, optimal DPOR, preemption-bounded DFS, random and PCT sampling.
import type { Violation, ViolationKind } from '../kernel/violation.ts';
import { DfsStrategy } from './dfs.ts';
import { RestartWatch } from './dpor/counting.ts';
import { DporStrategy } from './dpor/strategy.ts';
import { Engine, IntLog, type ExecResult, type Strategy } from './engine.ts';
import { LockDep, type LockCycle } from './lockdep.ts';
import { lockOrderReport, renderReport } from './report.ts';
import { Rng } from './rng.ts';
import { relinearise } from './relinearise.ts';
import { PctStrategy, RandomStrategy } from './sampling.ts';
import { StatefulStrategy } from './stateful/strategy.ts';
import { hashOf, type Scenario } from './scenario.ts';
import { SymmetryGate } from './symmetry.ts';
import { closeOutcomes } from './symmetry-close.ts';
import type { ExploreStats } from './stats.ts';
import { Tally } from './tally.ts';
import { encodeToken } from './token.ts';

export type ExploreMode = 'naive' | 'dpor' | 'stateful' | 'stateful-dfs' | 'random' | 'pct';

export interface ExploreOptions {
  /** Default `dpor`. */
  readonly mode?: ExploreMode;
  /**
   * Preemption bound: explore (by DFS) only schedules with at most this many preemptive context switches. The
   * outcomes are a subset of the full set. Overrides `naive`/`dpor` (DPOR's optimality does not survive bounding).
   */
  readonly bound?: number;
  /** Stop after this many executions (complete, redundant or blocked). Default: unlimited (1,000 for sampling). */
  readonly maxExecutions?: number;
  readonly timeoutMs?: number;
  /** Seed of `random` and `pct` (default 1). */
  readonly seed?: number;
  /** PCT depth d (default 3). */
  readonly depth?: number;
  /** Track lock order across executions (default true). */
  readonly lockdep?: boolean;
  /** Stop at the first violation (of this kind or one of these kinds, or of any kind with `true`). */
  readonly stopOn?: ViolationKind | readonly ViolationKind[] | true;
  /** Stateful mode: stop storing states past this many (bound-reached, limit `states`). */
  readonly maxStates?: number;
  /** Stateful mode, debug: compare full encodings behind equal fingerprints and count collisions. */
  readonly checkCollisions?: boolean;
  /**
   * DPOR: reference-count steps commute while no order of them reaches where their code differs (`Step.ctr`; default
   * true). False orders every pair of them, the plain DPOR the tests compare against. Workers always count; `stateful`
   * never does (a restart would drop its table).
   */
  readonly counting?: boolean;
  /**
   * DPOR: a read that uses only its location's declared view (`Step.view`) is ordered after the writes that changed
   * the view, not after every write (default true). False: ordinary reads, the plain DPOR the tests compare against.
   * Parallel and sharded runs use views below their split too (DESIGN.md, "Parallel and sharded exploration").
   */
  readonly views?: boolean;
  /**
   * DPOR (sequential): value branches. A view read is a choice of the value it returns, ordered after no store; an
   * execution is kept when its reads can be placed where the kernel returns those values (DESIGN.md, "Value
   * branches"). Default false while experimental.
   */
  readonly values?: boolean;
  /**
   * DPOR and `stateful`: count the races processed by site (function, object and field on each side) into
   * `stats.races`: what the executions are spent on (`check --races`). Default false.
   */
  readonly races?: boolean;
  /**
   * DPOR and naive: explore only executions in which interchangeable threads (`Scenario.symmetry`) make their first
   * lock acquisition in thread order, then add every renaming of the outcomes found (DESIGN.md, "Symmetry"). Same
   * final states; counts are those of the executions renamed. Default false.
   */
  readonly symmetry?: boolean;
  /** Called every 256 runs with the progress so far (the playground streams it from its worker). */
  readonly onProgress?: (p: ExploreProgress) => void;
}

/** A snapshot of a running exploration. */
export interface ExploreProgress {
  readonly executions: number;
  readonly outcomes: number;
  readonly ms: number;
}

/** One distinct outcome: how many executions reached it and a token replaying the first. */
export interface OutcomeInfo {
  count: number;
  readonly token: string;
}

/** One distinct violation (first occurrence), its replay token and its kernel-style report. */
export interface ViolationRecord {
  readonly kind: ViolationKind;
  readonly token: string;
  readonly report: string;
  readonly violation: Violation;
}

interface ExploreCommon {
  readonly scenario: string;
  readonly mode: ExploreMode | 'bounded';
  readonly preemptionBound: number | null;
  readonly outcomes: Map<string, OutcomeInfo>;
  readonly violations: ViolationRecord[];
  readonly stats: ExploreStats;
}

/**
 * Why an exploration stopped early: a limit, a wanted violation, an interruption (SIGINT, an abort signal), or the
 * stateful-dfs mode's state limit.
 */
export type ExploreLimit = 'executions' | 'timeout' | 'violation' | 'interrupted' | 'states';

/** The result of an exploration: a value for every expected ending. */
export type ExploreResult =
  | (ExploreCommon & { readonly kind: 'exhausted' })
  | (ExploreCommon & { readonly kind: 'bound-reached'; readonly limit: ExploreLimit })
  | (ExploreCommon & { readonly kind: 'model-error'; readonly message: string; readonly token: string });

export function cycleViolation(c: LockCycle): Violation {
  const names = [...c.chain.map((e) => e.from), c.edge.from, c.edge.to];
  return {
    kind: 'lock-order',
    title: `possible circular locking dependency: ${names.join(' -> ')}`,
    thread: c.edge.thread,
    step: 0,
    stack: c.edge.stack,
    object: c.edge.to,
    objectKind: 'lock class',
    fatal: false,
  };
}

/** Explores a scenario's executions. Never throws for a finding; a model bug is a `model-error` result. */
export function explore(scenario: Scenario, opts: ExploreOptions = {}): ExploreResult {
  const x = explorer(scenario, opts);
  for (;;) {
    const r = x.step(Infinity);
    if (r !== null) return r;
  }
}

/** An exploration run in slices: the caller may stop it between slices and still get every state found so far. */
export interface Explorer {
  /** Runs executions for about `sliceMs` (at least one): the result when the exploration ended, else null. */
  step(sliceMs: number): ExploreResult | null;
  /** The partial result now, as stopped by `limit` (e.g. `interrupted`). */
  stop(limit: ExploreLimit): ExploreResult;
  /**
   * All executions run so far (complete, redundant, blocked), the milliseconds since the start, the naive estimate, and
   * the distinct violations found so far.
   */
  progress(): {
    readonly runs: number;
    readonly executions: number;
    readonly elapsedMs: number;
    readonly naiveEstimate: number;
    readonly violations: number;
    /** A fatal violation halted an execution. */
    readonly halted: boolean;
    /** DPOR: view reads run so far (`Step.view`; what `values` branches on); 0 in the other modes. */
    readonly viewReads: number;
    /** Value branches were asked for and turned off (`ExploreStats.valuesOff`): the rest is plain DPOR. */
    readonly valuesOff: boolean;
  };
}

/** The exploration of `explore`, as an Explorer. */
export function explorer(scenario: Scenario, opts: ExploreOptions = {}): Explorer {
  const mode: ExploreMode = opts.mode ?? 'dpor';
  const sampling = mode === 'random' || mode === 'pct';
  const bounded = opts.bound !== undefined && !sampling;
  const s = strategiesOf(scenario, opts, mode, bounded);
  const gate = symmetryGate(scenario, opts, mode, bounded);
  const engine = new Engine(scenario, s.strategy, gate);
  const choices = new IntLog();
  const lockdep = opts.lockdep === false ? null : new LockDep();
  const max = opts.maxExecutions ?? (sampling ? 1000 : Infinity);
  const deadline = opts.timeoutMs === undefined ? Infinity : performance.now() + opts.timeoutMs;
  const hash = hashOf(scenario);
  /** The choices of the order in which the kernel runs the current execution, when its own are not (value branches). */
  let placed: (() => IntLog) | null = null;
  const token = (c = placed?.() ?? choices): string => encodeToken(scenario.variant.name, hash, c.buf, c.n);
  const t0 = performance.now();
  const found = new Findings(opts.stopOn, token, s.pct, () => performance.now() - t0);
  const { outcomes, violations, tally } = found;
  const restarts = new RestartWatch(outcomes);

  const common = (): ExploreCommon => {
    const stats = statsOf(tally, performance.now() - t0, s);
    return {
      scenario: scenario.name,
      mode: bounded ? 'bounded' : mode,
      preemptionBound: bounded ? (opts.bound ?? null) : null,
      outcomes,
      violations,
      stats: { ...stats, ...extraStats(found, gate !== null, s.dpor) },
    };
  };
  /** The result with the renamed outcomes added (symmetry), once; a renaming that does not replay is a model error. */
  const closed = (r: ExploreResult): ExploreResult => {
    if (gate === null || r.kind === 'model-error') return r;
    const bad = closeOutcomes(scenario, outcomes, engine.ctx.threads.length);
    return bad === null ? r : { ...r, kind: 'model-error', message: bad.message, token: bad.token };
  };

  const once = (): ExploreResult | null => {
    if (tally.runs >= max) return { ...common(), kind: 'bound-reached', limit: 'executions' };
    if ((tally.runs & 15) === 0 && performance.now() > deadline)
      return { ...common(), kind: 'bound-reached', limit: 'timeout' };
    if ((tally.runs & 255) === 0 && opts.onProgress !== undefined)
      opts.onProgress({ executions: tally.executions, outcomes: outcomes.size, ms: performance.now() - t0 });
    const res = executeOrBug(engine, choices, lockdep);
    if (typeof res === 'string') return { ...common(), kind: 'model-error', message: res, token: token() };
    const rec = placeValues(scenario, s.dpor, res, lockdep);
    placed = rec.placed;
    const stop = recordOrBug(found, rec.res, engine, lockdep);
    if (stop !== false)
      return stop === true
        ? { ...common(), kind: 'bound-reached', limit: 'violation' }
        : { ...common(), kind: 'model-error', message: stop, token: token() };
    if (rec.res.abandon === 'infeasible' && valuesFutile(tally)) s.dpor?.dropValues();
    const end = advance(s, res);
    if (s.dpor !== null) restarts.after(s.dpor.restarts);
    const lost = end === 'exhausted' ? restarts.lost() : null;
    if (lost !== null) return { ...common(), kind: 'model-error', message: lost, token: token() };
    return end === null ? null : end === 'exhausted' ? { ...common(), kind: end } : { ...common(), ...end };
  };
  let ended: ExploreResult | null = null;
  return {
    step(sliceMs) {
      if (ended !== null) return ended;
      const until = sliceMs === Infinity ? Infinity : performance.now() + sliceMs;
      do ended = once();
      while (ended === null && (until === Infinity || performance.now() < until));
      if (ended !== null) ended = closed(ended);
      return ended;
    },
    stop: (limit) => ended ?? closed({ ...common(), kind: 'bound-reached', limit }),
    progress: () => progressOf(found, performance.now() - t0, s.dpor),
  };
}

/** `Explorer.progress`. */
function progressOf(found: Findings, elapsedMs: number, dpor: DporStrategy | null): ReturnType<Explorer['progress']> {
  const { tally, violations } = found;
  return {
    runs: tally.runs,
    executions: tally.executions,
    elapsedMs,
    naiveEstimate: tally.naiveEstimate(),
    violations: violations.length,
    halted: violations.some((v) => v.violation.fatal),
    viewReads: dpor?.ev.viewReads ?? 0,
    valuesOff: (dpor?.valuesOff ?? null) !== null,
  };
}

/** A mode's strategy, and the typed handles the explorer reads back (only the mode's own is non-null). */
interface Strategies {
  readonly strategy: Strategy;
  readonly dfs: DfsStrategy | null;
  readonly dpor: DporStrategy | null;
  readonly pct: PctStrategy | null;
  readonly stateful: StatefulStrategy | null;
}

function strategiesOf(scenario: Scenario, opts: ExploreOptions, mode: ExploreMode, bounded: boolean): Strategies {
  const none = { dfs: null, dpor: null, pct: null, stateful: null };
  const rng = new Rng(opts.seed ?? 1);
  if (bounded) {
    const dfs = new DfsStrategy(opts.bound);
    return { ...none, strategy: dfs, dfs };
  }
  switch (mode) {
    case 'naive': {
      const dfs = new DfsStrategy();
      return { ...none, strategy: dfs, dfs };
    }
    case 'dpor': {
      const dpor = new DporStrategy(null, {
        ...(opts.counting === false ? { counting: false } : {}),
        ...(opts.views === false ? { views: false } : {}),
        ...(opts.values === true ? { values: true } : {}),
        ...(opts.races === true ? { profile: true } : {}),
      });
      return { ...none, strategy: dpor, dpor };
    }
    case 'stateful-dfs': {
      const stateful = new StatefulStrategy({
        ...(opts.maxStates !== undefined ? { maxStates: opts.maxStates } : {}),
        ...(opts.checkCollisions === true ? { checkCollisions: true } : {}),
      });
      return { ...none, strategy: stateful, stateful };
    }
    case 'stateful': {
      const dpor = new DporStrategy(null, {
        cache: true,
        ...(opts.counting === false ? { counting: false } : {}),
        ...(opts.views === false ? { views: false } : {}),
        ...(opts.races === true ? { profile: true } : {}),
        ...(opts.maxStates === undefined ? {} : { maxStates: opts.maxStates }),
        ...(scenario.threadMark === undefined ? {} : { threadMark: scenario.threadMark }),
      });
      return { ...none, strategy: dpor, dpor };
    }
    case 'random':
      return { ...none, strategy: new RandomStrategy(rng) };
    case 'pct': {
      const pct = new PctStrategy(rng, opts.depth ?? 3);
      return { ...none, strategy: pct, pct };
    }
  }
}

/**
 * Whether the symmetry reduction can reduce an exploration of `scenario`: it declares interchangeable threads and the
 * mode explores every schedule (DPOR or naive, no preemption bound). `check` uses it to choose one thread.
 */
export function symmetryReduces(scenario: Scenario, mode: ExploreMode, bounded: boolean): boolean {
  const sym = scenario.symmetry;
  if (sym === undefined || bounded || (mode !== 'dpor' && mode !== 'naive')) return false;
  return sym.classes.some((c) => c.length > 1);
}

/** The symmetry gate when asked for and it can reduce. */
function symmetryGate(
  scenario: Scenario,
  opts: ExploreOptions,
  mode: ExploreMode,
  bounded: boolean,
): SymmetryGate | null {
  const sym = scenario.symmetry;
  return opts.symmetry === true && sym !== undefined && symmetryReduces(scenario, mode, bounded)
    ? new SymmetryGate(sym)
    : null;
}

/** One execution, or the message of the model bug that threw. */
function executeOrBug(engine: Engine, choices: IntLog, lockdep: LockDep | null): ExecResult | string {
  try {
    return engine.execute({ choices, lockdep, trace: null });
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Value branches give up (the exploration starts again as plain DPOR) once this many of the choice program's runs were
 * infeasible and they outnumber the executions kept: a sign that its sequences carry forced values into places no
 * placement realises (DESIGN.md, "Value branches"). On the bench's three-thread pipe tests they were 7 and 2 infeasible
 * runs per execution kept (3x and more than 8x DPOR's time); on the I1 series 76 of 1,566 at most (none in the first
 * 30,000 runs of 5 waiters and a writer).
 */
export const VALUES_FUTILE_AFTER = 250;

function valuesFutile(t: Tally): boolean {
  return t.infeasible >= VALUES_FUTILE_AFTER && t.infeasible > t.executions;
}

/** The statistics only some explorations have: when the last new state was found, gated and infeasible runs. */
function extraStats(found: Findings, gated: boolean, dpor: DporStrategy | null): Partial<ExploreStats> {
  const values = (dpor?.values ?? null) !== null || (dpor?.valuesOff ?? null) !== null;
  const off = dpor?.valuesOff ?? null;
  return {
    ...(found.lastNew === null ? {} : { lastNew: found.lastNew }),
    ...(gated ? { gated: found.tally.gated } : {}),
    ...(values ? { infeasible: found.tally.infeasible } : {}),
    ...(off === null ? {} : { valuesOff: off }),
  };
}

/** `Findings.record`, or the message of a bug of ours it met (a placement that does not replay). */
function recordOrBug(found: Findings, res: ExecResult, engine: Engine, lockdep: LockDep | null): boolean | string {
  try {
    return found.record(res, engine, lockdep);
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    return e.message;
  }
}

/** A bug of ours found while exploring (a value branch's placement that does not replay), reported as `model-error`. */
class ModelError extends Error {}

/**
 * An execution in which a view read returned a value other than its view (DPOR's value branches, `dpor/values.ts`):
 * as recorded, abandoned (`infeasible`, its lock-order edges forgotten) when the kernel cannot run it; else the
 * choices of an order in which it can, computed when a token is asked for.
 */
function placeValues(
  scenario: Scenario,
  dpor: DporStrategy | null,
  res: ExecResult,
  lockdep: LockDep | null,
): { readonly res: ExecResult; readonly placed: (() => IntLog) | null } {
  const vb = dpor?.values ?? null;
  if (dpor === null || vb === null || !vb.forced) return { res, placed: null };
  const p = vb.placement(res.events);
  if (p === null) {
    lockdep?.undo();
    return { res: { ...res, end: 'abandoned', abandon: 'infeasible', outcome: '' }, placed: null };
  }
  let memo: IntLog | null = null;
  // Only while this execution is recorded (its events are still in the store): a token is asked for a new outcome or
  // violation, so most executions never build the order (a topological sort of all their events).
  const placed = (): IntLog => {
    if (memo !== null) return memo;
    const order = vb.order(res.events, p).map((j) => dpor.ev.evT[j] as number);
    const c = relinearise(scenario, order, res.end === 'abandoned' ? null : res.outcome);
    if (typeof c === 'string') throw new ModelError(c);
    return (memo = c);
  };
  return { res, placed };
}

/** After an execution: the next schedule, or how the exploration ends (sampling modes end only at their limits). */
function advance(
  s: Strategies,
  res: ExecResult,
): null | 'exhausted' | { readonly kind: 'bound-reached'; readonly limit: 'states' } {
  if (s.dfs !== null) return s.dfs.next() ? null : 'exhausted';
  if (s.dpor !== null) return s.dpor.next(res.end, res.events) ? null : 'exhausted';
  if (s.stateful !== null && !s.stateful.next())
    return s.stateful.full ? { kind: 'bound-reached', limit: 'states' } : 'exhausted';
  return null;
}

/** The statistics of a result: the tally's counts and the strategy's own (DPOR insertions, stored states). */
function statsOf(tally: Tally, ms: number, { dpor, stateful }: Strategies): ExploreStats {
  return {
    executions: tally.executions,
    redundant: tally.redundant,
    blocked: tally.blocked,
    steps: tally.steps,
    ms,
    execPerSec: ms > 0 ? (tally.runs * 1000) / ms : 0,
    naiveEstimate: tally.naiveEstimate(),
    insertions: dpor?.insertions ?? 0,
    ...(dpor?.profile != null ? { races: dpor.profile.result() } : {}),
    ...(dpor?.cache != null
      ? {
          stateful: {
            states: dpor.cache.table.size,
            transitions: tally.steps,
            merged: tally.merged,
            bytes: dpor.cache.bytes,
            collisions: 0,
            expansions: dpor.cache.expansions,
          },
        }
      : {}),
    ...(stateful !== null
      ? {
          stateful: {
            states: stateful.states,
            transitions: stateful.transitions,
            merged: stateful.merged,
            bytes: stateful.bytes,
            collisions: stateful.collisions,
          },
        }
      : {}),
  };
}

/** What the executions found: each outcome's count and first token, first violations, lock-order cycles. */
class Findings {
  readonly outcomes = new Map<string, OutcomeInfo>();
  readonly violations: ViolationRecord[] = [];
  readonly tally = new Tally();
  /** `ExploreStats.lastNew`. */
  lastNew: { readonly runs: number; readonly ms: number } | null = null;

  constructor(
    private readonly stopOn: ExploreOptions['stopOn'],
    private readonly token: () => string,
    private readonly pct: PctStrategy | null,
    private readonly elapsed: () => number,
  ) {}

  private foundNew(): void {
    this.lastNew = { runs: this.tally.runs, ms: this.elapsed() };
  }

  private wanted(k: ViolationKind): boolean {
    const stopOn = this.stopOn;
    return stopOn === true || stopOn === k || (Array.isArray(stopOn) && stopOn.includes(k));
  }

  /** Records one execution; true when it found a violation the exploration stops on. */
  record(res: ExecResult, engine: Engine, lockdep: LockDep | null): boolean {
    const { tally, token, violations } = this;
    let stop = false;
    if (tally.count(res, engine)) {
      const o = this.outcomes.get(res.outcome);
      if (o === undefined) {
        this.outcomes.set(res.outcome, { count: 1, token: token() });
        this.foundNew();
      } else o.count++;
      for (let i = 0; i < res.violations.length; i++) {
        const v = res.violations[i] as Violation;
        if (this.wanted(v.kind)) stop = true;
        if (tally.firstSeen(v) === null) continue;
        violations.push({ kind: v.kind, token: token(), report: renderReport(v, res.access[i] ?? null), violation: v });
        this.foundNew();
      }
      if (this.pct !== null) this.pct.k = Math.max(this.pct.k, res.events);
    }
    // Lock-order edges are real even in an execution cut short (a sleep-set-blocked or merged one): a cycle its
    // prefix closed is reported, with the token of that prefix.
    if (lockdep !== null)
      for (const c of lockdep.found) {
        const v = cycleViolation(c);
        if (this.wanted('lock-order')) stop = true;
        violations.push({ kind: 'lock-order', token: token(), report: lockOrderReport(c), violation: v });
        this.foundNew();
      }
    return stop;
  }
}
