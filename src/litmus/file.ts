// Litmus tests: reading `.litmus` files (Node only; the browser playground passes source text to check.ts).
import { readFileSync } from 'node:fs';
import { checkLitmus, type CheckOptions, type LitmusCheck } from './check.ts';
import type { ScriptError } from '../script/errors.ts';

/** Reads a `.litmus` file and checks it; an unreadable file is EPM100. */
export function checkLitmusFile(path: string, opts: CheckOptions = {}): LitmusCheck {
  const src = readLitmusFile(path);
  if (typeof src !== 'string') return { ok: false, errors: [src] };
  return checkLitmus(src, { ...opts, file: path });
}

/** The file's text, or an EPM100 error. */
export function readLitmusFile(path: string): string | ScriptError {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const why = e instanceof Error && 'code' in e ? String(e.code) : 'unreadable';
    return { code: 'EPM100', file: path, line: 0, col: 0, message: `cannot read litmus file (${why})` };
  }
}
