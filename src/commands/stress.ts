// `epoll-lab stress FILE|DIR...`: litmus tests' threads run concurrently on this machine's kernel, judged by the model.
import { readLitmusFile } from '../litmus/file.ts';
import { parseLitmus } from '../litmus/parse.ts';
import type { LitmusTest } from '../litmus/ast.ts';
import { formatScriptError, type ScriptError } from '../script/errors.ts';
import { toJson } from '../script/json.ts';
import { formatDone, stressJson, summaryLine } from '../stress/format.ts';
import { stressTest, type StressOptions, type StressReport } from '../stress/stress.ts';
import { expandFiles } from '../litmus/corpus.ts';
import { lines, output, type CommandOutput } from './output.ts';

export interface StressFlags extends StressOptions {
  readonly json?: boolean;
}

function parseAll(files: readonly string[]): { tests: LitmusTest[]; errors: ScriptError[] } {
  const tests: LitmusTest[] = [];
  const errors: ScriptError[] = [];
  for (const f of files) {
    const src = readLitmusFile(f);
    if (typeof src !== 'string') errors.push(src);
    else {
      const p = parseLitmus(src, { file: f });
      if (p.ok) tests.push(p.test);
      else errors.push(...p.errors);
    }
  }
  return { tests, errors };
}

/**
 * Stresses every test (directories stand for their `.litmus` files). Exit 1 when a test is unsound (EPM307), 2 on bad
 * input or when the harness fails (EPM30x); skipped tests (model-only calls) do not fail.
 */
export async function stressFiles(paths: readonly string[], flags: StressFlags = {}): Promise<CommandOutput> {
  const files = expandFiles(paths);
  if (files.length === 0) return output('', `epoll-lab stress: no .litmus files in ${paths.join(', ')}\n`, 2);
  const { tests, errors } = parseAll(files);
  if (errors.length > 0) return output('', lines(errors.map(formatScriptError)), 2);
  const reports: StressReport[] = [];
  for (const t of tests) reports.push(await stressTest(t, flags));
  const err: string[] = [];
  for (const r of reports) {
    if (r.kind === 'error') err.push(`${r.file}: ${r.error.code} ${r.error.message}`);
    if (r.kind === 'done' && !r.verdict.sound)
      err.push(`${r.file}: EPM307 ${r.test}: the kernel showed a final state ${r.variant} does not allow`);
  }
  const code = reports.some((r) => r.kind === 'error')
    ? 2
    : reports.some((r) => r.kind === 'done' && !r.verdict.sound)
      ? 1
      : 0;
  if (flags.json === true) return output(lines(reports.map((r) => toJson(stressJson(r)))), lines(err), code);
  const out: string[] = [];
  for (const r of reports) {
    if (r.kind === 'done') out.push(...formatDone(r), '');
  }
  if (reports.length > 1 || reports.some((r) => r.kind !== 'done')) {
    out.push('Summary');
    for (const r of reports) out.push(`  ${summaryLine(r)}`);
  }
  return output(lines(out), lines(err), code);
}
