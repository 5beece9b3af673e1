// HTML report: the shared horizontal scale of timelines and refcount plots (one column per step), and colours.

/** Width of the label column on the left of lanes and plots. */
export const LEFT = 124;
const RIGHT = 24;
/** Monospace glyph width at the 10px font used in SVG text (for fitting labels into spans). */
export const CHAR_W = 6.1;

/** The horizontal scale of one trace: short traces get wider steps (readable labels), long ones scroll. */
export class Scale {
  constructor(readonly stepW: number) {}
  /** Left edge of step `pos`. */
  x(pos: number): number {
    return LEFT + pos * this.stepW;
  }
  /** Width of an SVG covering `n` steps (plus one column for end-of-execution marks). */
  width(n: number): number {
    return this.x(n + 1) + RIGHT;
  }
}

/** The scale for a trace of `length` steps: about 1,000 px of steps, at least 10 and at most 40 px per step. */
export function scaleFor(length: number): Scale {
  return new Scale(Math.min(40, Math.max(10, Math.floor(1000 / Math.max(1, length + 1)))));
}

/** Numbers in SVG attributes: at most one decimal, no trailing zeros (smaller, deterministic output). */
export function num(v: number): string {
  return String(Math.round(v * 10) / 10);
}

const THREAD_COLOURS = ['#1f5fa8', '#2e7d32', '#8e24aa', '#c25e00', '#00838f', '#ad1457', '#5d4037', '#455a64'];

/** The colour of the n-th thread (lane order). */
export function threadColour(n: number): string {
  return THREAD_COLOURS[n % THREAD_COLOURS.length] as string;
}

const SPAN_FILLS = ['#dbe8f7', '#e3f1df', '#f1e3f4', '#fdebd3', '#d9f0f2', '#f7dfe8', '#ece4dc', '#e6eaee', '#f4f1d0'];

/** A stable pastel fill for a kernel function name; the release path stands out. */
export function spanFill(fn: string): string {
  if (fn === '__fput' || fn === '__fput_sync') return '#f8c9c4';
  let h = 0;
  for (let i = 0; i < fn.length; i++) h = (h * 31 + fn.charCodeAt(i)) >>> 0;
  return SPAN_FILLS[h % SPAN_FILLS.length] as string;
}

/** Lock-hold bar colours: ep->mtx and f_lock are the locks these races are about. */
export function lockClass(lock: string): 'mtx' | 'flock' | 'other' {
  if (/^ep#\d+\.mtx$/.test(lock)) return 'mtx';
  if (lock.endsWith('.f_lock')) return 'flock';
  return 'other';
}

/** Shortens `s` to at most `max` characters with an ellipsis (labels; the full text goes in a tooltip). */
export function fit(s: string, max: number): string {
  if (max <= 0) return '';
  if (s.length <= max) return s;
  return max <= 1 ? '' : `${s.slice(0, max - 1)}…`;
}
