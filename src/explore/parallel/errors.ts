// Explorer, parallel: user errors of sharding, merging and checkpoints (codes EPM150-EPM157 and EPM171, docs/errors.md).

/** EPM150 unreadable or not a result/checkpoint file; EPM151 shards that do not belong together; EPM152 a shard set
 * with a missing, repeated or unfinished shard; EPM153 a bad `--shard`/`--workers`/`JOB_COMPLETION_INDEX`; EPM154 a
 * checkpoint of another exploration; EPM155 a scenario reference that names no scenario; EPM156 a checkpoint or
 * result file that does not fit its schema; EPM157 one whose contents contradict each other or the test; EPM171 a
 * checkpoint that cannot be written. */
export type ParallelCode =
  'EPM150' | 'EPM151' | 'EPM152' | 'EPM153' | 'EPM154' | 'EPM155' | 'EPM156' | 'EPM157' | 'EPM171';

/** A user error as a value: `CODE message`. */
export interface ParallelError {
  readonly ok: false;
  readonly code: ParallelCode;
  readonly message: string;
}

export function perr(code: ParallelCode, message: string): ParallelError {
  return { ok: false, code, message };
}

/** A shard of N: index K (0-based). */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/**
 * Parses `K/N` (0 <= K < N). With `K` written as `-` (`-/N`), or no spec but `JOB_COMPLETION_INDEX` set with `N`
 * given, the index comes from the environment (a Kubernetes Indexed Job sets it for each pod).
 */
export function parseShard(spec: string, env: NodeJS.ProcessEnv = process.env): ShardSpec | ParallelError {
  const m = /^(\d+|-)\/(\d+)$/.exec(spec.trim());
  if (m === null)
    return perr(
      'EPM153',
      `bad --shard '${spec}': expected K/N (0 <= K < N), or -/N to read K from JOB_COMPLETION_INDEX`,
    );
  const count = Number(m[2]);
  let kText = m[1] as string;
  if (kText === '-') {
    const e = env['JOB_COMPLETION_INDEX'];
    if (e === undefined || !/^\d+$/.test(e))
      return perr('EPM153', `--shard -/${count}: JOB_COMPLETION_INDEX is ${e === undefined ? 'not set' : `'${e}'`}`);
    kText = e;
  }
  const index = Number(kText);
  if (!Number.isSafeInteger(count) || count < 1 || count > 100_000)
    return perr('EPM153', `bad --shard '${spec}': N must be between 1 and 100000`);
  if (!Number.isSafeInteger(index) || index >= count)
    return perr('EPM153', `bad --shard '${spec}': K must be between 0 and ${count - 1}`);
  return { index, count };
}

/** Parses `--workers N` (1..256). */
export function parseWorkers(spec: string): number | ParallelError {
  if (!/^\d+$/.test(spec.trim()) || Number(spec) < 1 || Number(spec) > 256)
    return perr('EPM153', `bad --workers '${spec}': expected a number of worker threads between 1 and 256`);
  return Number(spec);
}
