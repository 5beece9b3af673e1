// HTML report: turns a replayed trace into swimlane data — per thread its running steps, function spans, lock holds
// and markers (get/put/__fput/free/wake/sleep), plus the clock advances.
import type { TraceEntry } from '../explore/engine.ts';

/** A kernel function on a thread's model stack, from its first step to just after its last (preemptions included). */
export interface Span {
  readonly depth: number;
  readonly fn: string;
  readonly from: number;
  /** Exclusive. */
  readonly to: number;
  /** The stack down to this function, outermost first, for tooltips. */
  readonly path: readonly string[];
  /** The parts of [from, to) where the thread ran: a preempted call is drawn as pieces, not across the gap. */
  readonly pieces: readonly (readonly [number, number])[];
}

/** A lock held from its acquire step to its release step (or to the end when never released). */
export interface LockHold {
  readonly lock: string;
  readonly from: number;
  /** Exclusive. */
  readonly to: number;
  readonly open: boolean;
  readonly row: number;
}

export type MarkerKind = 'get' | 'put' | 'lastput' | 'resurrect' | 'fput' | 'free' | 'wake' | 'sleep';

export interface Marker {
  readonly pos: number;
  readonly kind: MarkerKind;
  /** What happened, for the tooltip. */
  readonly text: string;
}

export interface Lane {
  readonly thread: string;
  /** Maximal runs of consecutive steps of this thread: [from, to). */
  readonly runs: readonly (readonly [number, number])[];
  readonly spans: readonly Span[];
  /** Deepest stack depth seen (number of span rows). */
  readonly depth: number;
  readonly locks: readonly LockHold[];
  readonly lockRows: number;
  readonly markers: readonly Marker[];
}

export interface Lanes {
  readonly lanes: readonly Lane[];
  readonly clocks: readonly { readonly pos: number; readonly label: string }[];
  /** Number of steps (one past the last `pos`). */
  readonly length: number;
}

/** Kernel functions whose entry is a wakeup: the wait-queue walk, the task wakeup and epoll's wait-queue callback. */
const WAKE_FNS = new Set(['__wake_up', 'try_to_wake_up', 'ep_poll_callback', 'ep_poll_safewake']);
/** Where the final release of a file starts. */
const RELEASE_FNS = new Set(['__fput']);

/** The parts of [from, to) covered by `runs` (sorted, disjoint). */
function piecesOf(runs: readonly (readonly [number, number])[], from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  for (const [a, b] of runs) {
    const lo = Math.max(a, from);
    const hi = Math.min(b, to);
    if (lo < hi) out.push([lo, hi]);
  }
  return out;
}

function spansOf(
  steps: readonly TraceEntry[],
  runs: readonly (readonly [number, number])[],
): { spans: Span[]; depth: number } {
  let depth = 0;
  for (const s of steps) depth = Math.max(depth, s.stack?.length ?? 0);
  const spans: Span[] = [];
  const span = (d: number, path: readonly string[], from: number, to: number): Span => ({
    depth: d,
    fn: path[d] ?? '?',
    from,
    to,
    path,
    pieces: piecesOf(runs, from, to),
  });
  for (let d = 0; d < depth; d++) {
    let open: { key: string; from: number; last: number; path: readonly string[] } | null = null;
    for (const s of steps) {
      const st = s.stack ?? [];
      const key = st.length > d ? st.slice(0, d + 1).join('\u0000') : null;
      if (open !== null && key !== open.key) {
        spans.push(span(d, open.path, open.from, open.last + 1));
        open = null;
      }
      if (key === null) continue;
      if (open === null) open = { key, from: s.pos, last: s.pos, path: st.slice(0, d + 1) };
      else open.last = s.pos;
    }
    if (open !== null) spans.push(span(d, open.path, open.from, open.last + 1));
  }
  return { spans, depth };
}

function locksOf(steps: readonly TraceEntry[], end: number): { locks: LockHold[]; rows: number } {
  const held = new Map<string, { from: number; row: number }>();
  const busy: boolean[] = [];
  const locks: LockHold[] = [];
  for (const s of steps) {
    if (s.kind === 'acquire') {
      let row = busy.indexOf(false);
      if (row < 0) row = busy.length;
      busy[row] = true;
      held.set(s.object, { from: s.pos, row });
    } else if (s.kind === 'release') {
      const h = held.get(s.object);
      if (h === undefined) continue;
      held.delete(s.object);
      busy[h.row] = false;
      locks.push({ lock: s.object, from: h.from, to: s.pos + 1, open: false, row: h.row });
    }
  }
  for (const [lock, h] of held) locks.push({ lock, from: h.from, to: end, open: true, row: h.row });
  locks.sort((a, b) => a.from - b.from || a.row - b.row);
  return { locks, rows: busy.length };
}

function markersOf(steps: readonly TraceEntry[], spans: readonly Span[]): Marker[] {
  const out: Marker[] = [];
  for (const s of steps) {
    if (s.kind === 'free') out.push({ pos: s.pos, kind: 'free', text: `${s.fn}: kfree ${s.object}` });
    else if (s.kind === 'sleep') out.push({ pos: s.pos, kind: 'sleep', text: `${s.fn}: schedule() (sleeps)` });
    else if (s.fCount !== undefined && s.fCountBefore !== undefined && s.fCount !== s.fCountBefore) {
      const up = s.fCount > s.fCountBefore;
      const kind: MarkerKind = up ? (s.fCountBefore === 0 ? 'resurrect' : 'get') : s.fCount === 0 ? 'lastput' : 'put';
      out.push({ pos: s.pos, kind, text: `${s.fn}: ${s.object} f_count ${s.fCountBefore} → ${s.fCount}` });
    }
  }
  for (const sp of spans) {
    if (WAKE_FNS.has(sp.fn)) out.push({ pos: sp.from, kind: 'wake', text: `${sp.fn} (wakeup)` });
    else if (RELEASE_FNS.has(sp.fn)) out.push({ pos: sp.from, kind: 'fput', text: `${sp.fn}: final release` });
  }
  out.sort((a, b) => a.pos - b.pos || a.kind.localeCompare(b.kind));
  return out;
}

function runsOf(steps: readonly TraceEntry[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const s of steps) {
    const last = runs.at(-1);
    if (last !== undefined && last[1] === s.pos) last[1] = s.pos + 1;
    else runs.push([s.pos, s.pos + 1]);
  }
  return runs;
}

/** Swimlanes of a trace, threads in order of their first step; the virtual clock is not a lane. */
export function lanesOf(steps: readonly TraceEntry[]): Lanes {
  const length = steps.length === 0 ? 0 : (steps.at(-1)?.pos ?? 0) + 1;
  const byThread = new Map<string, TraceEntry[]>();
  const clocks: { pos: number; label: string }[] = [];
  for (const s of steps) {
    if (s.kind === 'clock') {
      clocks.push({ pos: s.pos, label: `clock ${s.field}` });
      continue;
    }
    let l = byThread.get(s.thread);
    if (l === undefined) byThread.set(s.thread, (l = []));
    l.push(s);
  }
  const lanes: Lane[] = [];
  for (const [thread, ts] of byThread) {
    const runs = runsOf(ts);
    const { spans, depth } = spansOf(ts, runs);
    const { locks, rows } = locksOf(ts, length);
    lanes.push({ thread, runs, spans, depth, locks, lockRows: rows, markers: markersOf(ts, spans) });
  }
  return { lanes, clocks, length };
}
