// Bench: the playground — its bundle sizes against the budget and the first run of I1 after load (measured, not
// asserted).
//
//   node --import tsx bench/playground.ts [REPS]
//
// Builds site/ when stale, serves it on 127.0.0.1, and REPS times (default 3) opens a share link of I1-dmabuf-sync on
// v6.8 and v6.9 in a fresh headless-chromium page: the link re-runs the test on load. Reports the medians of the
// time from navigation start to the results on screen, and of the worker's own time (exploration + report HTML).
// Prints a line per figure, then one JSON line ({ scriptBytes, budgetBytes, firstRunMs, workerMs }).
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { ensureSite, startSite } from '../src/commands/serve.ts';
import { buildSite, BUNDLE_BUDGET, SITE_DIR } from '../src/playground/build.ts';
import { encodeShare } from '../web/app/share.ts';
import { CHROMIUM, CHROMIUM_FLAGS } from '../test/_helpers/chromium.ts';
import { median } from './measure.ts';

const I1 = readFileSync(new URL('../litmus/I1-dmabuf-sync.litmus', import.meta.url), 'utf8');

const reps = Number(process.argv[2] ?? 3);
await ensureSite();
const sizes = await buildSite(SITE_DIR);
const site = await startSite(SITE_DIR, 0);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
const options = { mode: 'dpor', maxExecutions: null, timeoutMs: 30_000, bound: null, stopOn: null };
const link = `${site.url}#${encodeShare({ kind: 'litmus', source: I1, variants: 'v6.8,v6.9', options, replay: null })}`;
const firsts: number[] = [];
const workers: number[] = [];
/** Page marks (ms since navigation start): the run posted to the worker, its results received, then on screen. */
const marks: Record<string, number[]> = {};
try {
  for (let i = 0; i < reps; i++) {
    const page = await browser.newPage();
    await page.goto(link);
    await page.locator('body[data-run-done-at]').waitFor({ state: 'attached', timeout: 60_000 });
    firsts.push(Number(await page.locator('body').getAttribute('data-run-done-at')));
    const status = (await page.locator('#status').textContent()) ?? '';
    workers.push(Number(/in (\d+) ms/.exec(status)?.[1] ?? NaN));
    const got = (await page.evaluate("performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])")) as [
      string,
      number,
    ][];
    for (const [name, at] of got) (marks[name] ??= []).push(at);
    await page.close();
  }
} finally {
  await browser.close();
  await site.close();
}
const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
const first = median(firsts);
const worker = median(workers);
console.log(`bundle: app.js ${kib(sizes.sizes['app.js'] ?? 0)} + worker.js ${kib(sizes.sizes['worker.js'] ?? 0)}`);
console.log(
  `bundle: ${kib(sizes.scriptBytes)} minified before gzip (budget ${kib(BUNDLE_BUDGET)}): ${sizes.scriptBytes <= BUNDLE_BUDGET ? 'met' : 'NOT met'}`,
);
console.log(
  `first run of I1 (v6.8 + v6.9) after load: ${Math.round(first)} ms (target 2000 ms: ${first <= 2000 ? 'met' : 'NOT met'}); worker ${Math.round(worker)} ms; median of ${reps}`,
);
for (const [name, at] of Object.entries(marks)) console.log(`  ${name}: ${Math.round(median(at))} ms after load`);
console.log(
  JSON.stringify({ scriptBytes: sizes.scriptBytes, budgetBytes: BUNDLE_BUDGET, firstRunMs: first, workerMs: worker }),
);
