// Explorer, parallel: explores one subtree (naive, bounded or DPOR) — or splits it — and returns a mergeable result.
import type { Task } from '../../kernel/task.ts';
import type { Violation, ViolationKind } from '../../kernel/violation.ts';
import { DfsStrategy } from '../dfs.ts';
import { RestartWatch } from '../dpor/counting.ts';
import { DporStrategy, type SubtreeRoot } from '../dpor/strategy.ts';
import { Engine, IntLog, type ExecResult } from '../engine.ts';
import { LockDep } from '../lockdep.ts';
import { renderReport } from '../report.ts';
import { hashOf, type Scenario } from '../scenario.ts';
import { SymmetryGate } from '../symmetry.ts';
import { logMultinomial } from '../stats.ts';
import { Tally } from '../tally.ts';
import { encodeToken } from '../token.ts';
import { pendingDesc, splitDpor } from './probe.ts';
import {
  MAX_SPLIT_DEPTH,
  type OutcomeRec,
  type SubtreeTask,
  type TaskAnswer,
  type TaskEnd,
  type TaskResult,
  type TreeSpec,
  type ViolationRec,
  type EdgeRec,
} from './task.ts';

/** Limits of one subtree run. */
export interface TaskLimits {
  /** Stop after this many runs (the result is then partial: `limit`). */
  readonly budget?: number;
  /** Wall-clock deadline (`Date.now()` ms). */
  readonly deadline?: number;
  /** Only decide: split, or answer `unit` without exploring (shard planning). */
  readonly decideOnly?: boolean;
  /**
   * Split at the root whatever the size estimate says (shard planning: a subtree measured too large for a fair
   * share). The children decide for themselves as usual.
   */
  readonly forceSplit?: boolean;
  /** The exploration's shared control block (see `Control`): runs are counted in it; its stop flag ends the run. */
  readonly control?: Int32Array;
}

/** Slots of the shared control block every worker sees: a stop flag (an interruption) and a count of all runs. */
export const CONTROL_STOP = 0;
export const CONTROL_RUNS = 1;

/** A control block on shared memory (worker threads see the same one). */
export function newControl(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
}

/** `decideOnly` answers `unit` with the subtree's estimate when it would not be split. */
export type DecideAnswer = TaskAnswer | { readonly kind: 'unit'; readonly task: SubtreeTask };

/**
 * Explores the subtree `task` of `sc` under `spec`, or splits it. The first execution estimates the subtree's size
 * (DPOR: the naive interleavings of the events after the root; DFS: Knuth's estimator, the product of the branching
 * along that execution); above the threshold the subtree is split into its root's children instead.
 */
export function runTask(sc: Scenario, spec: TreeSpec, task: SubtreeTask, lim: TaskLimits = {}): DecideAnswer {
  const { dfs, dpor } = strategyFor(spec, task);
  const engine = new Engine(sc, (dpor ?? dfs) as DporStrategy | DfsStrategy, gateOf(sc, spec));
  const choices = new IntLog();
  const lockdep = spec.lockdep ? new LockDep() : null;
  const hash = hashOf(sc);
  const token = (): string => encodeToken(sc.variant.name, hash, choices.buf, choices.n);
  const found = new SubtreeFindings(spec.stopOn, token, lockdep);
  const finish = (end: TaskEnd, error: TaskResult['error'] = null): TaskAnswer =>
    found.answer(task.path, end, dpor?.insertions ?? 0, error);
  const restarts = new RestartWatch(found.byOutcome);
  for (;;) {
    if (limitReached(found.tally.runs, lim)) return finish('limit');
    let res: ExecResult;
    try {
      res = engine.execute({ choices, lockdep, trace: null });
    } catch (e) {
      return finish('model-error', { message: e instanceof Error ? e.message : String(e), token: token() });
    }
    const force = lim.forceSplit === true;
    if (found.tally.runs === 0 && (force || spec.granularity > 1) && task.path.length < MAX_SPLIT_DEPTH) {
      const split = decide(sc, spec, task, engine, res, dfs, force);
      if (split !== null) return split;
      if (lim.decideOnly === true) return { kind: 'unit', task };
    }
    if (found.record(res, engine)) return finish('violation');
    const more = dfs !== null ? dfs.next() : (dpor as DporStrategy).next(res.end, res.events);
    if (dpor !== null) restarts.after(dpor.restarts);
    if (!more) {
      const lost = restarts.lost();
      return lost === null ? finish('done') : finish('model-error', { message: lost, token: token() });
    }
  }
}

/** The symmetry gate of every execution of a subtree (and of its split probes), when the spec asks for it. */
export function gateOf(sc: Scenario, spec: TreeSpec): SymmetryGate | null {
  return spec.symmetry === true && sc.symmetry !== undefined ? new SymmetryGate(sc.symmetry) : null;
}

