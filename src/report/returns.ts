// HTML report: where the calls a litmus test's condition names returned in a replay, and what they returned.
import type { TraceEntry } from '../explore/engine.ts';
import type { LitmusTest, Prop } from '../litmus/ast.ts';
import { valueText, type ResultValue } from '../litmus/state.ts';
import type { ReportReturn } from './input.ts';

/** The `THREAD:name` results a proposition reads (iterative: conditions may nest thousands deep). */
export function namedResults(p: Prop): Set<string> {
  const out = new Set<string>();
  const todo: Prop[] = [p];
  for (let q = todo.pop(); q !== undefined; q = todo.pop()) {
    if (q.k === 'and' || q.k === 'or') todo.push(q.a, q.b);
    else if (q.k === 'not') todo.push(q.p);
    else if (q.k === 'cmp' || q.k === 'has') out.add(`${q.ref.thread}:${q.ref.name}`);
  }
  return out;
}

/** The frame a syscall ends in: the return to user mode runs task_work (src/kernel/syscall.ts). */
const EXIT_FRAME = 'task_work_run';

/**
 * A thread's steps cut into its calls: a call is its body's steps then its return to user mode's task_work_run
 * steps; the next call starts at the next step outside task_work_run. Each entry is the call's last step.
 */
export function callEnds(steps: readonly TraceEntry[]): number[] {
  const ends: number[] = [];
  let prev: string | undefined;
  for (const s of steps) {
    const outer = s.stack?.[0] ?? s.fn;
    const starts = prev === undefined || (outer !== EXIT_FRAME && (prev === EXIT_FRAME || outer !== prev));
    if (starts) ends.push(s.pos);
    else ends[ends.length - 1] = s.pos;
    prev = outer;
  }
  return ends;
}

/**
 * The returns of the calls whose results `test`'s condition names, in a replay whose final values are `values`
 * (`THREAD:name` → value). A call still blocked or unfinished at the end has no return.
 */
export function litmusReturns(
  test: LitmusTest,
  steps: readonly TraceEntry[],
  values: ReadonlyMap<string, ResultValue> | undefined,
): ReportReturn[] {
  if (test.condition === null || values === undefined) return [];
  const named = namedResults(test.condition.prop);
  const out: ReportReturn[] = [];
  for (const th of test.threads) {
    if (!th.results.some((n) => named.has(`${th.name}:${n}`))) continue;
    const ends = callEnds(steps.filter((s) => s.kind !== 'clock' && s.thread === th.name));
    // More calls than lines: the cut is not the thread's lines (an irq call without steps...): mark nothing.
    if (ends.length > th.lines.length) continue;
    // A name bound twice holds the last line's value.
    const last = new Map<string, number>();
    th.lines.forEach((line, i) => line.names.forEach((n) => last.set(n, i)));
    th.lines.forEach((line, i) => {
      const pos = ends[i];
      if (pos === undefined) return;
      for (const n of line.names) {
        const name = `${th.name}:${n}`;
        const v = values.get(name);
        if (!named.has(name) || last.get(n) !== i || v === undefined || v.status !== 'done') continue;
        out.push({ pos, thread: th.name, call: line.def.name, name, value: valueText(v) });
      }
    });
  }
  return out.sort((a, b) => a.pos - b.pos);
}
