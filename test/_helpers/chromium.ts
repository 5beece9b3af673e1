// Test and bench helper: where Debian's chromium is and how every headless launch of it is configured.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (EPOLL_LAB_CHROMIUM overrides the path); playwright-core never downloads a browser. */
export const CHROMIUM = process.env['EPOLL_LAB_CHROMIUM'] ?? '/usr/bin/chromium';

/** The flags of every launch: headless, no network services, no first-run UI. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Fails with the install command when Debian's chromium is missing (playwright-core never downloads one). */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM))
    assert.fail(
      `the browser test needs Debian's chromium at ${CHROMIUM}, which is missing. Install it with\n` +
        `  apt-get update && apt-get install -y chromium\n` +
        `(as .ci/run does), then run the test again. playwright-core never downloads a browser.`,
    );
}

/** A fresh profile (--user-data-dir) per launch, removed afterwards. */
export async function withChromium(f: (ctx: BrowserContext) => Promise<void>): Promise<void> {
  requireChromium();
  const profile = mkdtempSync(join(tmpdir(), 'epoll-lab-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1360, height: 900 },
  });
  try {
    await f(ctx);
  } finally {
    await ctx.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * Collects what a page must not do: console errors and warnings (CSP violations among them), uncaught errors,
 * dialogs (dismissed), and requests whose URL does not start with `allowed` (`file:` for a report on disk).
 */
export function problems(page: Page, allowed: string): string[] {
  const out: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') out.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => out.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    out.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(allowed)) out.push(`request: ${r.url()}`);
  });
  return out;
}
