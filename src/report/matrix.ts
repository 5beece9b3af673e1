// HTML report: the summary matrix (tests × variants, coloured by each cell's worst finding, linking to the details).
import { ids } from './cell.ts';
import { esc } from './escape.ts';
import type { ReportCell, ReportInput, Severity } from './input.ts';
import { cellSeverity, isObservation, splitOutcome } from './severity.ts';

const WORD: Readonly<Record<Severity, string>> = {
  error: 'model error',
  violation: 'violation',
  bad: 'bad outcome',
  clean: 'clean',
};

function kindsOf(c: ReportCell): Set<string> {
  return new Set([...c.violations.map((v) => v.kind), ...c.outcomes.flatMap((o) => splitOutcome(o.outcome).kinds)]);
}

function cellLabel(c: ReportCell, sev: Severity): string {
  let head: string = WORD[sev];
  if (sev === 'violation') {
    head = `✗ ${[...kindsOf(c)]
      .filter((k) => !isObservation(k))
      .sort()
      .join(', ')}`;
  } else if (sev === 'bad') head = `! ${c.outcomes.filter((o) => o.bad).length} bad outcome(s)`;
  else if (sev === 'clean') head = '✓ clean';
  else head = `⚠ ${WORD[sev]}`;
  const facts = [`${c.outcomes.length} outcomes`, `${c.executions} exec`];
  if (c.condition !== undefined) facts.unshift(c.condition.verdict);
  if (!c.complete) facts.push('incomplete');
  const obs = [...kindsOf(c)].filter(isObservation).sort();
  if (obs.length > 0) facts.push(`observed ${obs.join(', ')}`);
  return `<span class="v">${esc(head)}</span><span class="n">${esc(facts.join(' · '))}</span>`;
}

/** The matrix; a test that did not run under a variant shows a dash. */
export function renderMatrix(input: ReportInput): string {
  const head = input.variants.map((v) => `<th scope="col">${esc(v)}</th>`).join('');
  const rows = input.tests.map((t, ti) => {
    const cells = input.variants.map((v) => {
      const ci = t.cells.findIndex((c) => c.variant === v);
      const c = t.cells[ci];
      if (c === undefined) return '<td class="none">—</td>';
      const sev = cellSeverity(c);
      return `<td class="sev-${sev}" data-severity="${sev}"><a href="#${ids.cell(ti, ci)}">${cellLabel(c, sev)}</a></td>`;
    });
    return `<tr><th scope="row"><a href="#${ids.test(ti)}">${esc(t.name)}</a></th>${cells.join('')}</tr>`;
  });
  return `<table class="matrix" id="matrix"><thead><tr><th>test</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
