// `epoll-lab replay TOKEN [--trace] [--file LITMUS]`: re-runs one explored execution and prints it step by step.
import { formatTrace } from '../explore/replay.ts';
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
    out.push('Trace (event, thread, kernel function, step, object.field, f_count after):', formatTrace(r.trace));
  return out.join('\n');
}

/** Replays a token; a bad token or a test that cannot be found is exit 2. */
export function replayToken(token: string, flags: ReplayFlags = {}): CommandOutput {
  const r = replayLitmus(token, {
    trace: flags.trace === true,
    ...(flags.file === undefined ? {} : { file: flags.file }),
    ...(flags.searchDir === undefined ? {} : { searchDir: flags.searchDir }),
  });
  if (!r.ok) return output('', `epoll-lab replay: ${r.message}\n`, 2);
  return output(lines([formatReplay(r.replay)]));
}
