// HTML report: where a timeline lane's function labels go — inside a span when the name fits, else beside it in the
// same row when that space is free, else in label rows under the lane (never cut to "fil…").
import { CHAR_W, type Scale } from './geometry.ts';
import type { Lane, Span } from './lanes.ts';

/** A span's label: inside or beside the span (`row` null: in the span's own row) or in a label row under the lane. */
export interface SpanLabel {
  readonly span: Span;
  readonly x: number;
  readonly row: number | null;
  /** Where the leader from the span down to a label row starts. */
  readonly anchor: number;
}

/** Label rows under a lane at most; a label that would need more keeps its tooltip only. */
export const MAX_LABEL_ROWS = 6;

/** Intervals [a, b) in pixels, kept per row (label rows packed greedily). */
export class Rows {
  private readonly rows: [number, number][][] = [];
  free(row: number, a: number, b: number): boolean {
    return (this.rows[row] ?? []).every(([x, y]) => b <= x || a >= y);
  }
  take(row: number, a: number, b: number): void {
    (this.rows[row] ??= []).push([a, b]);
  }
  /** The first row in [0, max) where [a, b) is free (a new row when `max` allows one), or -1. */
  first(a: number, b: number, max: number): number {
    for (let r = 0; r < Math.min(max, this.rows.length + 1); r++) if (this.free(r, a, b)) return r;
    return -1;
  }
  get count(): number {
    return this.rows.length;
  }
}

/** Pixel width of a label of `text`. */
export function labelWidth(text: string): number {
  return text.length * CHAR_W + 4;
}

/**
 * Places the label of every span of `l`. `first`: spans whose labels must win a place (the functions where a
 * violation fired), placed before the others; `maxX`: the right end of the steps (no label beside a span beyond it).
 * Returns the labels and the number of label rows used.
 */
export function placeSpanLabels(
  sc: Scale,
  l: Lane,
  first: (s: Span) => boolean,
  maxX: number,
): { labels: SpanLabel[]; rows: number } {
  const inRow = new Rows();
  for (const s of l.spans) for (const [a, b] of s.pieces) inRow.take(s.depth, sc.x(a), sc.x(b));
  const under = new Rows();
  const labels: SpanLabel[] = [];
  const order = [...l.spans.filter(first), ...l.spans.filter((s) => !first(s))];
  for (const s of order) {
    const w = labelWidth(s.fn);
    const widest = s.pieces.reduce<readonly [number, number] | undefined>(
      (m, p) => (m === undefined || p[1] - p[0] > m[1] - m[0] ? p : m),
      undefined,
    );
    if (widest === undefined) continue;
    if ((widest[1] - widest[0]) * sc.stepW >= w) {
      labels.push({ span: s, x: sc.x(widest[0]) + 2, row: null, anchor: sc.x(widest[0]) });
      continue;
    }
    const last = s.pieces.at(-1) ?? widest;
    const right = sc.x(last[1]) + 2;
    const left = sc.x(s.pieces[0]?.[0] ?? widest[0]) - 2 - w;
    const fitsRight = right + w <= maxX && inRow.free(s.depth, right, right + w);
    const beside = fitsRight ? right : left > sc.x(0) && inRow.free(s.depth, left, left + w) ? left : null;
    if (beside !== null) {
      inRow.take(s.depth, beside, beside + w);
      labels.push({ span: s, x: beside + 2, row: null, anchor: beside });
      continue;
    }
    const x = Math.max(sc.x(0), Math.min(sc.x(widest[0]), maxX - w - 4));
    const row = under.first(x, x + w + 4, MAX_LABEL_ROWS);
    if (row < 0) continue;
    under.take(row, x, x + w + 4);
    labels.push({ span: s, x, row, anchor: sc.x(widest[0]) });
  }
  return { labels, rows: under.count };
}
