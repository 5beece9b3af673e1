// HTML report: the outcome-set diff of a test between the compared variant pairs (only in A, only in B, both).
import { esc } from './escape.ts';
import type { ReportTest } from './input.ts';
import { kindBadge, splitOutcome } from './severity.ts';

function list(os: readonly string[]): string {
  if (os.length === 0) return '<span class="facts">none</span>';
  const li = os.map((o) => {
    const { base, kinds } = splitOutcome(o);
    return `<li><code>${esc(base)}</code>${kinds.map((k) => ` ${kindBadge(k, esc(k))}`).join('')}</li>`;
  });
  return `<ul>${li.join('')}</ul>`;
}

/** The diff table of a test; empty when no pair was compared. */
export function renderDiff(t: ReportTest): string {
  if (t.pairs.length === 0) return '';
  const rows = t.pairs.map(([a, b]) => {
    const ca = t.cells.find((c) => c.variant === a);
    const cb = t.cells.find((c) => c.variant === b);
    const onlyA = ca?.outcomes.filter((o) => o.missingIn.includes(b)).map((o) => o.outcome) ?? [];
    const onlyB = cb?.outcomes.filter((o) => o.missingIn.includes(a)).map((o) => o.outcome) ?? [];
    const both = (ca?.outcomes.length ?? 0) - onlyA.length;
    return (
      `<tr><th scope="row"><code>${esc(a)}</code> → <code>${esc(b)}</code></th>` +
      `<td>${list(onlyA)}</td><td>${list(onlyB)}</td><td>${both}</td></tr>`
    );
  });
  return (
    `<table class="diff"><thead><tr><th>variants</th><th>only in the first (removed)</th>` +
    `<th>only in the second (added)</th><th>in both</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}
