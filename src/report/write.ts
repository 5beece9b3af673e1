// HTML report: writes the report file whole (a temporary file renamed into place: nothing half-written).
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import type { ReportInput } from './input.ts';
import { renderHtmlReport } from './render.ts';

/** Where the report went, or why it could not be written. */
export type WriteReportResult =
  | { readonly ok: true; readonly file: string; readonly bytes: number }
  | { readonly ok: false; readonly file: string; readonly message: string };

/** Renders `input` and writes it to `file`. Never throws for an unwritable path: the result says why. */
export function writeHtmlReport(file: string, input: ReportInput): WriteReportResult {
  const html = renderHtmlReport(input);
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, html, 'utf8');
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
    return { ok: false, file, message: `cannot write ${file}${code === '' ? '' : `: ${code}`}` };
  }
  return { ok: true, file, bytes: Buffer.byteLength(html, 'utf8') };
}
