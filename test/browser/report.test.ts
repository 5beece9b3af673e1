import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { cellSeverity, writeHtmlReport } from '../../src/report/index.ts';
import { hostileReport, HOSTILE } from '../report/hostile.ts';
import { seedEntries } from '../../src/litmus/corpus.ts';
import { FIXTURE_VARIANTS, scenarioReport, seedReport } from '../report/fixtures.ts';
import { problems, requireChromium, withChromium } from '../_helpers/chromium.ts';
import { groupTraces } from '../../src/report/groups.ts';
import type { Locator } from 'playwright-core';

/** The browser's getComputedStyle (the test is typechecked without the DOM library). */
interface Styles {
  getComputedStyle(e: unknown): { readonly backgroundColor: string };
}

/** The document, as far as these tests read it (typechecked without the DOM library). */
interface Doc {
  readonly document: {
    readonly documentElement: { readonly scrollWidth: number };
    querySelector(s: string): { readonly scrollWidth: number; readonly clientWidth: number } | null;
  };
}

const OUT = new URL('../../test-output/browser/', import.meta.url);

/** Lays out a section whole (test sections and figures skip the layout of what is off screen) for a screenshot. */
async function showAll(l: Locator): Promise<void> {
  await l.evaluate((e) => {
    type El = { querySelectorAll(s: string): Iterable<{ style: { contentVisibility: string } }> };
    for (const x of (e as unknown as El).querySelectorAll('figure.trace')) x.style.contentVisibility = 'visible';
  });
}

test(
  'browser: the scenario report shows the matrix, one timeline SVG, and clicks through to a violation',
  { timeout: 180_000 },
  async () => {
    requireChromium();
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT.pathname, 'report.html');
    const input = scenarioReport();
    const w = writeHtmlReport(file, input);
    assert.ok(w.ok, w.ok ? '' : w.message);
    await withChromium(async (ctx) => {
      const page = ctx.pages()[0] ?? (await ctx.newPage());
      const issues = problems(page, 'file:');
      await page.goto(pathToFileURL(file).href);

      // Matrix: tests × variants, coloured by worst finding.
      const rows = page.locator('#matrix tbody tr');
      assert.equal(await rows.count(), 4);
      assert.deepEqual(await page.locator('#matrix thead th').allTextContents(), ['test', ...FIXTURE_VARIANTS]);
      const sev = async (r: number, c: number): Promise<string | null> =>
        rows.nth(r).locator('td').nth(c).getAttribute('data-severity');
      assert.equal(await sev(0, 0), 'violation', 'I1 under v6.8: the dma-buf resurrection');
      assert.equal(await sev(0, 1), 'clean', 'I1 under v6.9: fixed by the inc-not-zero pin');
      assert.equal(await sev(2, 1), 'bad', 'I4 under v6.9: spurious EBUSY');
      assert.equal(await sev(3, 3), 'clean', 'I9 under v7.1: fixed by the ep_remove pin');
      const bg = async (r: number, c: number): Promise<string> =>
        rows
          .nth(r)
          .locator('td')
          .nth(c)
          .evaluate((e) => (globalThis as unknown as Styles).getComputedStyle(e).backgroundColor);
      // Every cell shows the severity of its data, and each severity has its own colour.
      const colourOf = new Map<string, Set<string>>();
      for (const [r, t] of input.tests.entries())
        for (const [c, v] of FIXTURE_VARIANTS.entries()) {
          const cell = t.cells.find((x) => x.variant === v);
          assert.ok(cell);
          const want = cellSeverity(cell);
          assert.equal(await sev(r, c), want, `${t.name} under ${v}`);
          const set = colourOf.get(want) ?? new Set<string>();
          set.add(String(await bg(r, c)));
          colourOf.set(want, set);
        }
      const all = [...colourOf.values()];
      assert.ok(
        all.every((s) => s.size === 1),
        'one colour per severity',
      );
      assert.equal(new Set(all.map((s) => [...s][0])).size, all.length, 'distinct colours');

      // Click through: matrix cell -> cell details -> the violation's timeline.
      await rows.nth(0).locator('td').nth(0).locator('a').click();
      assert.ok(page.url().endsWith('#t0-v0'));
      assert.ok(await page.locator('#t0-v0').isVisible());
      const viol = page.locator('#t0-v0 article.viol', { hasText: 'refcount-addition-on-0' }).first();
      const link = viol.getByRole('link', { name: 'timeline' });
      const figId = ((await link.getAttribute('href')) ?? '').slice(1);
      assert.match(figId, /^t0-v0-r\d+$/);
      await link.click();
      assert.ok(page.url().endsWith(`#${figId}`));
      const fig = page.locator(`#${figId}`);
      assert.ok(await fig.isVisible());

      // The timeline's SVG elements.
      const svg = fig.locator('svg.timeline');
      assert.deepEqual(await svg.locator('g.lane').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-thread'))), [
        'T1',
        'T2',
      ]);
      assert.ok((await svg.locator('g.lane rect.run').count()) >= 3, 'the threads interleave');
      assert.ok((await svg.locator('g.span text', { hasText: 'epoll_wait' }).count()) >= 1);
      assert.ok((await svg.locator('g.span text', { hasText: '__fput' }).count()) >= 1);
      assert.ok((await svg.locator('g.lock-mtx').count()) >= 1, 'ep->mtx hold bar');
      assert.ok((await svg.locator('g.lock-flock').count()) >= 1, 'f_lock hold bar');
      assert.equal(await svg.locator('path.mk-resurrect').count(), 1, 'one get on a zero count');
      assert.ok((await svg.locator('path.mk-lastput').count()) >= 1);
      assert.ok((await svg.locator('path.mk-free').count()) >= 1);
      assert.ok((await svg.locator('circle.mk-wake').count()) >= 1);
      assert.ok((await svg.locator('rect.bad-step').count()) >= 1, 'the violating step is outlined');
      const marks = await svg.locator('a.viol-mark text').allTextContents();
      assert.ok(marks.some((m) => m.includes('refcount-addition-on-0')));
      const rc = fig.locator('svg.refcounts g.rc');
      assert.ok((await rc.count()) >= 1);
      assert.ok((await fig.locator('svg.refcounts circle.resurrect').count()) === 1);

      // The violation mark links to its step row, which the script reveals in the step list.
      await svg.locator('a.viol-mark text', { hasText: 'refcount-addition-on-0' }).click();
      const row = fig.locator('pre.steps mark', { hasText: 'refcount-addition-on-0' });
      await row.waitFor({ state: 'visible' });
      assert.match((await row.textContent()) ?? '', /get_file.*refcount-addition-on-0/);
      assert.notEqual(await fig.locator('details').getAttribute('open'), null, 'the step list was opened');

      // The pointer shows a guide at its step across the lanes and the f_count plots.
      await svg.scrollIntoViewIfNeeded();
      const box = await svg.boundingBox();
      assert.ok(box, 'the timeline has a box');
      const stepW = Number(await svg.getAttribute('data-step'));
      const x0 = Number(await svg.getAttribute('data-x0'));
      await page.mouse.move(box.x + x0 + stepW * 10.5, box.y + box.height / 2);
      const guide = fig.locator('.guide');
      assert.ok(await guide.isVisible(), 'the guide shows under the pointer');
      assert.equal(await guide.getAttribute('data-step'), 'step 10');

      // The copy buttons exist only with JavaScript, and copy the token.
      const copy = fig.locator('.tok button.copy').first();
      assert.ok(await copy.isVisible());

      await fig.scrollIntoViewIfNeeded();
      await fig.screenshot({ path: join(OUT.pathname, 'violation-timeline.png') });
      await page.goto(pathToFileURL(file).href);
      await page.screenshot({ path: join(OUT.pathname, 'summary.png') });
      assert.deepEqual(issues, [], 'no console errors, CSP violations, dialogs or network requests');

      // Without JavaScript the page is complete: matrix, timelines, reports; the copy buttons stay hidden.
      const nojs = await ctx.newPage();
      const cdp = await ctx.newCDPSession(nojs);
      await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
      await nojs.goto(pathToFileURL(file).href);
      assert.equal(await nojs.locator('#matrix tbody tr').count(), 4);
      assert.ok((await nojs.locator('svg.timeline').count()) > 0);
      assert.equal(await nojs.locator('button.copy:visible').count(), 0);
      await nojs.close();
    });
  },
);

