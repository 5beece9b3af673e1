// `epoll-lab merge FILES...`: combines the JSON results of shards 0..N-1 into the result of the whole exploration.
import type { ExploreResult } from '../explore/explore.ts';
import { mergeShardFiles, readResultFile, type ResultFile } from '../explore/parallel/index.ts';
import { closeMerged, mergeResults, toExploreResult } from '../explore/parallel/merge.ts';
import { resultFile } from '../explore/parallel/shard.ts';
import type { Variant } from '../kernel/variant.ts';
import type { LitmusTest } from '../litmus/ast.ts';
import type { CompiledLitmus } from '../litmus/compile.ts';
import { hashOf } from '../explore/scenario.ts';
import { parseVariant } from '../kernel/variant.ts';
import { resultOk } from '../litmus/check.ts';
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

/** The test a merge was given (`--litmus`), compiled on the shards' variant. */
interface MergedTest {
  readonly test: LitmusTest;
  readonly variant: Variant;
  readonly compiled: CompiledLitmus;
}

/**
 * Reads every shard file, checks they are the N shards of one exploration (EPM150-EPM152 otherwise, exit 2) and
 * prints the merged result file (the JSON a single machine writes). Shards explored with the symmetry reduction need
 * the test (`--litmus`, else EPM158): their states are renamed here, as one exploration renames its own. Exit 1 when
 * the merged exploration found a violation or a model error, else 0.
 */
export function mergeFiles(paths: readonly string[], flags: MergeFlags = {}): CommandOutput {
  const files: ResultFile[] = [];
  for (const p of paths) {
    const f = readResultFile(p);
    if ('ok' in f) return output('', lines([`epoll-lab merge: ${f.code} ${f.message}`]), 2);
    files.push(f);
  }
  const m0 = mergeShardFiles(files, paths);
  if ('ok' in m0) return output('', lines([`epoll-lab merge: ${m0.code} ${m0.message}`]), 2);
  let t: MergedTest | null = null;
  if (flags.litmus !== undefined) {
    const c = mergedTest(m0, flags.litmus);
    if (typeof c === 'string') return output('', lines([`epoll-lab merge: ${c}`]), 2);
    t = c;
  }
  if (m0.identity.spec.symmetry === true && t === null)
    return output(
      '',
      lines([
        'epoll-lab merge: EPM158 these shards explored with the symmetry reduction: give the test they explored ' +
          '(--litmus FILE) so that merge can rename their states',
      ]),
      2,
    );
  const r = t === null ? null : mergedResult(m0, t);
  // Renamed states are added to the file too: it is then the result file one machine writes.
  const renamed = r !== null && m0.identity.spec.symmetry === true;
  // The wall-clock figures stay the shards' (the slowest shard's time, their rates added up).
  const { ms, execPerSec } = m0.stats;
  const m = renamed ? resultFile(m0.identity, { ...r, stats: { ...r.stats, ms, execPerSec } }, m0.tasks, true) : m0;
  const json = `${JSON.stringify(m, null, 2)}\n`;
  const summary =
    `merged ${files.length} shards of '${m.identity.scenario}' (${m.identity.variant}, ${m.identity.spec.mode}): ` +
    `${m.stats.executions} executions, ${m.outcomes.length} outcomes, ${m.violations.length} violations`;
  let code = m.violations.length > 0 || m.kind === 'model-error' ? 1 : 0;
  let stdout = json;
  if (t !== null && r !== null) {
    const c = checkFromExploration(t.test, t.variant, t.compiled, r);
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
 * The test of a merge: the file must compile, on the result's variant, to the scenario the shards explored (same
 * hash), else EPM151.
 */
function mergedTest(m: ResultFile, file: string): MergedTest | string {
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
  return { test: p.test, variant: v.variant, compiled: c.compiled };
}

/** The merged exploration as one result, its states renamed when the shards explored with the symmetry reduction. */
function mergedResult(m: ResultFile, t: MergedTest): ExploreResult {
  const spec = m.identity.spec;
  const r = toExploreResult(m.identity.scenario, spec, mergeResults(m.tasks), m.stats.ms, null);
  return closeMerged(t.compiled.scenario, spec, r);
}
