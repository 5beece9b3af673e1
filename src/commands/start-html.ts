// The main job's HTML report: the seed case study's check results as one self-contained page (src/report/).
import { litmusFileReport, writeHtmlReport } from '../report/index.ts';
import { lines, type CommandOutput } from './output.ts';
import type { ReportInput } from '../report/index.ts';
import { runStart, type CaseStudy, type StartOptions } from './start.ts';

/** The HTML report of the case study's check results (what `start` writes and the bench measures). */
export function caseStudyReport(cs: CaseStudy): ReportInput {
  return litmusFileReport('epoll-lab start: the seed case study', cs.checks);
}

/** `epoll-lab start` that also writes the case study's HTML report to `path`; an unwritable path is bad input (exit code 2). */
export function runStartWithReport(path: string, opts: StartOptions = {}): CommandOutput {
  let failure: string | null = null;
  const out = runStart({
    ...opts,
    onResults: (cs) => {
      const w = writeHtmlReport(path, caseStudyReport(cs));
      if (w.ok) return `HTML report: ${path} (${w.bytes} bytes)`;
      failure = `epoll-lab start: ${w.message}`;
      return undefined;
    },
  });
  if (failure === null) return out;
  return { stdout: out.stdout, stderr: out.stderr + lines([failure]), code: 2 };
}
