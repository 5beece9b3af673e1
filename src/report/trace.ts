// HTML report: one replayed execution as a figure — timeline, refcount plot, token and the step list.
import type { TraceEntry } from '../explore/engine.ts';
import { stepPlace } from '../explore/replay.ts';
import { esc } from './escape.ts';
import type { ReportTrace } from './input.ts';
import { lanesOf } from './lanes.ts';
import { renderRefcounts } from './refcount.ts';
import { isObservation, kindBadge } from './severity.ts';
import { renderTimeline } from './timeline.ts';

/** A token as copyable text (the copy button appears only with JavaScript). */
export function tokenHtml(token: string): string {
  return `<span class="tok"><code>${esc(token)}</code><button type="button" class="copy" hidden>copy</button></span>`;
}

const where = stepPlace;

/**
 * The step list as fixed-width text (copyable into a mail): step, thread, innermost function, access, location and
 * f_count before→after. Violating steps are marked and carry the anchors the timeline links to.
 */
export function renderSteps(trace: ReportTrace, id: string): string {
  const bad = new Map<number, string>();
  const obs = new Map<number, boolean>();
  for (const m of trace.marks) {
    bad.set(m.pos, bad.has(m.pos) ? `${bad.get(m.pos)}, ${m.kind}` : `◀ ${m.kind}`);
    obs.set(m.pos, (obs.get(m.pos) ?? true) && isObservation(m.kind));
  }
  const returns = new Map<number, string>();
  for (const r of trace.returns ?? [])
    returns.set(
      r.pos,
      `${returns.has(r.pos) ? `${returns.get(r.pos)}, ` : ''}${r.call} returns ${r.name} = ${r.value}`,
    );
  const steps = trace.steps.filter((e) => e.kind !== 'clock');
  const tw = Math.max(6, ...steps.map((e) => e.thread.length));
  const fw = Math.max(8, ...steps.map((e) => e.fn.length));
  const pw = String(trace.steps.at(-1)?.pos ?? 0).length + 1;
  const line = (e: TraceEntry): string => {
    if (e.kind === 'clock')
      return `${esc(`${''.padStart(pw)}  ${'clock'.padEnd(tw)}  virtual clock advances to ${e.field}; timers fire`)}\n`;
    const fc =
      e.fCount !== undefined
        ? `  f_count ${e.fCountBefore ?? '?'}→${e.fCount}`
        : e.mntCount !== undefined
          ? `  mnt_count ${e.mntCountBefore ?? '?'}→${e.mntCount}`
          : '';
    const ret = returns.get(e.pos);
    const text0 = `${String(e.pos).padStart(pw)}  ${e.thread.padEnd(tw)}  ${e.fn.padEnd(fw)}  ${e.kind.padEnd(7)}  ${where(e)}${fc}`;
    const text = ret === undefined ? text0 : `${text0}  ↩ ${ret}`;
    const kind = bad.get(e.pos);
    return kind === undefined
      ? `${esc(text)}\n`
      : `<mark id="${id}-s${e.pos}"${obs.get(e.pos) === true ? ' class="obs"' : ''}>${esc(`${text}  ${kind}`)}\n</mark>`;
  };
  const head = `${'step'.padStart(pw)}  ${'thread'.padEnd(tw)}  ${'function'.padEnd(fw)}  access   location`;
  const lines = [`<b>${esc(head)}\n</b>`, ...trace.steps.map(line)];
  const end = trace.marks.filter((m) => m.pos >= (trace.steps.at(-1)?.pos ?? -1) + 1);
  if (end.length > 0)
    lines.push(`<mark>${esc(`at the end: ${end.map((m) => `${m.kind}: ${m.title}`).join('; ')}`)}</mark>`);
  return `<pre class="steps">${lines.join('')}</pre>`;
}

/** The violations of the replay, each with its step, thread and function, linking to the step row. */
function marksHtml(trace: ReportTrace, id: string): string {
  if (trace.marks.length === 0) return '';
  const byPos = new Map<number, TraceEntry>();
  for (const e of trace.steps) if (e.kind !== 'clock') byPos.set(e.pos, e);
  const items = trace.marks.map((m) => {
    const e = byPos.get(m.pos);
    const where =
      e === undefined
        ? 'at the end'
        : `<a href="#${id}-s${m.pos}">step ${m.pos}</a> ${esc(e.thread)} in <code>${esc(e.fn)}</code>`;
    const report = e === undefined ? '' : ` <span class="facts">(step ${m.kernelStep} in the report)</span>`;
    return `<li>${where}: ${kindBadge(m.kind, esc(m.kind))} ${esc(m.title)}${report}</li>`;
  });
  return `<ul class="marks">${items.join('')}</ul>`;
}

/** The figure of a trace; `id` is its anchor, `caption` says which outcome/violation it replays. */
export function renderTrace(trace: ReportTrace, id: string, caption: string): string {
  const threads = lanesOf(trace.steps).lanes.map((l) => l.thread);
  const rc = renderRefcounts(
    trace.steps,
    threads,
    trace.marks.map((m) => ({ pos: m.pos, obs: isObservation(m.kind) })),
    trace.returns,
  );
  const fatal = trace.end === 'halt' ? 'halted (panic_on_warn)' : trace.end;
  return (
    `<figure class="trace" id="${id}"><figcaption><strong>${esc(caption)}</strong>` +
    `<span class="facts">${trace.steps.length} steps · ${threads.length} threads · end: ${esc(fatal)}</span>` +
    `<span class="badge info mono">${esc(trace.outcome)}</span></figcaption>` +
    marksHtml(trace, id) +
    `<div class="scroll">${renderTimeline(trace, id)}${rc}</div>` +
    `<div class="facts">replay token ${tokenHtml(trace.token)}</div>` +
    `<details><summary>step list (${trace.steps.length} steps)</summary><div class="stepbox">${renderSteps(trace, id)}</div></details></figure>`
  );
}
