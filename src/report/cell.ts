// HTML report: the details of one test under one variant — outcome table, condition, violations and their replays.
import { esc } from './escape.ts';
import type { ReportCell, ReportCondition, ReportExpectation } from './input.ts';
import { cellSeverity, isObservation, kindBadge, outcomeHasViolation, splitOutcome } from './severity.ts';
import { groupTraces, markSite } from './groups.ts';
import { renderTrace, tokenHtml } from './trace.ts';

/** Anchor ids, built from indices only (never from user text). */
export const ids = {
  test: (t: number): string => `t${t}`,
  cell: (t: number, c: number): string => `t${t}-v${c}`,
  violation: (t: number, c: number, v: number): string => `t${t}-v${c}-x${v}`,
  trace: (t: number, c: number, r: number): string => `t${t}-v${c}-r${r}`,
};

function outcomeHtml(outcome: string): string {
  const { base, kinds } = splitOutcome(outcome);
  return `<code>${esc(base)}</code>${kinds.map((k) => ` ${kindBadge(k, esc(k))}`).join('')}`;
}

function conditionHtml(c: ReportCondition): string {
  const verdict =
    c.ok === undefined
      ? `<strong>${esc(c.verdict)}</strong>`
      : `<span class="${c.ok ? 'ok' : 'fail'}">${esc(c.verdict)}${c.ok ? ' ✓' : ' ✗'}</span>`;
  const exp = c.expected === undefined ? '' : ` <span class="facts">(expected ${esc(c.expected)})</span>`;
  const detail = c.detail === undefined ? '' : `<div class="facts">${esc(c.detail)}</div>`;
  const bad = c.badLabel === undefined ? '' : ` · its states are bad: <strong>${esc(c.badLabel)}</strong>`;
  return `<div class="cond">condition <code>${esc(c.text)}</code>: ${verdict}${exp}${bad}${detail}</div>`;
}

/** The badge of an outcome the test declares bad: its `bad` label, or what the quantifier forbids. */
function badWord(c: ReportCondition | undefined): string {
  if (c?.badLabel !== undefined) return `bad: ${c.badLabel}`;
  if (c?.text.startsWith('~exists') === true) return 'bad: forbidden by ~exists';
  if (c?.text.startsWith('forall') === true) return 'bad: fails forall';
  return 'bad outcome';
}

const STATUS: Readonly<Record<ReportExpectation['status'], string>> = {
  pass: '<span class="ok">✓ pass</span>',
  fail: '<span class="fail">✗ fail</span>',
  unknown: '<span class="unk">? unknown</span>',
};

function expectationsHtml(es: readonly ReportExpectation[]): string {
  const li = es.map(
    (e) =>
      `<li>${STATUS[e.status]} <code>expect ${esc(e.text)}</code> <span class="facts">${esc(e.message)}</span></li>`,
  );
  return `<ul class="expect">${li.join('')}</ul>`;
}

/**
 * Timelines drawn so far in a test, by group key (the first finding's kind and site): a later cell whose replays
 * start with the same finding lists them and links there instead of drawing a near-identical timeline.
 */
export type DrawnTimelines = Map<
  string,
  { readonly href: string; readonly variant: string; readonly sites: ReadonlySet<string> }
>;

/** Replays not drawn: what each adds to the drawn one (`seen`: its findings), its outcome and its token. */
function listed(
  cell: ReportCell,
  rs: readonly number[],
  seen: ReadonlySet<string>,
  t: number,
  c: number,
  caption: (r: number) => string,
  summary: string,
  open: boolean,
): string {
  const items = rs.map((r) => {
    const tr = cell.traces[r];
    if (tr === undefined) return '';
    const extra = [...new Set(tr.marks.map((m) => markSite(tr, m)).filter((x) => !seen.has(x)))];
    const then = extra.length === 0 ? '' : ` · then ${esc(extra.join(', '))}`;
    return (
      `<li id="${ids.trace(t, c, r)}"><strong>${esc(caption(r))}</strong>${then} · ${tr.steps.length} steps` +
      ` <span class="badge info mono">${esc(tr.outcome)}</span> ${tokenHtml(tr.token)}</li>`
    );
  });
  return `<details class="more"${open ? ' open' : ''}><summary>${summary}</summary><ul>${items.join('')}</ul></details>`;
}

const replays = (n: number): string => `${n} replay${n === 1 ? '' : 's'}`;

