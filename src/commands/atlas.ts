// `epoll-lab atlas`: the bug x version matrix — every known epoll lifetime bug the model can express, explored on
// every version preset, against what the version table says each release has.
import { agrees, runAtlas, type AtlasCell, type AtlasRow } from '../atlas/atlas.ts';
import { changeOf, INEXPRESSIBLE_BUGS } from '../atlas/bugs.ts';
import { litmusFileReport } from '../report/litmus-file.ts';
import { writeHtmlReport } from '../report/write.ts';
import { lines, output, type CommandOutput } from './output.ts';

function mark(c: AtlasCell | undefined): string {
  if (c === undefined) return '?';
  const what = c.reproduced ? 'BUG' : '-';
  return agrees(c) ? what : `${what}!`;
}

/** The matrix: one line per version, one column per bug. */
export function atlasTable(rows: readonly AtlasRow[]): string[] {
  const variants = rows[0]?.cells.map((c) => c.variant) ?? [];
  const w = Math.max(8, ...variants.map((v) => v.length + 2));
  const col = 6;
  const out = [`${'release'.padEnd(w)}${rows.map((r) => r.bug.id.padEnd(col)).join('')}`];
  for (const v of variants) {
    out.push(`${v.padEnd(w)}${rows.map((r) => mark(r.cells.find((c) => c.variant === v)).padEnd(col)).join('')}`);
  }
  return out;
}

function bugLines(r: AtlasRow): string[] {
  const fix = changeOf(r.bug.fixedBy);
  const intro = r.bug.introducedBy === null ? undefined : changeOf(r.bug.introducedBy);
  const since = intro === undefined ? '' : `introduced by ${intro.commit} (${intro.release}), `;
  const fixed =
    fix === undefined
      ? 'no fix modelled'
      : `fixed by ${fix.commit} (${fix.release}${fix.stable.length > 0 ? `; stable ${fix.stable.join(', ')}` : ''})`;
  const out = [
    `${r.bug.id} ${r.bug.title}${r.bug.cve !== null ? ` [${r.bug.cve}]` : ''}`,
    `  ${since}${fixed}; litmus/bugs/${r.bug.litmus}`,
  ];
  for (const c of r.cells) if (c.token !== null) out.push(`  ${c.variant.padEnd(10)} epoll-lab replay ${c.token}`);
  return out;
}

/** Writes the HTML report of the atlas (bugs x releases, with timelines of every violation); a line to print. */
function writeAtlasHtml(file: string, rows: readonly AtlasRow[]): { line: string; error: string | null } {
  const input = litmusFileReport(
    'epoll-lab atlas: known epoll lifetime bugs x kernel releases',
    rows.map((r) => ({ file: r.file, results: r.results })),
    'Each bug of epoll-bug-history.md the model can express (litmus/bugs/), explored on every version preset',
  );
  const w = writeHtmlReport(file, input);
  return w.ok ? { line: `HTML report: ${w.file} (${w.bytes} bytes)`, error: null } : { line: '', error: w.message };
}

/** Runs the atlas; exit 1 when a cell disagrees with the version table or a litmus expectation fails. */
export function runAtlasCommand(
  opts: { readonly variants?: readonly string[]; readonly html?: string } = {},
): CommandOutput {
  const t0 = performance.now();
  const a = runAtlas(opts.variants === undefined ? {} : { variants: opts.variants });
  if (!a.ok) return output('', lines([`epoll-lab: ${a.message}`]), 2);
  const cells = a.rows.flatMap((r) => r.cells);
  const bad = a.rows.flatMap((r) =>
    r.cells
      .filter((c) => !agrees(c))
      .map(
        (c) =>
          `${r.bug.id} on ${c.variant}: ${c.reproduced ? 'reproduced' : 'clean'}, the version table says ${c.expected ? 'affected' : 'not affected'}${c.complete ? '' : ' (exploration not exhaustive)'}`,
      ),
  );
  const failed = a.rows.flatMap((r) => r.failedExpectations);
  const execs = cells.reduce((n, c) => n + c.executions, 0);
  const out = [
    'Bug atlas: each known epoll lifetime bug (epoll-bug-history.md) as a litmus test, explored exhaustively on every',
    'version preset. BUG = reproduced (its condition holds in some execution), - = clean, ! = disagrees with the',
    'version table (history.ts).',
    ...atlasTable(a.rows),
    '',
    ...a.rows.flatMap(bugLines),
    '',
    'Not in the atlas:',
    ...INEXPRESSIBLE_BUGS.map((b) => `  ${b.id.padEnd(4)} ${b.title}: ${b.reason}`),
    '',
    `${a.rows.length} bugs x ${a.rows[0]?.cells.length ?? 0} releases: ${cells.length - bad.length} cells agree with the version table, ${bad.length} disagree; ${execs} executions, ${((performance.now() - t0) / 1000).toFixed(1)} s.`,
  ];
  const err = [...bad, ...failed.map((f) => `expectation failed: ${f}`)];
  if (opts.html !== undefined) {
    const w = writeAtlasHtml(opts.html, a.rows);
    if (w.error !== null) return output(lines(out), lines([...err, `epoll-lab: ${w.error}`]), 2);
    out.push(w.line);
  }
  return output(lines(out), lines(err), err.length > 0 ? 1 : 0);
}
