// `check --html FILE`: the HTML report of every test and variant checked (its own module: loaded only when asked for).
import { litmusReport, naturalOrder, type LitmusReportEntry } from '../report/litmus.ts';
import { writeHtmlReport, type WriteReportResult } from '../report/write.ts';

/** Writes the report of `entries` to `file`, in the tests' natural order. */
export type WriteCheckReport = (file: string, entries: readonly LitmusReportEntry[]) => WriteReportResult;

export const writeCheckReport: WriteCheckReport = (file, entries) =>
  writeHtmlReport(file, litmusReport('epoll-lab check', naturalOrder(entries)));
