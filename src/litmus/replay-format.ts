// Litmus tests: the text of a replayed execution (`epoll-lab replay --trace`, and the playground's replay view).
import type { TraceEntry } from '../explore/engine.ts';
import { stepPlace } from '../explore/replay.ts';
import type { LitmusReplay } from './replay-source.ts';

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
      'Trace (event, thread, kernel function, step kind, object.field, f_count before -> after):',
      ...r.trace.map(traceLine),
    );
  return out.join('\n');
}
