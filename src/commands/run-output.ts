// `epoll-lab run`'s output of a finished script run (no file access: the playground's script mode prints it too).
import type { Violation } from '../kernel/violation.ts';
import { formatJsonLine, formatTextLine } from '../script/format.ts';
import type { ScriptRun } from '../script/runner.ts';
import { lines, output, type CommandOutput } from './output.ts';

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
