// Explorer, parallel: checkpoints — the finished subtrees' results and the frontier still to explore, written atomically.
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../util/write-atomic.ts';
import { perr, type ParallelError, type ShardSpec } from './errors.ts';
import { CheckpointSchema, frontierError, schemaError } from './schema.ts';
import type { SubtreeTask, TaskResult, TreeSpec } from './task.ts';

/** What an exploration is of: checkpoints and shard results carry it and are checked against it. */
export interface Identity {
  readonly scenario: string;
  readonly hash: string;
  readonly variant: string;
  readonly spec: TreeSpec;
  readonly shard: ShardSpec | null;
}

/**
 * The state of an exploration between subtrees. The exploration tree's upper part is the frontier: `pending` are the
 * roots of the subtrees not yet finished (in progress ones included: they restart from their root on resume), `done`
 * the results of finished ones. Resuming explores `pending` and merges with `done` in DFS order, so it gives the
 * result the uninterrupted exploration gives (subtree results are deterministic).
 */
export interface Checkpoint {
  readonly format: 'epoll-lab-checkpoint/1';
  readonly identity: Identity;
  readonly done: readonly TaskResult[];
  readonly pending: readonly SubtreeTask[];
  /** Work before the checkpoint: wall time and runs (for statistics only). */
  readonly elapsedMs: number;
}

/** Writes a checkpoint whole or not at all (`writeFileAtomic`); returns null, or why it could not be written. */
export function writeCheckpoint(file: string, c: Checkpoint): string | null {
  return writeFileAtomic(file, JSON.stringify(c));
}

/** Reads a checkpoint: null when the file does not exist (a fresh start), an error when it is not one or is for another exploration. */
export function readCheckpoint(file: string, id: Identity): Checkpoint | null | ParallelError {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return perr('EPM150', `${file}: cannot read checkpoint: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return perr('EPM150', `${file}: not a checkpoint (invalid JSON)`);
  }
  if (typeof data !== 'object' || data === null || (data as { format?: unknown }).format !== 'epoll-lab-checkpoint/1')
    return perr('EPM150', `${file}: not an epoll-lab checkpoint`);
  const bad = schemaError(CheckpointSchema, data, file, 'checkpoint');
  if (bad !== null) return bad;
  const c = data as Checkpoint;
  const want = JSON.stringify(id);
  if (JSON.stringify(c.identity) !== want)
    return perr(
      'EPM154',
      `${file}: checkpoint of another exploration (${JSON.stringify(c.identity)}), this one is ${want}`,
    );
  const paths = [...c.done.map((d) => d.path), ...c.pending.map((p) => p.path)];
  return frontierError(paths, c.identity.shard === null, file) ?? c;
}
