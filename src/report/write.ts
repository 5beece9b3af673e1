// HTML report: writes the report file whole (a temporary file renamed into place: nothing half-written).
import { writeFileAtomic } from '../util/write-atomic.ts';
import type { ReportInput } from './input.ts';
import { renderHtmlReport } from './render.ts';

/** Where the report went, or why it could not be written. */
export type WriteReportResult =
  | { readonly ok: true; readonly file: string; readonly bytes: number }
  | { readonly ok: false; readonly file: string; readonly message: string };

/** Renders `input` and writes it to `file`. Never throws for an unwritable path: the result says why. */
export function writeHtmlReport(file: string, input: ReportInput): WriteReportResult {
  const html = renderHtmlReport(input);
  const why = writeFileAtomic(file, html);
  if (why !== null) return { ok: false, file, message: `EPM171 cannot write ${file}: ${why}` };
  return { ok: true, file, bytes: Buffer.byteLength(html, 'utf8') };
}
