import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { checkFiles } from '../../src/commands/check-sync.ts';
import { renderRun } from '../../src/commands/run-output.ts';
import { ensureSite, startSite } from '../../src/commands/serve.ts';
import { parseLitmus } from '../../src/litmus/parse.ts';
import { formatReplay } from '../../src/litmus/replay-format.ts';
import { replaySource } from '../../src/litmus/replay-source.ts';
import { SITE_DIR } from '../../src/playground/build.ts';
import { runScript } from '../../src/script/runner.ts';
import { formatScriptError } from '../../src/script/errors.ts';
import { MAX_FRAGMENT } from '../../web/app/share.ts';
import { problems, withChromium } from '../_helpers/chromium.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const I1 = readFileSync(join(ROOT, 'litmus/I1-dmabuf-sync.litmus'), 'utf8');
const SCRIPT = 'fork-pipe-hup';
const SCRIPT_SRC = readFileSync(new URL(`../../examples/scripts/${SCRIPT}.script`, import.meta.url), 'utf8');

/** Ticks exactly these presets. */
async function pickVariants(page: Page, want: readonly string[]): Promise<void> {
  for (const box of await page.locator('#presets input[name=preset]').all()) {
    const v = (await box.getAttribute('value')) ?? '';
    if (want.includes(v)) await box.check();
    else await box.uncheck();
  }
}

/** Runs and waits for the results; returns the page's own time of the result (ms since navigation start). */
async function runAndWait(page: Page): Promise<number> {
  await page.locator('#run').click();
  return waitRun(page);
}

async function waitRun(page: Page): Promise<number> {
  await page.locator('body[data-run-done-at]').waitFor({ state: 'attached', timeout: 30_000 });
  return Number(await page.locator('body').getAttribute('data-run-done-at'));
}

/** The variants × outcomes matrix as text (header and rows), without the measured times. */
async function matrixText(page: Page): Promise<string> {
  const text = await page.locator('#vo-matrix').innerText();
  return text.replace(/\d+ ms/g, 'N ms');
}

