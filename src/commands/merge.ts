// `epoll-lab merge FILES...`: combines the JSON results of shards 0..N-1 into the result of the whole exploration.
import { renameSync, writeFileSync } from 'node:fs';
import { mergeShardFiles, readResultFile, type ResultFile } from '../explore/parallel/index.ts';
import { lines, output, type CommandOutput } from './output.ts';

export interface MergeFlags {
  /** Write the merged result here (atomically) instead of stdout. */
  readonly out?: string;
}

/**
 * Reads every shard file, checks they are the N shards of one exploration (EPM150-EPM152 otherwise, exit 2) and
 * prints the merged result file (the JSON a single machine writes). Exit 1 when the merged exploration found a
 * violation or a model error, else 0.
 */
export function mergeFiles(paths: readonly string[], flags: MergeFlags = {}): CommandOutput {
  const files: ResultFile[] = [];
  for (const p of paths) {
    const f = readResultFile(p);
    if ('ok' in f) return output('', lines([`epoll-lab merge: ${f.code} ${f.message}`]), 2);
    files.push(f);
  }
  const m = mergeShardFiles(files, paths);
  if ('ok' in m) return output('', lines([`epoll-lab merge: ${m.code} ${m.message}`]), 2);
  const json = `${JSON.stringify(m, null, 2)}\n`;
  const summary =
    `merged ${files.length} shards of '${m.identity.scenario}' (${m.identity.variant}, ${m.identity.spec.mode}): ` +
    `${m.stats.executions} executions, ${m.outcomes.length} outcomes, ${m.violations.length} violations`;
  const code = m.violations.length > 0 || m.kind === 'model-error' ? 1 : 0;
  if (flags.out === undefined) return output(json, lines([summary]), code);
  const tmp = `${flags.out}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, json);
    renameSync(tmp, flags.out);
  } catch (e) {
    return output('', lines([`epoll-lab merge: EPM150 cannot write ${flags.out}: ${(e as Error).message}`]), 2);
  }
  return output('', lines([summary]), code);
}
