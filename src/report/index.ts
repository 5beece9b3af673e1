// HTML report: public API — build the report's values from explorations, render one self-contained page, write it.
export type {
  ReportCell,
  ReportCondition,
  ReportExpectation,
  ReportInput,
  ReportOutcome,
  ReportTest,
  ReportTrace,
  ReportViolation,
  Severity,
} from './input.ts';
export {
  buildReport,
  buildReportCell,
  buildReportTest,
  summariseRun,
  type ReportRun,
  type ReportTestSpec,
  type RunSummary,
} from './build.ts';
export { renderHtmlReport } from './render.ts';
export { cellSeverity } from './severity.ts';
export { writeHtmlReport, type WriteReportResult } from './write.ts';
export { litmusFileReport, type LitmusFileResults } from './litmus-file.ts';
export { litmusPairs, litmusReport, naturalOrder, type LitmusReportEntry } from './litmus.ts';