test(
  'playground: I1 on v6.8 and v6.9 in the browser — use-after-free vs clean, timeline, share link, replay, script mode, EPM diagnostics, hostile links, no request off 127.0.0.1',
  { timeout: 120_000 },
  async (t) => {
    const built = await ensureSite();
    if (built !== '') t.diagnostic(built);
    const shots = mkdtempSync(join(tmpdir(), 'epoll-lab-playground-shots-'));
    t.diagnostic(`screenshots: ${shots}`);
    const site = await startSite(SITE_DIR, 0);
    try {
      await withChromium(async (ctx) => {
        const page = ctx.pages()[0] ?? (await ctx.newPage());
        const issues = problems(page, site.url);
        await page.goto(site.url);

        // Examples: I1 from the seed group, on v6.8 and v6.9.
        await page.locator('#examples').selectOption({ label: 'I1-dmabuf-sync' });
        assert.match((await page.locator('#example-doc').textContent()) ?? '', /epoll_wait polls a dma-buf/);
        await pickVariants(page, ['v6.8', 'v6.9']);
        const ms = await runAndWait(page);
        t.diagnostic(`I1 on v6.8 + v6.9: results ${ms} ms after the page started loading`);

        const head = page.locator('#vo-matrix thead th');
        const v68 = page.locator('#vo-matrix thead th[data-variant="v6.8"]');
        const v69 = page.locator('#vo-matrix thead th[data-variant="v6.9"]');
        assert.equal(await head.count(), 3);
        assert.match((await v68.textContent()) ?? '', /use-after-free/);
        assert.equal(await v68.getAttribute('class'), 'sev-violation');
        assert.match((await v69.textContent()) ?? '', /no bug/);
        assert.equal(await v69.getAttribute('class'), 'sev-clean');
        // The report's sections: v6.8 has the KASAN report, v6.9 none.
        const cell68 = page.locator('#results section.cell').nth(0);
        const uaf = cell68.locator('article.viol', { hasText: 'KASAN: use-after-free' }).first();
        assert.match((await uaf.locator('pre').textContent()) ?? '', /BUG: KASAN: slab-use-after-free in \w+\n/);
        assert.equal(await page.locator('#results section.cell').nth(1).locator('article.viol:not(.obs)').count(), 0);
        await page.screenshot({ path: join(shots, '1-editor.png') });
        const top = (await page.locator('#results').boundingBox())?.y ?? 0;
        const scrolled = Number(await page.evaluate('window.scrollY'));
        const clip = { x: 0, y: top + scrolled, width: 1360, height: 900 };
        await page.screenshot({ path: join(shots, '2-outcomes.png'), fullPage: true, clip });

        // The v6.8 timeline: the report's swimlanes and f_count plot.
        const tl = uaf.getByRole('link', { name: 'timeline' });
        const figId = ((await tl.getAttribute('href')) ?? '').slice(1);
        assert.match(figId, /^t0-v0-r\d+$/);
        await tl.click();
        const fig = page.locator(`#${figId}`);
        assert.ok(await fig.isVisible());
        assert.ok((await fig.locator('svg.timeline g.lane').count()) >= 2);
        assert.ok((await fig.locator('svg.refcounts g.rc').count()) >= 1);
        assert.ok((await fig.locator('svg.timeline path.mk-resurrect').count()) >= 1, 'the get on a zero count');
        assert.equal(new URL(page.url()).hash, '', 'the timeline link does not touch the fragment');
        await fig.screenshot({ path: join(shots, '3-v6.8-timeline.png') });

        // A chosen state's replay: the `replay --trace` table, as the CLI prints it.
        const row = page.locator('#vo-matrix tbody tr', { hasText: 'use-after-free' }).first();
        const token = (await row.locator('button.replay').first().getAttribute('data-token')) ?? '';
        await row.locator('button.replay').first().click();
        await page.locator('#replay:not([hidden])').waitFor();
        const r = replaySource(token, { file: 'playground.litmus', source: I1 }, true);
        assert.ok(r.ok);
        assert.equal(await page.locator('#replay-text').textContent(), formatReplay(r.replay));
        assert.ok((await page.locator('#replay-figure svg.timeline').count()) === 1);
        await page.locator('#replay').screenshot({ path: join(shots, '4-replay.png') });

        // "Share this replay": the link re-runs the test, then opens the same replay.
        await page.locator('#replay-share').click();
        const replayLink = await page.locator('#share-link').inputValue();
        const third = await ctx.newPage();
        const issues3 = problems(third, site.url);
        await third.goto(replayLink);
        await third.locator('#replay:not([hidden])').waitFor({ timeout: 30_000 });
        assert.equal(await third.locator('#replay-token').textContent(), token);
        assert.equal(await third.locator('#replay-text').textContent(), formatReplay(r.replay));
        await third.close();
        assert.deepEqual(issues3, []);
        await page.locator('#replay-close').click();

        // The CLI line and the share link.
        await page.locator('#cli').click();
        assert.match(
          (await page.locator('#cli-out').textContent()) ?? '',
          /npx epoll-lab check playground\.litmus --variant v6\.8,v6\.9 --mode dpor --timeout 30000\n$/,
        );
        await page.locator('#share').click();
        const link = await page.locator('#share-link').inputValue();
        assert.ok(link.startsWith(`${site.url}#s1:`), link);
        const before = await matrixText(page);

        // The link in a new page restores the test and re-runs it: the same results.
        const again = await ctx.newPage();
        const issues2 = problems(again, site.url);
        await again.goto(link);
        await waitRun(again);
        assert.equal(await matrixText(again), before);
        assert.equal(await again.locator('.cm-content').innerText(), await page.locator('.cm-content').innerText());

        // A syntax error: the parser's code at the edited line, in the list and underlined in the editor.
        const lines = I1.split('\n');
        const at = lines.findIndex((l) => l.includes('epoll_wait(ep, 8, 0)'));
        const broken = lines.map((l, i) => (i === at ? l.replace('0)', '0') : l)).join('\n');
        const p = parseLitmus(broken, { file: 'playground.litmus' });
        assert.ok(!p.ok);
        const want = p.errors[0];
        assert.ok(want !== undefined && want.line === at + 1, 'the parser places the error on the edited line');
        await again.locator('.cm-line').nth(at).click();
        await again.keyboard.press('End');
        await again.keyboard.press('Backspace');
        const diag = again.locator('#diagnostics li').first();
        await diag.waitFor();
        assert.equal(await diag.textContent(), formatScriptError(want));
        assert.equal(await diag.getAttribute('data-code'), want.code);
        assert.equal(await diag.getAttribute('data-line'), String(at + 1));
        await again.locator('.cm-lintRange-error').first().waitFor();
        assert.equal(await again.locator('.cm-gutter-lint .cm-lint-marker-error').count(), 1);
        await again.screenshot({ path: join(shots, '5-syntax-error.png') });
        await again.close();
        assert.deepEqual(issues2, []);

        // Script mode: the per-call results `epoll-lab run` prints.
        await page.locator('#examples').selectOption({ label: SCRIPT });
        assert.equal(await page.locator('#kind').inputValue(), 'script');
        await runAndWait(page);
        const run = runScript(SCRIPT_SRC, { file: 'playground.script', variant: 'v7.1' });
        assert.ok(run.ok);
        const out = renderRun(run, false);
        assert.equal(
          await page.locator('#script-out').textContent(),
          [...out.stdout.split('\n'), ...out.stderr.split('\n')].filter((l) => l !== '').join('\n'),
        );
        await page.screenshot({ path: join(shots, '6-script.png') });

        // Stop on: the exploration ends at the first use-after-free, as `check --stop-on violation=use-after-free`.
        await page.locator('#examples').selectOption({ label: 'I1-dmabuf-sync' });
        await pickVariants(page, ['v6.8']);
        await page.locator('#stop-on').selectOption('use-after-free');
        await runAndWait(page);
        const cli = checkFiles([join(ROOT, 'litmus/I1-dmabuf-sync.litmus')], {
          variant: 'v6.8',
          stopOn: 'violation=use-after-free',
          timeout: '30000',
        });
        const block = (await page.locator('details.herd pre').first().textContent()) ?? '';
        const firstLines = (t: string): string => t.split('\n').slice(0, 2).join('\n');
        assert.equal(firstLines(block), firstLines(cli.stdout));
        assert.match(firstLines(block), /stopped at the first use-after-free/);
        await page.locator('#stop-on').selectOption('');

        // Identical threads: the symmetry reduction runs as in `check` (the block says so, with check's count).
        await page.locator('#examples').selectOption({ label: 'oneshot-two-waiters' });
        await pickVariants(page, ['v7.1']);
        await runAndWait(page);
        const symBlock = (await page.locator('details.herd pre').first().textContent()) ?? '';
        const symCli = checkFiles([join(ROOT, 'litmus/oneshot-two-waiters.litmus')], { variant: 'v7.1' });
        const executions = (text: string): string =>
          (text.split('\n').find((l) => l.startsWith('Executions ')) ?? '').replace(/time \d+ ms/, '');
        assert.match(symBlock, /\nSymmetry P0=P1: one order of their first lock acquisition explored/);
        assert.equal(executions(symBlock), executions(symCli.stdout));

        // Stop: a long exploration streams progress and ends at once.
        await page.locator('#examples').selectOption({ label: 'I1-dmabuf-sync' });
        await page.locator('#mode').selectOption('naive');
        await pickVariants(page, ['v6.8', 'v6.9', 'v6.13', 'v7.1', 'brauner-nouser', 'dmabuf-active']);
        await page.locator('#run').click();
        await page.locator('#status', { hasText: 'executions' }).waitFor();
        // The page answers while the worker explores.
        const t0 = performance.now();
        await page.locator('#kind').focus();
        assert.ok(performance.now() - t0 < 1000, 'the page is responsive during a run');
        await page.locator('#stop').click();
        assert.equal(await page.locator('#status').textContent(), 'stopped');
        assert.equal(await page.locator('#run').isEnabled(), true);
        assert.deepEqual(issues, [], 'no console errors, CSP violations, dialogs, or requests off 127.0.0.1');
      });

      // Hostile links: a clear message in the page; no script runs, no element is injected, nothing hangs.
      await withChromium(async (ctx) => {
        const page = ctx.pages()[0] ?? (await ctx.newPage());
        const issues = problems(page, site.url);
        const cases: [string, RegExp][] = [
          ['s1:' + 'A'.repeat(MAX_FRAGMENT), /at most/],
          ['s1:%%%not-lz', /does not decompress|not JSON|wrong shape/],
          ['<img src=x onerror=alert(1)>', /not a playground link/],
        ];
        for (const [frag, msg] of cases) {
          await page.goto(`${site.url}#${frag}`);
          const err = page.locator('#page-error');
          await err.waitFor();
          assert.match((await err.textContent()) ?? '', msg);
        }
        // A well-formed link whose test and variants carry markup: the markup stays text.
        const { encodeShare } = await import('../../web/app/share.ts');
        const evil = '# </script><script>alert(1)</script><img src=x onerror=alert(2)>\n' + I1;
        const options = { mode: 'dpor', maxExecutions: null, timeoutMs: null, bound: null, stopOn: null };
        const frag = encodeShare({ kind: 'litmus', source: evil, variants: 'v6.9', options, replay: null });
        await page.goto(`${site.url}#${frag}`);
        await waitRun(page);
        assert.equal(await page.locator('#timeout').inputValue(), '30000', 'a run a link starts has a timeout');
        assert.equal(await page.locator('img').count(), 0);
        assert.equal(await page.locator('script').count(), 1);
        const badVariant = encodeShare({ kind: 'litmus', source: I1, variants: '<b>x</b>', options, replay: null });
        await page.goto(`${site.url}#${badVariant}`);
        assert.match((await page.locator('#page-error').textContent()) ?? '', /variant list is malformed/);
        assert.equal(await page.locator('b', { hasText: 'x' }).count(), 0);
        await page.screenshot({ path: join(shots, '7-hostile-link.png') });
        assert.deepEqual(issues, []);
      });
    } finally {
      await site.close();
    }
  },
);
