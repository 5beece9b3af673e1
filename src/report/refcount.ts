// HTML report: the refcount plot — f_count of each struct file and mnt_count of each mount over a replay's steps.
import type { TraceEntry } from '../explore/engine.ts';
import { esc } from './escape.ts';
import { fit, num, scaleFor, threadColour, type Scale } from './geometry.ts';
import type { ReportReturn } from './input.ts';

/** The count history of one object in a trace: a struct file's f_count or a mount's mnt_count. */
export interface FileCount {
  /** The object's label (`file#24(fifo)`, `mnt#21(tmpfs)`). */
  readonly file: string;
  readonly field: 'f_count' | 'mnt_count';
  readonly points: readonly {
    readonly pos: number;
    readonly thread: string;
    readonly fn: string;
    readonly before: number;
    readonly after: number;
  }[];
  /** Step at which the file was freed, or null. */
  readonly freedAt: number | null;
}

/** The counter a step changes or reads, with its value before and after, if it is one the plot draws. */
function countAt(s: TraceEntry): { field: FileCount['field']; before: number; after: number } | null {
  if (s.fCount !== undefined) return { field: 'f_count', before: s.fCountBefore ?? s.fCount, after: s.fCount };
  if (s.mntCount !== undefined)
    return { field: 'mnt_count', before: s.mntCountBefore ?? s.mntCount, after: s.mntCount };
  return null;
}

/** Every struct file whose f_count the trace touches, then every mount whose mnt_count it reads, by first touch. */
export function fileCounts(steps: readonly TraceEntry[]): FileCount[] {
  const files = new Map<
    string,
    { field: FileCount['field']; points: FileCount['points'][number][]; freedAt: number | null }
  >();
  for (const s of steps) {
    const c = countAt(s);
    if (c === null) continue;
    let f = files.get(s.object);
    if (f === undefined) files.set(s.object, (f = { field: c.field, points: [], freedAt: null }));
    f.points.push({ pos: s.pos, thread: s.thread, fn: s.fn, before: c.before, after: c.after });
  }
  for (const s of steps) {
    const f = s.kind === 'free' ? files.get(s.object) : undefined;
    if (f !== undefined && f.freedAt === null) f.freedAt = s.pos;
  }
  const all = [...files].map(([file, f]) => ({ file, field: f.field, points: f.points, freedAt: f.freedAt }));
  // A mount's count matters where something checks it (umount's busy test reads it); the gets and puts every file
  // release makes on pseudo-filesystem mounts alone would only add plots.
  const checked = all.filter((f) => f.field === 'mnt_count' && f.points.some((p) => p.before === p.after));
  return [...all.filter((f) => f.field === 'f_count'), ...checked];
}

const ROW = 13;
const PAD_T = 10;
const PAD_B = 8;

