// HTML report: groups a cell's replays by their first violation (kind, function, thread): one timeline is drawn per
// group and the others are listed (I1 on v6.8 has ten replays that differ only after the same resurrection).
import type { ReportTrace } from './input.ts';
import { isObservation } from './severity.ts';

/** Replays with the same first finding; `shown` is drawn, `others` are listed. */
export interface TraceGroup {
  /** What the replays share, e.g. `refcount-addition-on-0 in get_file (P0)`; null: a replay with no finding. */
  readonly what: string | null;
  readonly shown: number;
  readonly others: readonly number[];
}

/** A mark's kind and site: `use-after-free in __fput (P1)` (the thread and function of the step it fired at). */
export function markSite(trace: ReportTrace, m: ReportTrace['marks'][number]): string {
  const e = trace.steps.find((s) => s.pos === m.pos && s.kind !== 'clock');
  return e === undefined ? `${m.kind} at the end` : `${m.kind} in ${e.fn} (${e.thread})`;
}

/**
 * The grouping key of a replay: the site of its first violation, or (with only observations) of every observation;
 * null when it has no mark (an outcome-only replay is its own group: its outcome is what it shows).
 */
function keyOf(trace: ReportTrace): string | null {
  const marks = [...trace.marks].sort((a, b) => a.pos - b.pos);
  const first = marks.find((m) => !isObservation(m.kind));
  if (first !== undefined) return markSite(trace, first);
  if (marks.length === 0) return null;
  return [...new Set(marks.map((m) => markSite(trace, m)))].join(', ');
}

/** The groups of `traces`, in order of their first replay. */
export function groupTraces(traces: readonly ReportTrace[]): TraceGroup[] {
  const byKey = new Map<string, { shown: number; others: number[] }>();
  const groups: { what: string | null; shown: number; others: number[] }[] = [];
  traces.forEach((t, i) => {
    const key = keyOf(t);
    const g = key === null ? undefined : byKey.get(key);
    if (g !== undefined) {
      g.others.push(i);
      return;
    }
    const ng = { what: key, shown: i, others: [] as number[] };
    groups.push(ng);
    if (key !== null) byKey.set(key, ng);
  });
  return groups;
}
