// `epoll-lab merge FILES...`: combines the JSON results of shards 0..N-1 into the result of the whole exploration.
import { mergeShardFiles, readResultFile, type ResultFile } from '../explore/parallel/index.ts';
import { mergeResults, toExploreResult } from '../explore/parallel/merge.ts';
import { hashOf } from '../explore/scenario.ts';
import { parseVariant } from '../kernel/variant.ts';
import { resultOk, type CheckResult } from '../litmus/check.ts';
import { readLitmusFile } from '../litmus/file.ts';
import { compileLitmus } from '../litmus/compile.ts';
import { formatCheck } from '../litmus/format.ts';
import { parseLitmus } from '../litmus/parse.ts';
import { writeFileAtomic } from '../util/write-atomic.ts';
import { checkFromExploration } from './check-parallel.ts';
import { errorLine } from './litmus-opts.ts';
import { lines, output, type CommandOutput } from './output.ts';

export interface MergeFlags {
  /** Write the merged result here (atomically) instead of stdout. */
  readonly out?: string;
  /** The `.litmus` file the shards explored: print the merged result as its `check` block (and exit as check does). */
  readonly litmus?: string;
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
  let code = m.violations.length > 0 || m.kind === 'model-error' ? 1 : 0;
  let stdout = json;
  if (flags.litmus !== undefined) {
    const c = litmusBlock(m, flags.litmus);
    if (typeof c === 'string') return output('', lines([`epoll-lab merge: ${c}`]), 2);
    stdout = lines([`${formatCheck(c)}\n`]);
    code = resultOk(c) ? 0 : 1;
  }
  if (flags.out === undefined) return output(stdout, lines([summary]), code);
  const w = writeFileAtomic(flags.out, json);
  if (w !== null) return output('', lines([`epoll-lab merge: EPM171 cannot write ${flags.out}: ${w}`]), 2);
  return output(flags.litmus === undefined ? '' : stdout, lines([summary]), code);
}

/**
 * The check result of a merged exploration of a litmus file: the file must compile, on the result's variant, to
 * the scenario the shards explored (same hash), else EPM151; its outcomes' states are rebuilt by replay.
 */
function litmusBlock(m: ResultFile, file: string): CheckResult | string {
  const src = readLitmusFile(file);
  if (typeof src !== 'string') return errorLine(src);
  const p = parseLitmus(src, { file });
  if (!p.ok) return p.errors.map(errorLine).join('\n');
  const v = parseVariant(m.identity.variant);
  if (!v.ok) return `EPM201 ${v.message}`;
  const c = compileLitmus(p.test, v.variant);
  if (!c.ok) return errorLine(c.error);
  const hash = hashOf(c.compiled.scenario);
  if (hash !== m.identity.hash)
    return `EPM151 ${file} is not the test the shards explored: '${p.test.name}' (${hash}) vs '${m.identity.scenario}' (${m.identity.hash})`;
  const r = toExploreResult(m.identity.scenario, m.identity.spec, mergeResults(m.tasks), m.stats.ms, null);
  return checkFromExploration(p.test, v.variant, c.compiled, r);
}
