// Explorer, parallel: shards — a deterministic 1/N of the subtrees per machine, result files, and their merge.
import { readFileSync } from 'node:fs';
import type { ExploreLimit, ExploreResult } from '../explore.ts';
import type { ExploreStats } from '../stats.ts';
import type { Identity } from './checkpoint.ts';
import { perr, type ParallelError } from './errors.ts';
import { frontierError, ResultFileSchema, schemaError } from './schema.ts';
import { mergeResults, toExploreResult, untilStop } from './merge.ts';
import type { TaskResult } from './task.ts';

/** The JSON result of an exploration (whole, or one shard): what `epoll-lab merge` reads and writes. */
export interface ResultFile {
  readonly format: 'epoll-lab-result/1';
  readonly identity: Identity;
  /** Every subtree of this file's share explored (or the exploration stopped for good at a violation). */
  readonly complete: boolean;
  readonly kind: ExploreResult['kind'];
  readonly limit: ExploreLimit | null;
  readonly outcomes: readonly { readonly outcome: string; readonly count: number; readonly token: string }[];
  readonly violations: readonly { readonly kind: string; readonly token: string; readonly report: string }[];
  readonly error: { readonly message: string; readonly token: string } | null;
  readonly stats: ExploreStats;
  /** The subtrees' results, for merging. */
  readonly tasks: readonly TaskResult[];
}

export function resultFile(
  id: Identity,
  r: ExploreResult,
  tasks: readonly TaskResult[],
  complete: boolean,
): ResultFile {
  return {
    format: 'epoll-lab-result/1',
    identity: id,
    complete,
    kind: r.kind,
    limit: r.kind === 'bound-reached' ? r.limit : null,
    outcomes: [...r.outcomes].map(([outcome, o]) => ({ outcome, count: o.count, token: o.token })),
    violations: r.violations.map((v) => ({ kind: v.kind, token: v.token, report: v.report })),
    error: r.kind === 'model-error' ? { message: r.message, token: r.token } : null,
    stats: r.stats,
    tasks: untilStop(tasks),
  };
}

/** Reads one result file. */
export function readResultFile(file: string): ResultFile | ParallelError {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return perr('EPM150', `${file}: cannot read: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return perr('EPM150', `${file}: not an epoll-lab result file (invalid JSON)`);
  }
  if (typeof data !== 'object' || data === null || (data as { format?: unknown }).format !== 'epoll-lab-result/1')
    return perr('EPM150', `${file}: not an epoll-lab result file`);
  const bad = schemaError(ResultFileSchema, data, file, 'result file');
  if (bad !== null) return bad;
  const f = data as ResultFile;
  return (
    frontierError(
      f.tasks.map((t) => t.path),
      false,
      file,
    ) ?? f
  );
}

/**
 * Merges the result files of shards 0..N-1 of one exploration into the result of the whole exploration. Refuses
 * files of different explorations (EPM151), and a set with a missing, repeated or unfinished shard (EPM152).
 */
export function mergeShardFiles(files: readonly ResultFile[], names: readonly string[]): ResultFile | ParallelError {
  const first = files[0];
  if (first === undefined) return perr('EPM152', 'merge: no shard files given');
  const base = (f: ResultFile): string => JSON.stringify({ ...f.identity, shard: f.identity.shard?.count ?? null });
  const n = first.identity.shard?.count;
  if (n === undefined) return perr('EPM151', `${names[0] ?? ''}: not a shard result (explored without --shard)`);
  const seen = new Map<number, string>();
  for (let i = 0; i < files.length; i++) {
    const f = files[i] as ResultFile;
    const name = names[i] ?? `file ${i + 1}`;
    if (f.identity.shard === null) return perr('EPM151', `${name}: not a shard result (explored without --shard)`);
    if (base(f) !== base(first)) {
      const a = f.identity;
      const b = first.identity;
      const what =
        a.scenario !== b.scenario || a.hash !== b.hash
          ? `scenario '${a.scenario}' (${a.hash}) vs '${b.scenario}' (${b.hash})`
          : a.variant !== b.variant
            ? `variant ${a.variant} vs ${b.variant}`
            : a.spec.mode !== b.spec.mode || a.spec.bound !== b.spec.bound
              ? `mode ${a.spec.mode} vs ${b.spec.mode}`
              : a.shard?.count !== b.shard?.count
                ? `shard count ${a.shard?.count} vs ${b.shard?.count}`
                : `settings ${JSON.stringify(a.spec)} vs ${JSON.stringify(b.spec)}`;
      return perr('EPM151', `${name} and ${names[0] ?? ''} are shards of different explorations: ${what}`);
    }
    const k = f.identity.shard.index;
    const dup = seen.get(k);
    if (dup !== undefined) return perr('EPM152', `${name}: shard ${k}/${n} given twice (also ${dup})`);
    seen.set(k, name);
    if (!f.complete) return perr('EPM152', `${name}: shard ${k}/${n} did not finish (${f.limit ?? 'incomplete'})`);
  }
  const missing: number[] = [];
  for (let k = 0; k < n; k++) if (!seen.has(k)) missing.push(k);
  if (missing.length > 0)
    return perr(
      'EPM152',
      `merge: missing shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${n}`).join(', ')}`,
    );
  const tasks = files.flatMap((f) => f.tasks);
  // Each shard stops its share at its first violation: the union covers the tree up to the first stop.
  const stopped = tasks.some((t) => t.end !== 'done');
  const gap = frontierError(
    tasks.map((t) => t.path),
    !stopped,
    'merge',
  );
  if (gap !== null) return gap;
  const merged = mergeResults(tasks);
  const ms = Math.max(...files.map((f) => f.stats.ms));
  const r = toExploreResult(first.identity.scenario, first.identity.spec, merged, ms, null);
  const stats = { ...r.stats, ms, execPerSec: files.reduce((s, f) => s + f.stats.execPerSec, 0) };
  return resultFile({ ...first.identity, shard: null }, { ...r, stats }, tasks, true);
}