function plot(
  sc: Scale,
  fc: FileCount,
  top: number,
  length: number,
  width: number,
  colourOf: (t: string) => string,
): string {
  const STEP_W = sc.stepW;
  const max = Math.max(2, ...fc.points.map((p) => Math.max(p.before, p.after)));
  const base = top + PAD_T + max * ROW;
  const yOf = (v: number): number => base - v * ROW;
  const h = PAD_T + max * ROW + PAD_B;
  const out: string[] = [`<g class="rc rc-${fc.field}" data-file="${esc(fc.file)}" data-field="${fc.field}">`];
  out.push(`<rect class="rc-bg" x="0" y="${top}" width="${width}" height="${h}"/>`);
  const paren = fc.file.indexOf('(');
  const name = paren > 0 ? fc.file.slice(0, paren) : fc.file;
  const sub = paren > 0 ? fc.file.slice(paren) : '';
  out.push(`<text class="lane-name" x="8" y="${top + 15}">${esc(fit(name, 15))}<title>${esc(fc.file)}</title></text>`);
  if (sub !== '') out.push(`<text class="lane-sub" x="8" y="${top + 27}">${esc(fit(sub, 16))}</text>`);
  out.push(`<text class="lane-sub" x="8" y="${top + (sub === '' ? 27 : 39)}">${fc.field}</text>`);
  const x0 = sc.x(0);
  const x1 = sc.x(length);
  for (let v = 0; v <= max; v++) {
    if (max > 6 && v !== 0 && v !== max) continue;
    out.push(`<line class="${v === 0 ? 'rc-zero' : 'rc-grid'}" x1="${x0}" y1="${yOf(v)}" x2="${x1}" y2="${yOf(v)}"/>`);
    out.push(`<text class="rc-tick" x="${x0 - 4}" y="${yOf(v) + 3.5}">${v}</text>`);
  }
  const first = fc.points[0];
  if (first !== undefined) {
    const end = fc.freedAt === null ? x1 : sc.x(fc.freedAt) + STEP_W / 2;
    let d = `M${sc.x(first.pos)} ${yOf(first.before)}`;
    for (const p of fc.points) {
      const x = sc.x(p.pos) + STEP_W / 2;
      d += `H${x}V${yOf(p.after)}`;
    }
    d += `H${num(end)}`;
    out.push(`<path class="rc-line" d="${d}"/>`);
    if (fc.freedAt !== null) {
      const fx = sc.x(fc.freedAt) + STEP_W / 2;
      out.push(
        `<g class="rc-freed"><rect x="${fx}" y="${top + 2}" width="${Math.max(0, x1 - fx)}" height="${h - 4}"/>` +
          `<text x="${fx + 4}" y="${top + 12}">freed (step ${fc.freedAt})</text></g>`,
      );
    }
  }
  for (const p of fc.points) {
    const cx = sc.x(p.pos) + STEP_W / 2;
    const resurrect = fc.field === 'f_count' && p.before === 0 && p.after > 0;
    const cls = resurrect ? 'rc-pt resurrect' : p.after === p.before ? 'rc-pt read' : 'rc-pt';
    const fill = p.after === p.before ? 'none' : colourOf(p.thread);
    out.push(
      `<circle class="${cls}" cx="${cx}" cy="${yOf(p.after)}" r="${resurrect ? 4.5 : 3}" fill="${resurrect ? '#c62828' : fill}" stroke="${colourOf(p.thread)}">` +
        `<title>${esc(`step ${p.pos} ${p.thread} ${p.fn}: ${fc.field} ${p.before} → ${p.after}`)}</title></circle>`,
    );
    if (resurrect)
      out.push(
        `<text class="rc-alert" x="${cx + 7}" y="${yOf(p.after) - 4}">${p.before}→${p.after} addition on 0</text>`,
      );
  }
  out.push('</g>');
  return out.join('');
}

/**
 * One SVG with a plot per struct file and mount, on the timeline's horizontal scale; empty when no count was touched.
 * Violations are bands across the plots; the returns of the calls the condition names are dashed lines.
 */
export function renderRefcounts(
  steps: readonly TraceEntry[],
  threads: readonly string[],
  marks: readonly { readonly pos: number; readonly obs: boolean }[],
  returns: readonly ReportReturn[] = [],
): string {
  const files = fileCounts(steps);
  if (files.length === 0) return '';
  const length = steps.length === 0 ? 0 : (steps.at(-1)?.pos ?? 0) + 1;
  const sc = scaleFor(length);
  const width = sc.width(length) + 110;
  const colourOf = (t: string): string => threadColour(Math.max(0, threads.indexOf(t)));
  const parts: string[] = [];
  let y = 0;
  for (const f of files) {
    parts.push(plot(sc, f, y, length, width, colourOf));
    const max = Math.max(2, ...f.points.map((p) => Math.max(p.before, p.after)));
    y += PAD_T + max * ROW + PAD_B;
  }
  const bands = marks.map(
    (m) => `<rect class="viol-band${m.obs ? ' obs' : ''}" x="${sc.x(m.pos)}" y="0" width="${sc.stepW}" height="${y}"/>`,
  );
  for (const r of returns) {
    const x = num(sc.x(r.pos) + sc.stepW / 2);
    bands.push(
      `<g class="ret-line"><line x1="${x}" y1="0" x2="${x}" y2="${y}"/>` +
        `<title>${esc(`step ${r.pos}: ${r.call} returns ${r.name} = ${r.value}`)}</title></g>`,
    );
  }
  return (
    `<svg class="refcounts" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" ` +
    `role="img" aria-label="reference counts over steps for ${files.length} object(s)">${parts.join('')}${bands.join('')}</svg>`
  );
}
