// Explorer, parallel: shard plans — a deterministic split of the tree into N shares of about equal measured work.
import type { Scenario } from '../scenario.ts';
import { expandTop } from './expand.ts';
import { runTask } from './subtree.ts';
import { comparePaths, MAX_SPLIT_DEPTH, ROOT, type SubtreeTask, type TaskResult, type TreeSpec } from './task.ts';

/** Subtrees per shard the planner starts from (the top of the tree, by the workers' own split decisions). */
const UNITS_PER_SHARD = 8;

/**
 * Runs a planned subtree may take to be measured: one that finishes within them is explored (its result is kept by
 * the shard it goes to), one that does not is split further, whatever its size estimate says.
 */
export const MEASURE_RUNS = 64;

/**
 * Runs the planner spends measuring, at most (every shard computes the same plan, so every shard spends them).
 * Smaller trees are measured whole; on larger ones the subtrees still unmeasured count as the largest measured.
 */
export const PLAN_RUNS = 10_000;

/** One shard's share: subtrees to explore, and those the planner already explored (results to keep). */
export interface ShardShare {
  readonly pending: SubtreeTask[];
  readonly done: TaskResult[];
}

interface Unit {
  readonly task: SubtreeTask;
  /** The subtree's result when the planner explored it whole. */
  result: TaskResult | null;
  /** Measured: explored whole, or found larger than the budget and not splittable. */
  measured: boolean;
  /** Levels to split down its first children when it is found too large (doubles down a chain of large subtrees). */
  readonly gallop: number;
}

const fresh = (task: SubtreeTask, gallop = 1): Unit => ({ task, result: null, measured: false, gallop });

/**
 * The shares of `n` shards. Size estimates of DPOR subtrees are poor (on I1, the subtrees with the most work had the
 * smallest estimates, and 4 shards dealt by estimate got 1 / 1 / 0 / 1,816 executions), so sizes are measured: the
 * top is expanded by the split decisions a whole exploration makes until there are 8n subtrees; each is explored
 * with a budget of `MEASURE_RUNS` runs, and one that does not finish within it is split at its root (its children
 * are measured in turn). The subtrees are then dealt largest first to the shard with the least work (ties: lower
 * index, earlier path). Everything depends on runs, never on time, so every shard computes the same plan. Every split
 * is one an exploration could make (sleep-set DFS at the root): the merged shards have the whole exploration's states
 * and violations, and its counts where those do not depend on where the tree is split (see DESIGN.md: not on I2).
 */
export function planShards(sc: Scenario, spec: TreeSpec, n: number): ShardShare[] {
  const tops = expandTop(sc, spec, [ROOT], UNITS_PER_SHARD * n);
  if (n <= 1) return [{ pending: tops, done: [] }];
  const units = measure(sc, spec, tops, n);
  const known = units.filter((u) => u.result !== null).map((u) => u.result?.stats.runs ?? 0);
  const unknown = Math.max(MEASURE_RUNS, ...known);
  const weight = (u: Unit): number => (u.result === null ? unknown : u.result.stats.runs);
  const order = [...units].sort((a, b) => weight(b) - weight(a) || comparePaths(a.task.path, b.task.path));
  const shares = Array.from({ length: n }, () => ({ pending: [] as SubtreeTask[], done: [] as TaskResult[] }));
  const load: number[] = Array.from({ length: n }, () => 0);
  for (const u of order) {
    let best = 0;
    for (let i = 1; i < n; i++) if ((load[i] as number) < (load[best] as number)) best = i;
    const s = shares[best] as ShardShare;
    if (u.result === null) s.pending.push(u.task);
    else s.done.push(u.result);
    load[best] = (load[best] as number) + weight(u);
  }
  for (const s of shares) {
    s.pending.sort((x, y) => comparePaths(x.path, y.path));
    s.done.sort((x, y) => comparePaths(x.path, y.path));
  }
  return shares;
}

