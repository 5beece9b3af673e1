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

/** Short names of the kinds in matrix cells (the tooltip has the full ones). */
const SHORT: Readonly<Record<string, string>> = {
  'use-after-free': 'UAF',
  'refcount-addition-on-0': 'refcount 0→1',
  'refcount-underflow': 'refcount underflow',
  'double-fput': 'double fput',
  'bug-on': 'BUG',
  'lock-order': 'lock order',
  'hung-task': 'hung task',
};

const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;

/** The cell's text and its tooltip. */
function cellLabel(c: ReportCell, sev: Severity): readonly [string, string] {
  const bugs = [...kindsOf(c)].filter((k) => !isObservation(k)).sort();
  let head: string;
  if (sev === 'violation') head = `✗ ${bugs.map((k) => SHORT[k] ?? k).join(', ')}`;
  else if (sev === 'bad') {
    const n = c.outcomes.filter((o) => o.bad).length;
    const failed = c.expectations.filter((e) => e.status === 'fail').length;
    const what = c.condition?.badLabel;
    head =
      n > 0
        ? `! ${what === undefined ? plural(n, 'bad outcome') : `${what}${n > 1 ? ` (${n} outcomes)` : ''}`}`
        : `! ${plural(failed, 'failed expectation')}`;
  } else if (sev === 'clean') head = '✓ clean';
  else head = `⚠ ${WORD[sev]}`;
  const facts = [plural(c.outcomes.length, 'outcome')];
  if (c.condition !== undefined) facts.unshift(c.condition.summary ?? c.condition.verdict);
  if (!c.complete) facts.push('incomplete');
  const obs = [...kindsOf(c)].filter(isObservation);
  const title = [...bugs, `${c.executions} executions`, ...obs.map((k) => `observed ${k}`)].join('; ');
  const html =
    `<span class="v">${esc(head)}</span><span class="n">${esc(facts.join(' · '))}` +
    `${obs.length > 0 ? ' · <span class="badge obs">obs</span>' : ''}</span>`;
  return [html, title];
}

/** What the condition words in the cells mean (herd7's terms), shown under the matrix when a test has a condition. */
const HERD7 =
  '<p class="facts herd7">Conditions (herd7\'s terms): <b>Never</b>, <b>Sometimes</b>, <b>Always</b> say whether ' +
  "no final state, some but not all, or every final state satisfies the condition's proposition; <b>Ok</b>/<b>No</b> " +
  'whether the condition holds with its quantifier (<code>exists</code>: Sometimes or Always; <code>~exists</code>: ' +
  'Never; <code>forall</code>: Always); the two numbers count the distinct final states that do and do not satisfy it. ' +
  'A condition is a question: only violations, failed expectations and the outcomes a test declares bad ' +
  '(<code>~exists</code>, <code>forall</code>, or a <code>bad</code> line) are coloured.</p>';

/** The matrix; a test that did not run under a variant shows a dash. */
export function renderMatrix(input: ReportInput): string {
  const docs = new Map(input.variantDocs);
  const head = input.variants
    .map((v) => {
      const d = docs.get(v);
      return `<th scope="col"${d === undefined ? '' : ` title="${esc(d)}"`}>${esc(v).replaceAll(',', ',<wbr>')}</th>`;
    })
    .join('');
  const rows = input.tests.map((t, ti) => {
    const cells = input.variants.map((v) => {
      const ci = t.cells.findIndex((c) => c.variant === v);
      const c = t.cells[ci];
      if (c === undefined) return '<td class="none">—</td>';
      const sev = cellSeverity(c);
      const [html, title] = cellLabel(c, sev);
      return `<td class="sev-${sev}" data-severity="${sev}"><a href="#${ids.cell(ti, ci)}" title="${esc(title)}">${html}</a></td>`;
    });
    return `<tr><th scope="row"><a href="#${ids.test(ti)}">${esc(t.name)}</a></th>${cells.join('')}</tr>`;
  });
  const notes = input.variantDocs.map(([v, d]) => `<dt>${esc(v)}</dt><dd>${esc(d)}</dd>`).join('');
  const herd = input.tests.some((t) => t.cells.some((c) => c.condition !== undefined)) ? HERD7 : '';
  return (
    `<div class="matrix-wrap"><table class="matrix" id="matrix"><thead><tr><th>test</th>${head}</tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div>${herd}` +
    (notes === ''
      ? ''
      : `<details class="vdocs" open><summary>what the variants model</summary><dl>${notes}</dl></details>`)
  );
}