/** The subtree's strategy: DPOR from the task's root (its prefix and sleep set), or DFS below its prefix. */
function strategyFor(spec: TreeSpec, task: SubtreeTask): { dfs: DfsStrategy | null; dpor: DporStrategy | null } {
  if (spec.mode !== 'dpor')
    return {
      dfs: new DfsStrategy(spec.mode === 'bounded' ? (spec.bound ?? Infinity) : Infinity, task.prefix),
      dpor: null,
    };
  const sleep = task.sleep;
  const root: SubtreeRoot = {
    depth: task.prefix.length,
    prefix: task.prefix,
    sleep: (ev, tasks) => sleep.map(([ti, h]) => pendingDesc(ev, ti, tasks[ti] as Task, h)),
  };
  return { dfs: null, dpor: new DporStrategy(task.path.length === 0 ? null : root) };
}

/**
 * Before a run: the budget, the deadline (looked at every 16 runs) and the shared stop flag end the subtree;
 * otherwise the run is counted in the control block.
 */
function limitReached(runs: number, lim: TaskLimits): boolean {
  if (runs >= (lim.budget ?? Infinity)) return true;
  if ((runs & 15) === 15 && Date.now() > (lim.deadline ?? Infinity)) return true;
  const control = lim.control;
  if (control === undefined) return false;
  if (Atomics.load(control, CONTROL_STOP) !== 0) return true;
  Atomics.add(control, CONTROL_RUNS, 1);
  return false;
}

/** What a subtree's executions found: outcomes, first violations, new lock-order edges and counts. */
class SubtreeFindings {
  readonly byOutcome = new Map<string, OutcomeRec>();
  readonly violations: ViolationRec[] = [];
  readonly edges: EdgeRec[] = [];
  readonly tally = new Tally();

  constructor(
    private readonly stopOn: TreeSpec['stopOn'],
    private readonly token: () => string,
    private readonly lockdep: LockDep | null,
  ) {}

  private wanted(k: ViolationKind): boolean {
    const stopOn = this.stopOn;
    return stopOn === true || stopOn === k || (Array.isArray(stopOn) && stopOn.includes(k));
  }

  /** Records one execution; true when it found a violation (or lock-order edge) the exploration stops on. */
  record(res: ExecResult, engine: Engine): boolean {
    const { tally, token, lockdep } = this;
    const run = tally.runs;
    if (!tally.count(res, engine)) return false;
    let stop = false;
    const o = this.byOutcome.get(res.outcome);
    if (o === undefined) this.byOutcome.set(res.outcome, { outcome: res.outcome, count: 1, token: token(), run });
    else o.count++;
    for (let i = 0; i < res.violations.length; i++) {
      const v = res.violations[i] as Violation;
      if (this.wanted(v.kind)) stop = true;
      const key = tally.firstSeen(v);
      if (key === null) continue;
      const report = renderReport(v, res.access[i] ?? null);
      this.violations.push({ kind: v.kind, token: token(), report, violation: v, key, run });
    }
    if (lockdep !== null) {
      if (lockdep.added.length > 0) {
        const t = token();
        for (const e of lockdep.added) this.edges.push({ edge: e, token: t, run });
      }
      if (lockdep.found.length > 0 && this.wanted('lock-order')) stop = true;
    }
    return stop;
  }

  answer(path: readonly number[], end: TaskEnd, insertions: number, error: TaskResult['error']): TaskAnswer {
    const { tally } = this;
    return {
      kind: 'result',
      result: {
        path,
        end,
        outcomes: [...this.byOutcome.values()],
        violations: this.violations,
        edges: this.edges,
        stats: {
          executions: tally.executions,
          redundant: tally.redundant,
          blocked: tally.blocked,
          steps: tally.steps,
          runs: tally.runs,
          insertions,
          gated: tally.gated,
        },
        maxEvents: [...tally.maxEvents],
        error,
      },
    };
  }
}

/** After the subtree's first execution: its split, or null to explore it whole. */
function decide(
  sc: Scenario,
  spec: TreeSpec,
  task: SubtreeTask,
  engine: Engine,
  res: ExecResult,
  dfs: DfsStrategy | null,
  force: boolean,
): TaskAnswer | null {
  const floor = task.prefix.length;
  let est: number;
  if (dfs !== null) {
    est = 0;
    for (let d = floor; dfs.alternatives(d) > 0; d++) est += Math.log(dfs.alternatives(d));
  } else {
    const n = engine.ctx.machine.tasks.length;
    const counts: number[] = [];
    for (let i = 0; i < n; i++) counts.push(engine.counts[i] ?? 0);
    for (const ti of task.prefix) if (ti < n) counts[ti] = (counts[ti] as number) - 1;
    est = logMultinomial(counts);
  }
  const threshold = task.threshold ?? est - Math.log(spec.granularity);
  if (!(force || est > threshold) || res.events <= floor) return null;
  if (dfs !== null) {
    const alts = dfs.alternatives(floor);
    if (alts < 2) return null;
    const children: SubtreeTask[] = [];
    for (let a = 0; a < alts; a++)
      children.push({
        path: [...task.path, a],
        prefix: [...task.prefix, a],
        sleep: [],
        threshold,
        estimate: est - Math.log(alts),
      });
    return { kind: 'split', path: task.path, children, probes: 1 };
  }
  const { children, probes } = splitDpor(sc, { ...task, estimate: est }, threshold, gateOf(sc, spec));
  return { kind: 'split', path: task.path, children, probes: probes + 1 };
}