/** The timelines of a cell: one per group of replays, unless an earlier cell of the test drew the group's finding. */
function timelines(
  cell: ReportCell,
  t: number,
  c: number,
  drawn: DrawnTimelines,
  caption: (r: number) => string,
): string[] {
  const out: string[] = [];
  for (const g of groupTraces(cell.traces)) {
    const prior = drawn.get(g.what);
    const what = esc(g.what);
    if (prior !== undefined) {
      const rs = [g.shown, ...g.others];
      const summary =
        `${replays(rs.length)} with the same ${what} as on ${esc(prior.variant)}: ` +
        `<a href="${prior.href}">timeline there</a>`;
      out.push(listed(cell, rs, prior.sites, t, c, caption, summary, true));
      continue;
    }
    const tr = cell.traces[g.shown];
    if (tr === undefined) continue;
    out.push(renderTrace(tr, ids.trace(t, c, g.shown), caption(g.shown)));
    const sites = new Set(tr.marks.map((m) => markSite(tr, m)));
    drawn.set(g.what, { href: `#${ids.trace(t, c, g.shown)}`, variant: cell.variant, sites });
    if (g.others.length > 0) {
      const n = g.others.length;
      const summary = `${n} more replay${n === 1 ? '' : 's'} like this (the same ${what}; timeline above)`;
      out.push(listed(cell, g.others, sites, t, c, caption, summary, false));
    }
  }
  return out;
}

/** The section of cell `c` of test `t`; `testName` is repeated in its heading. */
/** `incomplete`: the test's variants whose exploration stopped early (an outcome missing there is only unseen). */
export function renderCell(
  cell: ReportCell,
  t: number,
  c: number,
  testName: string,
  incomplete: ReadonlySet<string> = new Set(),
  drawn: DrawnTimelines = new Map(),
): string {
  const sev = cellSeverity(cell);
  const out: string[] = [];
  out.push(`<section class="cell sev-${sev}" id="${ids.cell(t, c)}">`);
  out.push(
    `<header><h3>${esc(cell.variant)}</h3><span class="facts">${esc(testName)}</span>` +
      `<span class="facts">${esc(cell.mode)} · ${cell.executions} executions · ${esc(cell.ending)}` +
      `${cell.complete ? '' : ' · <strong>incomplete</strong>: absence of findings not proven'}` +
      `${cell.timing === undefined ? '' : ` · ${esc(cell.timing)}`}</span></header>`,
  );
  if (cell.condition !== undefined) out.push(conditionHtml(cell.condition));
  if (cell.expectations.length > 0) out.push(expectationsHtml(cell.expectations));
  if (cell.errors.length > 0)
    out.push(`<div class="errors">${cell.errors.map((e) => `<div>${esc(e)}</div>`).join('')}</div>`);

  const total = cell.outcomes.reduce((a, o) => a + o.count, 0);
  out.push(
    `<table class="outcomes"><thead><tr><th>outcome</th><th>executions</th><th></th><th>replay token</th></tr></thead><tbody>`,
  );
  for (const o of cell.outcomes) {
    const viol = outcomeHasViolation(o.outcome);
    const cls = viol ? ' class="is-viol"' : o.bad ? ' class="is-bad"' : o.matches === true ? ' class="is-match"' : '';
    const flags: string[] = [];
    if (o.bad) flags.push(`<span class="badge bad">${esc(badWord(cell.condition))}</span>`);
    else if (o.matches === true) flags.push('<span class="badge match">matches the condition</span>');
    if (o.missingIn.length > 0) {
      const names = o.missingIn.map((v) => (incomplete.has(v) ? `${esc(v)} (incomplete)` : esc(v)));
      flags.push(`<span class="badge only">not in ${names.join(', ')}</span>`);
    }
    if (o.trace !== null) flags.push(`<a href="#${ids.trace(t, c, o.trace)}">timeline</a>`);
    out.push(
      `<tr${cls}><td>${outcomeHtml(o.outcome)}</td><td class="num">${o.count}/${total}</td><td>${flags.join(' ')}</td>` +
        `<td>${tokenHtml(o.token)}</td></tr>`,
    );
  }
  out.push('</tbody></table>');

  cell.violations.forEach((v, i) => {
    const link = v.trace === null ? '' : ` · <a href="#${ids.trace(t, c, v.trace)}">timeline</a>`;
    out.push(
      `<article class="viol${isObservation(v.kind) ? ' obs' : ''}" id="${ids.violation(t, c, i)}">` +
        `<h4>${kindBadge(v.kind, esc(v.kind))} ${esc(v.title)}</h4>` +
        `<div class="facts">by ${esc(v.thread)}${link} · token ${tokenHtml(v.token)}</div>` +
        `<details${i === 0 ? ' open' : ''}><summary>kernel-style report</summary><pre>${esc(v.report)}</pre></details></article>`,
    );
  });

  const caption = (r: number): string => {
    const vs = cell.violations.filter((v) => v.trace === r).map((v) => v.kind);
    const os = cell.outcomes.filter((o) => o.trace === r && o.missingIn.length > 0);
    return vs.length > 0
      ? `replay ${r + 1}: ${[...new Set(vs)].join(', ')}`
      : `replay ${r + 1}: outcome not in ${[...new Set(os.flatMap((o) => o.missingIn))].join(', ')}`;
  };
  out.push(...timelines(cell, t, c, drawn, caption));
  out.push('</section>');
  return out.join('');
}