test(
  'browser: a report of hostile names renders them as text; no script runs, no element is injected',
  { timeout: 120_000 },
  async () => {
    requireChromium();
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT.pathname, 'hostile.html');
    const w = writeHtmlReport(file, hostileReport());
    assert.ok(w.ok, w.ok ? '' : w.message);
    await withChromium(async (ctx) => {
      const page = ctx.pages()[0] ?? (await ctx.newPage());
      const issues = problems(page, 'file:');
      await page.goto(pathToFileURL(file).href);
      assert.equal(await page.title(), HOSTILE[0]);
      assert.equal(await page.locator('h1').textContent(), HOSTILE[0]);
      assert.equal(await page.locator('img, iframe, textarea').count(), 0);
      assert.equal(await page.locator('script').count(), 1);
      assert.equal(await page.locator('a[href^="javascript:"]').count(), 0);
      const lanes = await page.locator('svg.timeline g.lane').first().getAttribute('data-thread');
      assert.ok(lanes === HOSTILE[1] || lanes === HOSTILE[2], 'thread names survive as attribute text');
      await page.locator('a[href="#t0-v0"]').click();
      assert.deepEqual(issues, []);
    });
  },
);

test(
  'browser: the seed corpus report (npm start) shows every seed test and the I1 resurrection timeline',
  { timeout: 240_000 },
  async () => {
    requireChromium();
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT.pathname, 'seed-report.html');
    const input = seedReport();
    const w = writeHtmlReport(file, input);
    assert.ok(w.ok, w.ok ? '' : w.message);
    await withChromium(async (ctx) => {
      const page = ctx.pages()[0] ?? (await ctx.newPage());
      const issues = problems(page, 'file:');
      await page.goto(pathToFileURL(file).href);
      const rows = page.locator('#matrix tbody tr');
      assert.equal(await rows.count(), seedEntries().length);
      for (const [r, t] of input.tests.entries())
        for (const [c, v] of input.variants.entries()) {
          const cell = t.cells.find((x) => x.variant === v);
          const td = rows.nth(r).locator('td').nth(c);
          assert.equal(
            await td.getAttribute('data-severity'),
            cell === undefined ? null : cellSeverity(cell),
            `${t.name} ${v}`,
          );
        }
      const ti = input.tests.findIndex((t) => t.name === 'I1-dmabuf-sync');
      const ci = input.tests[ti]?.cells.findIndex((c) => c.variant === 'v6.8') ?? -1;
      assert.ok(ti >= 0 && ci >= 0, 'I1-dmabuf-sync runs on v6.8');
      await page.locator(`#matrix a[href="#t${ti}-v${ci}"]`).click();
      const viol = page.locator(`#t${ti}-v${ci} article.viol`, { hasText: 'refcount-addition-on-0' }).first();
      const link = viol.getByRole('link', { name: 'timeline' });
      const figId = ((await link.getAttribute('href')) ?? '').slice(1);
      await link.click();
      const fig = page.locator(`#${figId}`);
      const svg = fig.locator('svg.timeline');
      assert.ok((await svg.locator('g.lane').count()) >= 2);
      assert.ok((await svg.locator('g.span text', { hasText: 'epoll_wait' }).count()) >= 1);
      assert.ok((await svg.locator('g.lock-mtx').count()) >= 1, 'ep->mtx hold bar');
      assert.ok((await svg.locator('path.mk-resurrect').count()) >= 1, 'the get on a zero count');
      assert.ok((await svg.locator('a.viol-mark text', { hasText: 'refcount-addition-on-0' }).count()) >= 1);
      assert.ok((await fig.locator('svg.refcounts circle.resurrect').count()) >= 1);
      await fig.scrollIntoViewIfNeeded();
      await fig.screenshot({ path: join(OUT.pathname, 'seed-violation-timeline.png') });

      // I1 on v6.8: one timeline per group of replays with the same first finding, the others counted and listed.
      const i1 = page.locator(`#t${ti}-v${ci}`);
      const cell1 = input.tests[ti]?.cells[ci];
      assert.ok(cell1);
      const groups = groupTraces(cell1.traces);
      assert.equal(await i1.locator('figure.trace').count(), groups.length);
      const more = i1.locator('details.more > summary', { hasText: 'more replays like this' });
      assert.match(
        (await more.textContent()) ?? '',
        /^\d+ more replays like this \(the same first finding refcount-addition-on-0 in get_file \(P0\)/,
      );
      await showAll(i1);
      await i1.screenshot({ path: join(OUT.pathname, 'seed-i1-v6.8-grouped.png') });

      // I4 on v6.9: the EBUSY replay plots mnt_count and marks where umount returns -EBUSY.
      const t4 = input.tests.findIndex((t) => t.name === 'I4-close-umount-ebusy');
      const c4 = input.tests[t4]?.cells.findIndex((c) => c.variant === 'v6.9') ?? -1;
      const fig4 = page.locator(`#t${t4}-v${c4} figure.trace`).first();
      await fig4.scrollIntoViewIfNeeded();
      assert.equal(await fig4.locator('svg.refcounts g.rc-mnt_count').count(), 1, 'a mnt_count plot');
      const ret = fig4.locator('svg.timeline g.ret[data-name="P1:u"]');
      assert.equal(await ret.getAttribute('data-value'), '-EBUSY');
      assert.equal(await ret.locator('text').textContent(), '↩ umount → -EBUSY');
      await fig4.screenshot({ path: join(OUT.pathname, 'seed-i4-ebusy-timeline.png') });

      // At 800 px the matrix scrolls in its own box; the page itself does not overflow.
      await page.goto(pathToFileURL(file).href);
      await page.setViewportSize({ width: 800, height: 900 });
      const widths = await page.evaluate(() => {
        const d = (globalThis as unknown as Doc).document;
        const wrap = d.querySelector('.matrix-wrap');
        return [d.documentElement.scrollWidth, wrap?.scrollWidth ?? 0, wrap?.clientWidth ?? 0];
      });
      assert.ok((widths[0] ?? 0) <= 800, `the page is ${widths[0]} px wide at 800 px`);
      assert.ok((widths[1] ?? 0) > (widths[2] ?? 0), 'the matrix is wider than its box: the box scrolls');
      await page.screenshot({ path: join(OUT.pathname, 'seed-summary-800px.png') });
      await page.setViewportSize({ width: 1360, height: 900 });
      await page.screenshot({ path: join(OUT.pathname, 'seed-summary.png') });
      assert.deepEqual(issues, []);
    });
  },
);
