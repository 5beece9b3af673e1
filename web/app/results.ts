// Playground: the results — variants × outcomes matrix, herd7-style blocks, and the report's diff and sections.
import { esc } from '../../src/report/escape.ts';
import { isObservation, kindBadge, splitOutcome } from '../../src/report/severity.ts';
import type { Response, VariantSummary } from '../protocol.ts';

type Checked = Response & { type: 'checked' };

function verdictCell(s: VariantSummary): string {
  const bugs = s.kinds.filter((k) => !isObservation(k));
  const head = bugs.length > 0 ? `✗ ${bugs.join(', ')}` : '✓ no bug';
  const verdict = s.verdict === null ? '' : `<div class="facts">${esc(s.verdict)}</div>`;
  const facts = `${s.executions} executions${s.complete ? '' : ' · incomplete'} · ${Math.round(s.ms)} ms`;
  return `<th scope="col" data-variant="${esc(s.variant)}" class="sev-${bugs.length > 0 ? 'violation' : 'clean'}">${esc(s.variant)}<div>${esc(head)}</div>${verdict}<div class="facts">${esc(facts)}</div></th>`;
}

/**
 * One row per distinct final state (with its violation kinds), one column per variant: the count of executions
 * reaching it there, and a button replaying the first of them (its timeline and step list).
 */
export function outcomeMatrix(summaries: readonly VariantSummary[]): string {
  const all = [...new Set(summaries.flatMap((s) => s.outcomes.map((o) => o.outcome)))].sort();
  const rows = all.map((outcome) => {
    const { base, kinds } = splitOutcome(outcome);
    const viol = kinds.some((k) => !isObservation(k));
    const cells = summaries.map((s) => {
      const o = s.outcomes.find((x) => x.outcome === outcome);
      if (o === undefined) return '<td class="none">—</td>';
      return (
        `<td class="num${viol ? ' viol' : ''}">${o.count} ` +
        `<button type="button" class="replay" data-token="${esc(o.token)}" title="replay this execution">replay</button></td>`
      );
    });
    const badges = kinds.map((k) => ` ${kindBadge(k, esc(k))}`).join('');
    return `<tr><th scope="row"><code>${esc(base)}</code>${badges}</th>${cells.join('')}</tr>`;
  });
  return (
    `<table class="vo" id="vo-matrix"><thead><tr><th>final state</th>${summaries.map(verdictCell).join('')}</tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

function herd(summaries: readonly VariantSummary[]): string {
  return summaries
    .map(
      (s) =>
        `<details class="herd" data-variant="${esc(s.variant)}"><summary>${esc(s.variant)}: herd7-style output</summary><pre>${esc(s.text)}</pre></details>`,
    )
    .join('');
}

/** The whole results section of a litmus run. */
export function renderChecked(m: Checked): string {
  return (
    `<h2>Outcomes per variant</h2>${outcomeMatrix(m.summaries)}` +
    `<p class="facts">explored in ${Math.round(m.ms)} ms</p>${herd(m.summaries)}` +
    (m.diffHtml === '' ? '' : `<h2>Diffs between neighbouring variants</h2>${m.diffHtml}`) +
    `<h2>Details per variant</h2>${m.cellsHtml.join('')}`
  );
}

/** The per-call results of a script run. */
export function renderScript(m: Response & { type: 'script-ran' }): string {
  return `<h2>Script results (${esc(m.end)})</h2><pre id="script-out">${esc(m.lines.join('\n'))}</pre>`;
}
