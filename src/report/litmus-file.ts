// HTML report: the report of litmus files re-read from disk (Node only: `epoll-lab start`, `check --html`).
import { readLitmusFile } from '../litmus/file.ts';
import { parseLitmus } from '../litmus/parse.ts';
import { formatScriptError } from '../script/errors.ts';
import type { CheckResult } from '../litmus/check.ts';
import { buildReportTest, type ReportTestSpec } from './build.ts';
import type { ReportInput } from './input.ts';
import { litmusReport, type LitmusReportEntry } from './litmus.ts';

/** Check results of a litmus file (e.g. `epoll-lab start`'s seed checks: `{ file, results }`). */
export interface LitmusFileResults {
  readonly file: string;
  readonly results: readonly CheckResult[];
}

/**
 * As `litmusReport`, re-reading and parsing each file (the report replays on the compiled test). A file that no
 * longer reads or parses is a report entry with an error, not an exception.
 */
export function litmusFileReport(title: string, files: readonly LitmusFileResults[], subtitle?: string): ReportInput {
  const entries: LitmusReportEntry[] = [];
  const broken: ReportTestSpec[] = [];
  for (const f of files) {
    const src = readLitmusFile(f.file);
    const p = typeof src === 'string' ? parseLitmus(src, { file: f.file }) : { ok: false as const, errors: [src] };
    if (p.ok) entries.push({ test: p.test, results: f.results });
    else broken.push({ name: f.file, description: p.errors.map(formatScriptError).join('; '), runs: [] });
  }
  const input = litmusReport(title, entries, subtitle);
  return broken.length === 0 ? input : { ...input, tests: [...input.tests, ...broken.map(buildReportTest)] };
}
