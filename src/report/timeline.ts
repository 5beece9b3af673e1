// HTML report: the swimlane timeline SVG of one replayed execution (one lane per thread; function spans, lock holds,
// get/put/__fput/free/wake markers, the violating steps highlighted).
import { esc } from './escape.ts';
import { CHAR_W, fit, LEFT, lockClass, num, scaleFor, spanFill, threadColour, type Scale } from './geometry.ts';
import type { ReportReturn, ReportTrace } from './input.ts';
import { labelWidth, placeSpanLabels, Rows, type SpanLabel } from './labels.ts';
import { lanesOf, type Lane, type Marker, type Span } from './lanes.ts';
import { isObservation } from './severity.ts';

const AXIS_H = 22;
const MARK_ROW_H = 13;
const RUN_H = 4;
const RET_ROW_H = 14;
const MARKER_ROW = 16;
const SPAN_H = 14;
const LOCK_H = 11;
const LABEL_ROW_H = 12;
const LANE_PAD = 8;

/** A lane's vertical layout: its returns rows, span labels and the offsets of each band from the lane's top. */
interface LaneLayout {
  readonly returns: readonly {
    readonly r: ReportReturn;
    readonly row: number;
    readonly text: string;
    readonly left: boolean;
  }[];
  readonly labels: readonly SpanLabel[];
  readonly markTop: number;
  readonly spanTop: number;
  readonly lockTop: number;
  readonly labelTop: number;
  readonly height: number;
  /** Right end of the rightmost text placed (labels, returns). */
  readonly right: number;
}

function layout(
  sc: Scale,
  l: Lane,
  length: number,
  returns: readonly ReportReturn[],
  marked: ReadonlySet<number>,
): LaneLayout {
  const ends: number[] = [];
  let right = 0;
  const rets = returns
    .filter((r) => r.thread === l.thread)
    .map((r) => {
      const text = `↩ ${r.call} → ${r.value}`;
      const w = labelWidth(text);
      // Right of the line when it fits in the trace's width, else left of it (text-anchor end).
      const left = sc.x(r.pos + 1) + w + 2 > sc.width(length) && sc.x(r.pos + 1) - w - 2 > sc.x(0);
      const x = left ? sc.x(r.pos + 1) - w - 2 : sc.x(r.pos + 1) + 2;
      let row = ends.findIndex((e) => e < x);
      if (row < 0) row = ends.length;
      ends[row] = x + w;
      right = Math.max(right, ends[row] ?? 0);
      return { r, row, text, left };
    });
  const hit = (s: Span): boolean => s.pieces.some(([a, b]) => [...marked].some((p) => p >= a && p < b));
  const { labels, rows } = placeSpanLabels(sc, l, hit, sc.width(length));
  for (const lb of labels) right = Math.max(right, lb.x + labelWidth(lb.span.fn));
  const markTop = RUN_H + 2 + ends.length * RET_ROW_H;
  const spanTop = markTop + MARKER_ROW;
  const lockTop = spanTop + l.depth * SPAN_H + 2;
  const labelTop = lockTop + l.lockRows * LOCK_H;
  return {
    returns: rets,
    labels,
    markTop,
    spanTop,
    lockTop,
    labelTop,
    height: labelTop + rows * LABEL_ROW_H + LANE_PAD,
    right,
  };
}

