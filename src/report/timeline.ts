// HTML report: the swimlane timeline SVG of one replayed execution (one lane per thread; function spans, lock holds,
// get/put/__fput/free/wake markers, the violating steps highlighted).
import { esc } from './escape.ts';
import { CHAR_W, fit, LEFT, lockClass, num, scaleFor, spanFill, threadColour, type Scale } from './geometry.ts';
import type { ReportTrace } from './input.ts';
import { lanesOf, type Lane, type Marker } from './lanes.ts';
import { isObservation } from './severity.ts';

const AXIS_H = 22;
const MARK_ROW_H = 13;
const RUN_H = 4;
const MARKER_ROW = 16;
const SPAN_H = 14;
const LOCK_H = 11;
const LANE_PAD = 8;

function laneHeight(l: Lane): number {
  return RUN_H + 2 + MARKER_ROW + l.depth * SPAN_H + 2 + l.lockRows * LOCK_H + LANE_PAD;
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

/** `bad` maps each marked step to whether only observations (not violations) fired there. */
function laneSvg(
  sc: Scale,
  l: Lane,
  n: number,
  top: number,
  length: number,
  bad: ReadonlyMap<number, boolean>,
): string {
  const STEP_W = sc.stepW;
  const h = laneHeight(l);
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
  const mkY = top + RUN_H + 2 + MARKER_ROW / 2;
  const atPos = new Map<number, number>();
  for (const m of l.markers) {
    const k = atPos.get(m.pos) ?? 0;
    atPos.set(m.pos, k + 1);
    out.push(glyph(m, sc.x(m.pos) + STEP_W / 2 + k * 4, mkY));
  }
  const spanTop = top + RUN_H + 2 + MARKER_ROW;
  for (const s of l.spans) {
    const x = sc.x(s.from);
    const w = (s.to - s.from) * STEP_W;
    const y = spanTop + s.depth * SPAN_H;
    const label = fit(s.fn, Math.floor((w - 4) / CHAR_W));
    out.push(
      `<g class="span"><rect x="${x}" y="${y}" width="${w}" height="${SPAN_H - 2}" fill="${spanFill(s.fn)}"/>` +
        (label === '' ? '' : `<text x="${x + 2}" y="${y + 9.5}">${esc(label)}</text>`) +
        `${title(`${s.fn} (steps ${s.from}–${s.to - 1})`)}</g>`,
    );
  }
  const lockTop = spanTop + l.depth * SPAN_H + 2;
  for (const k of l.locks) {
    const x = sc.x(k.from);
    const w = Math.max(STEP_W, (k.to - k.from) * STEP_W);
    const y = lockTop + k.row * LOCK_H;
    const label = fit(k.lock, Math.floor((w - 4) / 5.5));
    const held = k.open ? `held from step ${k.from} to the end` : `held steps ${k.from}–${k.to - 1}`;
    out.push(
      `<g class="lock lock-${lockClass(k.lock)}${k.open ? ' open' : ''}">` +
        `<rect x="${x}" y="${y}" width="${w}" height="${LOCK_H - 2}"/>` +
        (label === '' ? '' : `<text x="${x + 2}" y="${y + 7.5}">${esc(label)}</text>`) +
        `${title(`${k.lock} ${held}`)}</g>`,
    );
  }
  // The violating steps this thread made.
  for (const [p, obs] of bad)
    if (p < length && l.runs.some(([f, t]) => p >= f && p < t))
      out.push(
        `<rect class="bad-step${obs ? ' obs' : ''}" x="${sc.x(p) - 1}" y="${top + 1}" width="${STEP_W + 2}" height="${h - 3}"/>`,
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
  // Mark labels go in rows above the axis, greedily, so that neighbouring marks do not overlap.
  const rowEnds: number[] = [];
  const placed = marks.map((m) => {
    const x = sc.x(m.pos) + STEP_W / 2;
    const label = `${m.pos >= length ? 'at end: ' : ''}${m.kind}`;
    let row = rowEnds.findIndex((e) => e < x - 4);
    if (row < 0) row = rowEnds.length;
    rowEnds[row] = x + 8 + label.length * CHAR_W;
    return { m, x, row, label };
  });
  const width = Math.ceil(Math.max(sc.width(length), ...rowEnds.map((e) => e + 8)));
  const markH = rowEnds.length * MARK_ROW_H + (rowEnds.length > 0 ? 4 : 0);
  const lanesTop = markH + AXIS_H;
  let y = lanesTop;
  const body: string[] = [];
  const bgs: string[] = [];
  const bad = new Map<number, boolean>();
  for (const m of marks) bad.set(m.pos, (bad.get(m.pos) ?? true) && isObservation(m.kind));
  lanes.forEach((l, n) => {
    const h = laneHeight(l);
    bgs.push(`<rect class="lane-bg${n % 2 === 1 ? ' odd' : ''}" x="0" y="${y}" width="${width}" height="${h}"/>`);
    body.push(laneSvg(sc, l, n, y, length, bad));
    y += h;
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
  for (const { m, x, row, label } of placed) {
    const ty = row * MARK_ROW_H + 10;
    out.push(
      `<a class="viol-mark${isObservation(m.kind) ? ' obs' : ''}" href="#${id}-s${Math.min(m.pos, Math.max(0, length - 1))}">` +
        `<rect class="viol-band" x="${sc.x(m.pos)}" y="${ty + 2}" width="${STEP_W}" height="${height - ty - 2}"/>` +
        `<text class="viol-label" x="${num(x - 3)}" y="${ty}">▼ ${esc(label)}</text>` +
        `${title(`step ${m.pos}: ${m.kind}: ${m.title}`)}</a>`,
    );
  }
  out.push(`<line class="lane-sep" x1="${LEFT - 4}" y1="${lanesTop}" x2="${LEFT - 4}" y2="${height}"/>`);
  out.push('</svg>');
  return out.join('');
}
