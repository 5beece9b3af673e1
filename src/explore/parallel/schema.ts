// Explorer, parallel: the schemas of checkpoint and result files (valibot), and the frontier's consistency checks.
import * as v from 'valibot';
import { perr, type ParallelError } from './errors.ts';
import { comparePaths } from './task.ts';

const nat = v.pipe(v.number(), v.integer(), v.minValue(0));
const positive = v.pipe(v.number(), v.integer(), v.minValue(1));
/** A finite number, or null (JSON writes Infinity, an unknown estimate, as null). */
const estimate = v.nullable(v.pipe(v.number(), v.finite()));
const path = v.array(nat);
const stack = v.array(v.string());

/**
 * A violation kind: any name (a kind the model gains later must not make older files unreadable); the detectors'
 * list is src/kernel/violation.ts.
 */
const kind = v.pipe(v.string(), v.minLength(1));

const Violation = v.object({
  kind,
  title: v.string(),
  thread: v.string(),
  step: nat,
  stack,
  object: v.string(),
  objectKind: v.string(),
  fatal: v.boolean(),
  allocated: v.optional(v.object({ thread: v.string(), stack })),
  freed: v.optional(v.object({ thread: v.string(), stack })),
  recycledBy: v.optional(v.string()),
});

const LockEdge = v.object({ from: v.string(), to: v.string(), thread: v.string(), stack, execution: nat });

const TreeSpec = v.object({
  mode: v.picklist(['naive', 'dpor', 'bounded']),
  bound: v.nullable(nat),
  granularity: v.pipe(v.number(), v.minValue(1)),
  lockdep: v.boolean(),
  stopOn: v.nullable(v.union([kind, v.literal(true)])),
  symmetry: v.optional(v.literal(true)),
});

const Identity = v.object({
  scenario: v.string(),
  hash: v.string(),
  variant: v.string(),
  spec: TreeSpec,
  shard: v.nullable(v.object({ index: nat, count: positive })),
});

const SubtreeTask = v.object({
  path,
  prefix: v.array(nat),
  sleep: v.array(v.tuple([nat, v.boolean()])),
  threshold: estimate,
  estimate,
});

const TaskResult = v.object({
  path,
  end: v.picklist(['done', 'violation', 'limit', 'model-error']),
  outcomes: v.array(v.object({ outcome: v.string(), count: positive, token: v.string(), run: nat })),
  violations: v.array(
    v.object({ kind, token: v.string(), report: v.string(), violation: Violation, key: v.string(), run: nat }),
  ),
  edges: v.array(v.object({ edge: LockEdge, token: v.string(), run: nat })),
  stats: v.object({
    executions: nat,
    redundant: nat,
    blocked: nat,
    steps: nat,
    runs: nat,
    insertions: nat,
    gated: v.optional(nat),
  }),
  maxEvents: v.array(v.tuple([v.string(), nat])),
  error: v.nullable(v.object({ message: v.string(), token: v.string() })),
});

const Stats = v.object({
  executions: nat,
  redundant: nat,
  blocked: nat,
  steps: nat,
  ms: v.pipe(v.number(), v.minValue(0)),
  execPerSec: v.nullable(v.pipe(v.number(), v.minValue(0))),
  naiveEstimate: v.nullable(v.pipe(v.number(), v.minValue(0))),
  insertions: nat,
  gated: v.optional(nat),
});

export const CheckpointSchema = v.object({
  format: v.literal('epoll-lab-checkpoint/1'),
  identity: Identity,
  done: v.array(TaskResult),
  pending: v.array(SubtreeTask),
  elapsedMs: v.pipe(v.number(), v.finite(), v.minValue(0)),
});

export const ResultFileSchema = v.object({
  format: v.literal('epoll-lab-result/1'),
  identity: Identity,
  complete: v.boolean(),
  kind: v.picklist(['exhausted', 'bound-reached', 'model-error']),
  limit: v.nullable(v.picklist(['executions', 'timeout', 'violation', 'interrupted'])),
  outcomes: v.array(v.object({ outcome: v.string(), count: positive, token: v.string() })),
  violations: v.array(v.object({ kind, token: v.string(), report: v.string() })),
  error: v.nullable(v.object({ message: v.string(), token: v.string() })),
  stats: Stats,
  tasks: v.array(TaskResult),
});

/**
 * Checks parsed JSON against a schema: null when it fits, else EPM156 naming the first wrong field
 * (`done.0.path.0: expected number, received "g"`) and how many problems there are.
 */
export function schemaError(schema: v.GenericSchema, data: unknown, file: string, what: string): ParallelError | null {
  const r = v.safeParse(schema, data);
  if (r.success) return null;
  const first = r.issues[0];
  const where = v.getDotPath(first) ?? '(top level)';
  const more = r.issues.length > 1 ? ` (and ${r.issues.length - 1} more problems)` : '';
  return perr('EPM156', `${file}: not a valid ${what}: ${where}: ${first.message}${more}`);
}

const key = (p: readonly number[]): string => p.join('.');

/**
 * The subtrees of a frontier (finished and pending roots) must be distinct and none inside another: a repeated or
 * nested subtree would count its executions twice (EPM157). A whole exploration's frontier (not a shard's) must
 * also be gap-free on the left: its first subtree in DFS order is the leftmost (`0.0...`), and each subtree but a
 * first child has its previous sibling's subtree in the frontier (splits number their children 0, 1, ...).
 */
export function frontierError(
  paths: readonly (readonly number[])[],
  whole: boolean,
  file: string,
): ParallelError | null {
  if (paths.length === 0)
    return whole ? perr('EPM157', `${file}: the frontier holds no subtree (nothing done, nothing pending)`) : null;
  const sorted = [...paths].sort(comparePaths);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1] as readonly number[];
    const b = sorted[i] as readonly number[];
    if (a.length <= b.length && a.every((x, j) => b[j] === x))
      return perr(
        'EPM157',
        `${file}: subtree ${key(b) || 'root'} is ${a.length === b.length ? 'repeated' : `inside ${key(a) || 'root'}`}`,
      );
  }
  if (!whole) return null;
  const firstPath = sorted[0] as readonly number[];
  if (firstPath.some((x) => x !== 0))
    return perr('EPM157', `${file}: the subtrees before ${key(firstPath)} are missing`);
  const prefixes = new Set<string>();
  for (const p of sorted) for (let n = 1; n <= p.length; n++) prefixes.add(key(p.slice(0, n)));
  for (const p of sorted) {
    const last = p.at(-1);
    if (last === undefined || last === 0) continue;
    const prev = [...p.slice(0, -1), last - 1];
    if (!prefixes.has(key(prev))) return perr('EPM157', `${file}: subtree ${key(prev)}, before ${key(p)}, is missing`);
  }
  return null;
}