/**
 * Measures subtrees in DFS order within `PLAN_RUNS`, splitting those larger than `MEASURE_RUNS`; then, while a
 * measured subtree holds more than half a fair share (a small tree), splits it and measures its children.
 */
function measure(sc: Scenario, spec: TreeSpec, tops: readonly SubtreeTask[], n: number): Unit[] {
  let units = tops.map((t) => fresh(t));
  const spent = { runs: 0 };
  let cap = MEASURE_RUNS;
  for (;;) {
    measurePass(sc, spec, units, cap, spent);
    const total = units.reduce((s, u) => s + (u.result?.stats.runs ?? cap), 0);
    const half = Math.max(1, Math.floor(total / (2 * n)));
    if (half >= cap || spent.runs >= PLAN_RUNS) return units;
    cap = half;
    let changed = false;
    units = units.flatMap((u) => {
      if (u.result === null || u.result.stats.runs <= cap) return [u];
      const c = splitChain(sc, spec, u.task, 1);
      spent.runs += c.probes;
      if (c.tasks === null) return [u];
      changed = true;
      return c.tasks.map((t) => fresh(t));
    });
    if (!changed) return units;
  }
}

/**
 * Explores each unmeasured unit with a budget of `cap` runs; replaces (in place) one that does not finish by its
 * split, measured in the next round: rounds go breadth first, so when `PLAN_RUNS` runs out the large subtrees are
 * split into pieces of comparable size rather than one drilled into. DPOR subtrees are lopsided (the work sits in a
 * chain of first children, each level's siblings holding a few executions), so a large unit is split down its first
 * children for `gallop` levels, and the chain's end, if large again, for twice as many: O(log depth) measurements
 * of the chain, not one per level.
 */
function measurePass(sc: Scenario, spec: TreeSpec, units: Unit[], cap: number, spent: { runs: number }): void {
  for (let more = true; more && spent.runs < PLAN_RUNS;) {
    more = false;
    for (let i = 0; i < units.length && spent.runs < PLAN_RUNS;) {
      const u = units[i] as Unit;
      if (u.measured) {
        i++;
        continue;
      }
      const a = runTask(sc, spec, u.task, { budget: cap });
      if (a.kind === 'unit') throw new Error('epoll-lab bug: unit answer outside planning');
      if (a.kind === 'split') {
        spent.runs += a.probes;
        units.splice(i, 1, ...a.children.map((t) => fresh(t)));
        i += a.children.length;
        more = true;
        continue;
      }
      spent.runs += a.result.stats.runs;
      u.measured = true;
      if (a.result.end !== 'limit') {
        u.result = a.result;
        i++;
        continue;
      }
      const c = splitChain(sc, spec, u.task, u.gallop);
      spent.runs += c.probes;
      if (c.tasks === null) {
        i++;
        continue;
      }
      units.splice(i, 1, ...c.tasks.map((t) => fresh(t, t === c.end ? 2 * u.gallop : 1)));
      i += c.tasks.length;
      more = true;
    }
  }
}

/**
 * Splits a subtree at its root, then its first child, and so on for `levels` splits with two or more children
 * (one-child splits do not count). Returns every subtree split off and the chain's end; null: it cannot be split.
 */
function splitChain(
  sc: Scenario,
  spec: TreeSpec,
  task: SubtreeTask,
  levels: number,
): { readonly tasks: SubtreeTask[] | null; readonly end: SubtreeTask | null; readonly probes: number } {
  const out: SubtreeTask[] = [];
  let probes = 0;
  let end: SubtreeTask | null = task;
  for (let l = 0; l < levels && end !== null && end.path.length < MAX_SPLIT_DEPTH;) {
    const a = runTask(sc, spec, end, { decideOnly: true, forceSplit: true });
    if (a.kind !== 'split') break;
    probes += a.probes;
    const [first, ...rest] = a.children;
    out.push(...rest);
    if (rest.length > 0) l++;
    end = first ?? null;
  }
  if (end === task) return { tasks: null, end: null, probes };
  if (end !== null) out.push(end);
  return { tasks: out, end, probes };
}
