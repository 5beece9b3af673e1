// HTML report: one replayed execution as a figure — timeline, refcount plot, token and the step list.
import type { TraceEntry } from '../explore/engine.ts';
import { esc } from './escape.ts';
import type { ReportTrace } from './input.ts';
import { lanesOf } from './lanes.ts';
import { renderRefcounts } from './refcount.ts';
import { kindBadge } from './severity.ts';
import { renderTimeline } from './timeline.ts';

/** A token as copyable text (the copy button appears only with JavaScript). */
export function tokenHtml(token: string): string {
  return `<span class="tok"><code>${esc(token)}</code><button type="button" class="copy" hidden>copy</button></span>`;
}

function stepRow(e: TraceEntry, id: string, bad: ReadonlyMap<number, string>): string {
  if (e.kind === 'clock')
    return `<tr class="clk"><td>${e.pos}</td><td>clock</td><td colspan="4">virtual clock advances to ${esc(e.field)}; timers fire</td></tr>`;
  const kind = bad.get(e.pos);
  const fc = e.fCount === undefined ? '' : `${e.fCountBefore ?? '?'}→${e.fCount}`;
  const stack = e.stack ?? [e.fn];
  return (
    `<tr id="${id}-s${e.pos}"${kind === undefined ? '' : ' class="bad"'}><td>${e.pos}</td><td>${esc(e.thread)}</td>` +
    `<td title="${esc(stack.join(' → '))}">${esc(e.fn)}</td><td>${e.kind}</td><td>${esc(`${e.object}.${e.field}`)}</td>` +
    `<td class="fc">${fc}${kind === undefined ? '' : ` ${esc(kind)}`}</td></tr>`
  );
}

/** The step table; violating steps are highlighted and named. */
export function renderSteps(trace: ReportTrace, id: string): string {
  const bad = new Map<number, string>();
  for (const m of trace.marks) bad.set(m.pos, bad.has(m.pos) ? `${bad.get(m.pos)}, ${m.kind}` : `◀ ${m.kind}`);
  const rows = trace.steps.map((e) => stepRow(e, id, bad));
  const end = trace.marks.filter((m) => m.pos >= (trace.steps.at(-1)?.pos ?? -1) + 1);
  if (end.length > 0)
    rows.push(
      `<tr class="bad"><td></td><td></td><td colspan="4">at the end: ${esc(end.map((m) => `${m.kind}: ${m.title}`).join('; '))}</td></tr>`,
    );
  return (
    `<table class="steps"><thead><tr><th>step</th><th>thread</th><th>function</th><th>access</th>` +
    `<th>location</th><th>f_count</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
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
    return `<li>${where}: ${kindBadge(m.kind, esc(m.kind))} ${esc(m.title)}</li>`;
  });
  return `<ul class="marks">${items.join('')}</ul>`;
}

/** The figure of a trace; `id` is its anchor, `caption` says which outcome/violation it replays. */
export function renderTrace(trace: ReportTrace, id: string, caption: string): string {
  const threads = lanesOf(trace.steps).lanes.map((l) => l.thread);
  const rc = renderRefcounts(
    trace.steps,
    threads,
    trace.marks.map((m) => m.pos),
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
