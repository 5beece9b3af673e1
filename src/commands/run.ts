// `epoll-lab run SCRIPT`: runs a script file and prints one line (or JSON object) per call.
import { readFileSync } from 'node:fs';
import { EpmError, formatScriptError } from '../script/errors.ts';
import { resolveVariant, runScript } from '../script/runner.ts';
import { lines, output, type CommandOutput } from './output.ts';
import { renderRun } from './run-output.ts';

export interface RunFileOptions {
  readonly variant?: string;
  readonly json?: boolean;
}

/** Reads, checks and runs a script file. Never throws for user errors: they come back with exit code 2. */
export function runScriptFile(path: string, opts: RunFileOptions = {}): CommandOutput {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (e) {
    const why = e instanceof Error && 'code' in e ? String(e.code) : 'unreadable';
    return output('', `${path}: EPM100 cannot read script (${why})\n`, 2);
  }
  try {
    const variant = resolveVariant(opts.variant);
    const r = runScript(source, { file: path, variant });
    if (!r.ok) return output('', lines(r.errors.map(formatScriptError)), 2);
    return renderRun(r, opts.json === true);
  } catch (e) {
    if (EpmError.is(e)) return output('', `${e.code} ${e.message}\n`, 2);
    throw e;
  }
}