/** A lock's name when it fits its bar, else its field (`f_lock`, `mtx`), else nothing (the tooltip has it). */
function lockLabel(lock: string, max: number): string {
  if (lock.length <= max) return lock;
  const field = lock.replace(/^[^.#]*#\d+(\([^)]*\))?\./, '');
  return field.length <= max ? field : '';
}

function title(text: string): string {
  return `<title>${esc(text)}</title>`;
}

/** A marker glyph centred on (cx, cy). */
function glyph(m: Marker, cx: number, cy: number): string {
  const t = title(`step ${m.pos}: ${m.text}`);
  const x = num(cx);
  const y = num(cy);
  switch (m.kind) {
    case 'get':
    case 'resurrect':
      return `<path class="mk mk-${m.kind}" d="M${x} ${num(cy - 5)}l4.5 8h-9z">${t}</path>`;
    case 'put':
    case 'lastput':
      return `<path class="mk mk-${m.kind}" d="M${x} ${num(cy + 5)}l4.5-8h-9z">${t}</path>`;
    case 'fput':
      return `<path class="mk mk-fput" d="M${x} ${num(cy - 5.5)}l5 5.5-5 5.5-5-5.5z">${t}</path>`;
    case 'free':
      return `<path class="mk mk-free" d="M${num(cx - 4)} ${num(cy - 4)}l8 8m0-8l-8 8">${t}</path>`;
    case 'wake':
      return `<circle class="mk mk-wake" cx="${x}" cy="${y}" r="4">${t}</circle>`;
    case 'sleep':
      return `<text class="mk mk-sleep" x="${x}" y="${num(cy + 4)}">z${t}</text>`;
  }
}

/** A function span: one box per piece where the thread ran, dotted across its preemptions, and its label. */
function spanSvg(sc: Scale, s: Span, y: number, label: SpanLabel | undefined, labelTop: number): string {
  const fill = spanFill(s.fn);
  const boxes = s.pieces.map(
    ([a, b]) => `<rect x="${sc.x(a)}" y="${y}" width="${(b - a) * sc.stepW}" height="${SPAN_H - 2}" fill="${fill}"/>`,
  );
  const gaps = s.pieces
    .slice(1)
    .map(([a], i) => `M${sc.x(s.pieces[i]?.[1] ?? a)} ${y + (SPAN_H - 2) / 2}H${sc.x(a)}`)
    .join('');
  const preempted = s.pieces.length > 1 ? `, preempted ${s.pieces.length - 1}×` : '';
  let text = '';
  if (label !== undefined) {
    const ty = label.row === null ? y + 9.5 : labelTop + label.row * LABEL_ROW_H + 9;
    const cls = label.row === null ? '' : ' class="under"';
    const leader =
      label.row === null ? '' : `<path class="leader" d="M${num(label.anchor + 1)} ${y + SPAN_H - 2}V${num(ty - 8)}"/>`;
    text = `${leader}<text${cls} x="${num(label.row === null ? label.x : label.x + 3)}" y="${num(ty)}">${esc(s.fn)}</text>`;
  }
  return (
    `<g class="span">${boxes.join('')}${gaps === '' ? '' : `<path class="gap" d="${gaps}"/>`}${text}` +
    `${title(`${s.path.join(' → ')} (steps ${s.from}–${s.to - 1}${preempted})`)}</g>`
  );
}

/** `bad` maps each marked step to whether only observations (not violations) fired there. */
function laneSvg(
  sc: Scale,
  l: Lane,
  n: number,
  top: number,
  ly: LaneLayout,
  length: number,
  bad: ReadonlyMap<number, boolean>,
): string {
  const STEP_W = sc.stepW;
  const out: string[] = [];
  out.push(`<g class="lane" data-thread="${esc(l.thread)}">`);
  const colour = threadColour(n);
  out.push(
    `<text class="lane-name" x="8" y="${top + 16}" fill="${colour}">${esc(fit(l.thread, 16))}${title(l.thread)}</text>`,
  );
  const nsteps = l.runs.reduce((a, [f, t]) => a + t - f, 0);
  out.push(`<text class="lane-sub" x="8" y="${top + 29}">${nsteps} steps</text>`);
  // Running strip: where this thread is on the CPU.
  for (const [f, t] of l.runs)
    out.push(
      `<rect class="run" x="${sc.x(f)}" y="${top + 1}" width="${(t - f) * STEP_W}" height="${RUN_H}" fill="${colour}"/>`,
    );
  const mkY = top + ly.markTop + MARKER_ROW / 2;
  const atPos = new Map<number, number>();
  for (const m of l.markers) {
    const k = atPos.get(m.pos) ?? 0;
    atPos.set(m.pos, k + 1);
    out.push(glyph(m, sc.x(m.pos) + STEP_W / 2 + k * 4, mkY));
  }
  const labelOf = new Map(ly.labels.map((lb) => [lb.span, lb]));
  for (const s of l.spans)
    out.push(spanSvg(sc, s, top + ly.spanTop + s.depth * SPAN_H, labelOf.get(s), top + ly.labelTop));
  for (const k of l.locks) {
    const x = sc.x(k.from);
    const w = Math.max(STEP_W, (k.to - k.from) * STEP_W);
    const y = top + ly.lockTop + k.row * LOCK_H;
    const label = lockLabel(k.lock, Math.floor((w - 4) / 5.5));
    const held = k.open ? `held from step ${k.from} to the end` : `held steps ${k.from}–${k.to - 1}`;
    out.push(
      `<g class="lock lock-${lockClass(k.lock)}${k.open ? ' open' : ''}">` +
        `<rect x="${x}" y="${y}" width="${w}" height="${LOCK_H - 2}"/>` +
        (label === '' ? '' : `<text x="${x + 2}" y="${y + 7.5}">${esc(label)}</text>`) +
        `${title(`${k.lock} ${held}`)}</g>`,
    );
  }
  // The returns of the calls the condition names: a line at the call's last step and what it returned.
  for (const { r, row, text, left } of ly.returns) {
    const x = sc.x(r.pos + 1);
    const ty = top + RUN_H + 2 + row * RET_ROW_H + 10;
    const tx = left ? `x="${x - 3}" text-anchor="end"` : `x="${x + 2}"`;
    out.push(
      `<g class="ret" data-name="${esc(r.name)}" data-value="${esc(r.value)}">` +
        `<path d="M${x} ${ty - 9}V${top + ly.height - LANE_PAD}"/><text ${tx} y="${ty}">${esc(text)}</text>` +
        `${title(`step ${r.pos}: ${r.call} returns ${r.name} = ${r.value}`)}</g>`,
    );
  }
  // The violating steps this thread made.
  for (const [p, obs] of bad)
    if (p < length && l.runs.some(([f, t]) => p >= f && p < t))
      out.push(
        `<rect class="bad-step${obs ? ' obs' : ''}" x="${sc.x(p) - 1}" y="${top + 1}" width="${STEP_W + 2}" height="${ly.height - 3}"/>`,
      );
  out.push(`</g>`);
  return out.join('');
}

function axis(sc: Scale, length: number, y: number, height: number): string {
  const every = sc.stepW >= 30 ? 1 : sc.stepW >= 16 ? 5 : 10;
  let grid = '';
  let minor = '';
  const labels: string[] = [];
  for (let p = 0; p <= length; p += every === 10 ? 5 : 1) {
    const x = sc.x(p);
    if (p % every === 0) {
      grid += `M${x} ${y + 14}V${height}`;
      labels.push(`<text class="tick" x="${x + 1}" y="${y + 11}">${p}</text>`);
    } else minor += `M${x} ${y + 14}v6`;
  }
  return `<path class="grid" d="${grid}"/>${minor === '' ? '' : `<path class="tick-minor" d="${minor}"/>`}${labels.join('')}`;
}

/** The timeline of a trace; `id` prefixes the step anchors (`<id>-s<pos>`) the violation marks link to. */
export function renderTimeline(trace: ReportTrace, id: string): string {
  const { lanes, clocks, length } = lanesOf(trace.steps);
  const sc = scaleFor(length);
  const STEP_W = sc.stepW;
  const marks = [...trace.marks].sort((a, b) => a.pos - b.pos);
  const fnAt = new Map<number, string>();
  for (const e of trace.steps) if (e.kind !== 'clock') fnAt.set(e.pos, e.fn);
  // Mark labels go in rows above the axis, greedily, so that neighbouring marks do not overlap.
  const rows = new Rows();
  const placed = marks.map((m) => {
    const x = sc.x(m.pos) + STEP_W / 2;
    const fn = fnAt.get(m.pos);
    const label = `${m.pos >= length ? 'at end: ' : ''}${m.kind}${fn === undefined ? '' : ` in ${fn}`}`;
    const w = 12 + label.length * CHAR_W;
    // Right of the step when it fits in the trace's width, else ending at it.
    const left = x - 3 + w > sc.width(length) && x + 3 - w > 0;
    const a = left ? x + 3 - w : x - 3;
    let row = rows.first(a - 4, a + w + 4, Infinity);
    if (row < 0) row = rows.count;
    rows.take(row, a - 4, a + w + 4);
    return { m, x, row, label, left };
  });
  const bad = new Map<number, boolean>();
  for (const m of marks) bad.set(m.pos, (bad.get(m.pos) ?? true) && isObservation(m.kind));
  const layouts = lanes.map((l) => layout(sc, l, length, trace.returns ?? [], new Set(bad.keys())));
  const width = Math.ceil(
    Math.max(
      sc.width(length),
      ...placed.map((p) => (p.left ? 0 : p.x + 12 + p.label.length * CHAR_W)),
      ...layouts.map((ly) => ly.right + 8),
    ),
  );
  const markH = rows.count * MARK_ROW_H + (rows.count > 0 ? 4 : 0);
  const lanesTop = markH + AXIS_H;
  let y = lanesTop;
  const body: string[] = [];
  const bgs: string[] = [];
  lanes.forEach((l, n) => {
    const ly = layouts[n] as LaneLayout;
    bgs.push(
      `<rect class="lane-bg${n % 2 === 1 ? ' odd' : ''}" x="0" y="${y}" width="${width}" height="${ly.height}"/>`,
    );
    body.push(laneSvg(sc, l, n, y, ly, length, bad));
    y += ly.height;
  });
  const height = y + 2;
  const out: string[] = [];
  out.push(
    `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
      `data-x0="${LEFT}" data-step="${STEP_W}" data-steps="${length}" ` +
      `viewBox="0 0 ${width} ${height}" role="img" aria-label="swimlane timeline, ${lanes.length} threads, ${length} steps">`,
  );
  out.push(bgs.join(''), axis(sc, length, markH, height), body.join(''));
  for (const c of clocks) {
    const x = sc.x(c.pos);
    out.push(
      `<g class="clock"><line x1="${x}" y1="${markH + 12}" x2="${x}" y2="${height}"/>${title(`${c.label} (virtual clock advanced before step ${c.pos})`)}</g>`,
    );
  }
  for (const { m, x, row, label, left } of placed) {
    const ty = row * MARK_ROW_H + 10;
    out.push(
      `<a class="viol-mark${isObservation(m.kind) ? ' obs' : ''}" href="#${id}-s${Math.min(m.pos, Math.max(0, length - 1))}">` +
        `<rect class="viol-band" x="${sc.x(m.pos)}" y="${ty + 2}" width="${STEP_W}" height="${height - ty - 2}"/>` +
        `<text class="viol-label" x="${num(left ? x + 3 : x - 3)}" y="${ty}"${left ? ' text-anchor="end"' : ''}>` +
        `${left ? `${esc(label)} ▼` : `▼ ${esc(label)}`}</text>` +
        `${title(`step ${m.pos}: ${m.kind}: ${m.title}`)}</a>`,
    );
  }
  out.push(`<line class="lane-sep" x1="${LEFT - 4}" y1="${lanesTop}" x2="${LEFT - 4}" y2="${height}"/>`);
  out.push('</svg>');
  return out.join('');
}
