// `epoll-lab run SCRIPT`: runs a script file and prints one line (or JSON object) per call.
import { readFileSync } from 'node:fs';
import type { Violation } from '../kernel/violation.ts';
import { EpmError, formatScriptError } from '../script/errors.ts';
import { formatJsonLine, formatTextLine } from '../script/format.ts';
import { resolveVariant, runScript, type ScriptRun } from '../script/runner.ts';
import { lines, output, type CommandOutput } from './output.ts';

export interface RunFileOptions {
  readonly variant?: string;
  readonly json?: boolean;
}

function violationLine(run: ScriptRun, v: Violation): string {
  const where = `thread ${v.thread}, object ${v.object}`;
  if (run.end.kind === 'halted' && v === run.end.violation)
    return `${run.script.file}:${run.end.line}: EPM202 model halted in ${run.end.call}: ${v.kind}: ${v.title} (${where})`;
  return `${run.script.file}: EPM203 model reported a violation at step ${v.step}: ${v.kind}: ${v.title} (${where})`;
}

/** The output of a finished run: records on stdout, violations on stderr (exit 1 if there are any). */
export function renderRun(run: ScriptRun, json: boolean): CommandOutput {
  const out = run.records.map(json ? formatJsonLine : formatTextLine);
  const err = run.violations.map((v) => violationLine(run, v));
  return output(lines(out), lines(err), run.violations.length > 0 ? 1 : 0);
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
