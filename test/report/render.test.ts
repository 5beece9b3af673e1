import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { explore } from '../../src/explore/index.ts';
import { buildReport, renderHtmlReport } from '../../src/report/index.ts';
import { esc } from '../../src/report/escape.ts';
import { fileRace } from '../explore/filerace.ts';
import { HOSTILE, hostileReport } from './hostile.ts';
import { toyFileRace } from './toyfile.ts';

const GOLDEN = new URL('./golden/toyfile.html.golden', import.meta.url);

/** The golden report: the toy file race (test/report/toyfile.ts) on a variant without and one with the pin. */
function toyReport(): string {
  const runs = ['v6.8', 'v6.9'].map((v) => {
    const scenario = toyFileRace(v);
    // Naive DFS: its order (hence the tokens) is canonical, whatever DPOR's implementation does.
    return {
      scenario,
      result: explore(scenario, { mode: 'naive' }),
      bad: (o: string) => o.includes('P0=pinned P1=void'),
    };
  });
  return renderHtmlReport(
    buildReport('toy file race', [{ name: 'toy file race: toy_poll vs toy_close', description: 'golden', runs }]),
  );
}

function fileRaceReport(): string {
  const runs = ['v6.8', 'v6.13'].map((v) => {
    const scenario = fileRace(v);
    return { scenario, result: explore(scenario) };
  });
  return renderHtmlReport(buildReport('file race', [{ name: 'file race: fput vs get_file', runs }]));
}

test('golden: the report of the toy file race (v6.8 vs v6.9) is byte-identical to the reviewed file', () => {
  const html = toyReport();
  assert.equal(toyReport(), html, 'two renderings differ: the output is not deterministic');
  if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(GOLDEN)) {
    mkdirSync(new URL('./golden/', import.meta.url), { recursive: true });
    writeFileSync(GOLDEN, html);
    assert.ok(process.env['UPDATE_GOLDEN'] === '1', 'golden file was missing: written, review and commit it');
  }
  const want = readFileSync(GOLDEN, 'utf8');
  if (html === want) return;
  let i = 0;
  while (i < html.length && html[i] === want[i]) i++;
  const line = html.slice(0, i).split('\n').length;
  const ctx = (s: string): string => s.slice(Math.max(0, i - 80), i + 160);
  assert.fail(
    `report changed at line ${line} (review, then UPDATE_GOLDEN=1 to accept):\n+ ${ctx(html)}\n- ${ctx(want)}`,
  );
});

test('the page is self-contained: no external URL, one inline style and one inline script pinned by CSP hashes', () => {
  const html = fileRaceReport();
  assert.doesNotMatch(html, /\b(src|href)="(?!#)/, 'only in-page links');
  assert.doesNotMatch(html, /https?:\/\/(?!www\.w3\.org\/2000\/svg")/, 'no URL other than the SVG namespace');
  assert.doesNotMatch(html, /@import|url\(|@font-face/);
  assert.equal(html.match(/<script\b/g)?.length, 1);
  assert.equal(html.match(/<style\b/g)?.length, 1);
  assert.match(
    html,
    /Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; script-src 'sha256-/,
  );
  assert.doesNotMatch(html, /\d{4}-\d\d-\d\dT\d\d:\d\d/, 'no timestamps');
});

test('escaping: hostile test names, thread names, outcomes, conditions and sources cannot inject markup or script', () => {
  const html = renderHtmlReport(hostileReport());
  for (const h of HOSTILE) {
    assert.ok(!html.includes(h), `raw ${h}`);
    assert.ok(html.includes(esc(h)), `escaped ${h} is shown`);
  }
  assert.equal(html.match(/<script\b/gi)?.length, 1, 'only the report script');
  assert.equal(html.match(/<\/script/gi)?.length, 1);
  assert.equal(html.match(/<\/style/gi)?.length, 1);
  assert.equal(html.match(/<title\b/gi)?.length, html.match(/<\/title>/gi)?.length);
  assert.doesNotMatch(html, /<(img|iframe|textarea)\b/i);
  assert.doesNotMatch(html, /<svg[^>]*onload/i);
  for (const [tag] of html.matchAll(/<[a-zA-Z][^>]*>/g)) {
    const names = tag.replace(/"[^"]*"/g, '""');
    assert.doesNotMatch(names, /\son[a-z]+=/i, `event handler attribute in ${tag}`);
    assert.doesNotMatch(names, /'/, `stray quote in ${tag}`);
  }
  assert.doesNotMatch(html, /href="javascript:/i);
  assert.doesNotMatch(html, /<!--/);
  // Every attribute value is closed where the report closes it: no quote from user text survives.
  for (const [, v] of html.matchAll(/\s[a-z-]+="([^"]*)"/g)) assert.doesNotMatch(v ?? '', /[<>]/);
});

test('esc: markup characters become entities; control characters are replaced', () => {
  assert.equal(
    esc(`<a href="x" title='y'>&amp;</a>`),
    '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
  );
  assert.equal(esc('a\u0000b\u001bc\td\ne'), 'a\ufffdb\ufffdc\td\ne');
});
