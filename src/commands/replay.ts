// `epoll-lab replay TOKEN [--trace] [--file LITMUS]`: re-runs one explored execution and prints it step by step.
import type { TraceEntry } from '../explore/engine.ts';
import { stepPlace } from '../explore/replay.ts';
import { replayLitmus, type LitmusReplay } from '../litmus/replay.ts';
import { lines, output, type CommandOutput } from './output.ts';

export interface ReplayFlags {
  readonly trace?: boolean;
  readonly file?: string;
  /** Where to search for the test without `file` (default `litmus`). */
  readonly searchDir?: string;
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => `${by}${l}`)
    .join('\n');
}

/** One step: `  12  P1           __fput_sync              rmw     file#24(pipe).f_count  (f_count 2 -> 1)`. */
export function traceLine(e: TraceEntry): string {
  const before = e.fCountBefore === undefined ? '' : `${e.fCountBefore} -> `;
  const c = e.fCount === undefined ? '' : `  (f_count ${before}${e.fCount})`;
  const where = stepPlace(e);
  return `${String(e.pos).padStart(4)}  ${e.thread.padEnd(12)} ${e.fn.padEnd(24)} ${e.kind.padEnd(7)} ${where}${c}`;
}

/** The text form of a replayed execution. */
export function formatReplay(r: LitmusReplay): string {
  const out = [
    `Test ${r.test.name} (${r.test.file})`,
    `Variant ${r.variant}`,
    `State ${r.outcome}`,
    `End ${r.end} after ${r.events} events`,
  ];
  if (r.violations.length === 0) out.push('Violations none');
  r.violations.forEach((v, i) => {
    out.push(`[${i + 1}] at event ${r.at[i] ?? '?'}: ${v.kind}: ${v.violation.title}`);
    out.push(indent(v.report, '    '));
  });
  if (r.trace !== null)
    out.push(
      'Trace (event, thread, kernel function, step, object.field, f_count before -> after):',
      ...r.trace.map(traceLine),
    );
  return out.join('\n');
}

/** Replays a token; a bad token or a test that cannot be found is exit 2. */
export function replayToken(token: string, flags: ReplayFlags = {}): CommandOutput {
  const r = replayLitmus(token, {
    trace: flags.trace === true,
    ...(flags.file === undefined ? {} : { file: flags.file }),
    ...(flags.searchDir === undefined ? {} : { searchDir: flags.searchDir }),
  });
  if (!r.ok) return output('', `epoll-lab replay: EPM161 ${r.message}\n`, 2);
  return output(lines([formatReplay(r.replay)]));
}
