import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkLitmus, parseLitmus, readLitmusFile } from '../../src/litmus/index.ts';
import { groupTraces, markSite } from '../../src/report/groups.ts';
import type { ReportTrace } from '../../src/report/input.ts';
import { renderHtmlReport } from '../../src/report/render.ts';
import { litmusReport, naturalOrder, type LitmusReportEntry } from '../../src/report/litmus.ts';
import { isObservation } from '../../src/report/severity.ts';

const I1 = 'litmus/I1-dmabuf-sync.litmus';

function i1(): ReturnType<typeof litmusReport> {
  const p = parseLitmus(readLitmusFile(I1) as string, { file: I1 });
  assert.ok(p.ok);
  const c = checkLitmus(p.test, { variants: 'v6.8,v6.9,v6.13' });
  assert.ok(c.ok);
  return litmusReport('I1', [{ test: p.test, results: c.results }]);
}

/** The HTML of one cell section. */
function section(html: string, id: string): string {
  const from = html.indexOf(`<section class="cell`, html.indexOf(`id="${id}"`) - 40);
  return html.slice(from, html.indexOf('</section>', from));
}

test('I1 v6.8: one timeline per first finding, the other replays counted and listed with their anchors', () => {
  const input = i1();
  const cell = input.tests[0]?.cells.find((c) => c.variant === 'v6.8');
  assert.ok(cell);
  const groups = groupTraces(cell.traces);
  // Every replay of a group starts with the same finding: its first violation (kind, function, thread).
  for (const g of groups)
    for (const r of [g.shown, ...g.others]) {
      const tr: ReportTrace | undefined = cell.traces[r];
      assert.ok(tr);
      const first: ReportTrace['marks'][number] | undefined = [...tr.marks]
        .sort((a, b) => a.pos - b.pos)
        .find((m) => !isObservation(m.kind));
      if (first !== undefined) assert.equal(`first finding ${markSite(tr, first)}`, g.what);
    }
  const resurrection = groups.find((g) => g.what === 'first finding refcount-addition-on-0 in get_file (P0)');
  assert.ok(resurrection && resurrection.others.length >= 5, 'the use-after-free replays share the resurrection');
  const html = section(renderHtmlReport(input), 't0-v0');
  assert.equal((html.match(/<figure class="trace"/g) ?? []).length, groups.length);
  assert.ok(groups.length < cell.traces.length);
  const n = resurrection.others.length;
  assert.ok(
    html.includes(
      `${n} more replays like this (the same first finding refcount-addition-on-0 in get_file (P0); timeline above)`,
    ),
  );
  // Every timeline link of the cell lands on a drawn figure or a listed replay.
  for (const [, href] of html.matchAll(/href="#(t0-v0-r\d+)"/g)) assert.ok(html.includes(`id="${href}"`), href);
  assert.match(html, /then use-after-free in \w+ \(P[01]\)/, 'a listed replay says what it adds');
});

test('a finding drawn under one variant is linked, not drawn again, under the next', () => {
  const html = renderHtmlReport(i1());
  const v69 = section(html, 't0-v1');
  const v613 = section(html, 't0-v2');
  assert.equal((v69.match(/<figure class="trace"/g) ?? []).length, 1);
  assert.equal((v613.match(/<figure class="trace"/g) ?? []).length, 0);
  assert.match(
    v613,
    /1 replay with the same first finding event-dropped-dying-file in epi_fget \(P0\) as on v6\.9: <a href="#t0-v1-r0">timeline there<\/a>/,
  );
});

test('natural order of tests: I1, I2, I9, I10, then E1 before I1 (check --html)', () => {
  const names = ['I10-x', 'I2-y', 'I1-z', 'E1-a', 'I9-w', 'I1-a'];
  const entries = names.map((name) => ({ test: { name }, results: [] }) as unknown as LitmusReportEntry);
  assert.deepEqual(
    naturalOrder(entries).map((e) => e.test.name),
    ['E1-a', 'I1-a', 'I1-z', 'I2-y', 'I9-w', 'I10-x'],
  );
});
