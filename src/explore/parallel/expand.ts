// Explorer, parallel: expanding the top of the tree by the same split decisions workers make (shard plans, pre-splits).
import type { Scenario } from '../scenario.ts';
import { runTask } from './subtree.ts';
import { comparePaths, type SubtreeTask, type TreeSpec } from './task.ts';

/**
 * Replaces subtrees of `tasks` by their children, breadth first, until there are at least `want` subtrees, none can
 * be split, or `enough()` says stop. Each split is the decision a worker would make on that subtree (it depends on
 * the subtree alone), so the leaves explored in the end, and the merged result, do not depend on how far this went.
 * Returns the subtrees in DFS order.
 */
export function expandTop(
  sc: Scenario,
  spec: TreeSpec,
  tasks: readonly SubtreeTask[],
  want: number,
  enough: () => boolean = () => false,
): SubtreeTask[] {
  const units: SubtreeTask[] = [];
  let frontier = [...tasks];
  while (frontier.length > 0 && units.length + frontier.length < want && !enough()) {
    const next: SubtreeTask[] = [];
    for (const t of frontier) {
      if (units.length + next.length + frontier.length >= want || enough()) {
        next.push(t);
        continue;
      }
      const a = runTask(sc, spec, t, { decideOnly: true });
      if (a.kind === 'split') next.push(...a.children);
      else units.push(t);
    }
    if (next.length === frontier.length && next.every((t, i) => t === frontier[i])) break;
    frontier = next;
  }
  return [...units, ...frontier].sort((a, b) => comparePaths(a.path, b.path));
}
