// HTML report: groups a cell's replays by their first violation (kind, function, thread), or by the outcome a replay
// without findings reaches: one timeline is drawn per group and the others are listed (I1 on v6.8 has ten replays
// that differ only after the same resurrection).
import type { ReportTrace } from './input.ts';
import { isObservation } from './severity.ts';

/** Replays with the same first finding (or outcome); `shown` is drawn, `others` are listed. */
export interface TraceGroup {
  /** What the replays share, e.g. `first finding refcount-addition-on-0 in get_file (P0)` or `outcome P0:r0=0`. */
  readonly what: string;
  readonly shown: number;
  readonly others: readonly number[];
}

/** A mark's kind and site: `use-after-free in __fput (P1)` (the thread and function of the step it fired at). */
export function markSite(trace: ReportTrace, m: ReportTrace['marks'][number]): string {
  const e = trace.steps.find((s) => s.pos === m.pos && s.kind !== 'clock');
  return e === undefined ? `${m.kind} at the end` : `${m.kind} in ${e.fn} (${e.thread})`;
}

/**
 * The grouping key of a replay: the site of its first violation, or (with only observations) of every observation,
 * or, with no finding, the outcome it reaches (what such a replay is drawn for).
 */
function keyOf(trace: ReportTrace): string {
  const marks = [...trace.marks].sort((a, b) => a.pos - b.pos);
  const first = marks.find((m) => !isObservation(m.kind));
  if (first !== undefined) return `first finding ${markSite(trace, first)}`;
  if (marks.length === 0) return `outcome ${trace.outcome}`;
  return `first finding ${[...new Set(marks.map((m) => markSite(trace, m)))].join(', ')}`;
}

/** The groups of `traces`, in order of their first replay. */
export function groupTraces(traces: readonly ReportTrace[]): TraceGroup[] {
  const byKey = new Map<string, { what: string; shown: number; others: number[] }>();
  traces.forEach((t, i) => {
    const key = keyOf(t);
    const g = byKey.get(key);
    if (g !== undefined) g.others.push(i);
    else byKey.set(key, { what: key, shown: i, others: [] });
  });
  const groups = [...byKey.values()];
  return groups;
}
