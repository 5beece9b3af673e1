// Bench: the HTML report — its size and how long headless chromium takes to open it (measured, not asserted).
//
//   node --import tsx bench/report.ts [--all | REPORT.html]
//
// Without a file, builds the seed corpus report first (npm start's case study: litmus/seed.list on the variants each
// test names); with --all, the report of every litmus/*.litmus (`epoll-lab check litmus/*.litmus --html FILE`).
// Prints a line per figure, then one JSON line
// ({ file, bytes, buildMs, openMs, loadEventMs, fcpMs }) for bench/main.ts to parse.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { checkFiles } from '../src/commands/check-sync.ts';
import { runCaseStudy } from '../src/commands/start.ts';
import { caseStudyReport } from '../src/commands/start-html.ts';
import { writeHtmlReport } from '../src/report/index.ts';
import { median } from './measure.ts';
import { CHROMIUM, CHROMIUM_FLAGS } from '../test/_helpers/chromium.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The figures of one report file. */
export interface ReportFigures {
  readonly file: string;
  readonly bytes: number;
  /** Building the report (exploration included), when this script built it. */
  readonly buildMs: number | null;
  /** Median wall time of `page.goto` until the load event, over the repetitions. */
  readonly openMs: number;
  /** Median of the page's own navigation timing (loadEventEnd). */
  readonly loadEventMs: number;
  /** Median first contentful paint (the matrix on screen). */
  readonly fcpMs: number;
}

/** Builds the seed case study's report into `file`; returns the milliseconds it took (exploration included). */
export function buildSeedReport(file: string): number {
  const t0 = performance.now();
  const w = writeHtmlReport(file, caseStudyReport(runCaseStudy()));
  if (!w.ok) throw new Error(`bench: ${w.message}`);
  return performance.now() - t0;
}

/** Builds the report of every litmus file into `file` (failed expectations still write it). */
export function buildCorpusReport(file: string): number {
  const dir = join(ROOT, 'litmus');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.litmus'))
    .sort()
    .map((f) => join('litmus', f));
  const t0 = performance.now();
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    const r = checkFiles(files, { html: file });
    if (r.code === 2) throw new Error(`bench: check failed:\n${r.stderr}`);
  } finally {
    process.chdir(cwd);
  }
  return performance.now() - t0;
}

/** Opens `file` `reps` times in a fresh headless chromium profile and returns the median open times. */
export async function measureReport(file: string, reps = 5, buildMs: number | null = null): Promise<ReportFigures> {
  const profile = mkdtempSync(join(tmpdir(), 'epoll-lab-bench-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  const open: number[] = [];
  const load: number[] = [];
  const fcp: number[] = [];
  try {
    const url = pathToFileURL(file).href;
    for (let i = 0; i <= reps; i++) {
      const page = await ctx.newPage();
      const t0 = performance.now();
      await page.goto(url, { waitUntil: 'load' });
      const ms = performance.now() - t0;
      const le = Number(await page.evaluate('performance.getEntriesByType("navigation")[0].loadEventEnd'));
      const paint = Number(
        await page.evaluate('performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN'),
      );
      await page.close();
      if (i === 0) continue; // the first open also starts the renderer process
      open.push(ms);
      load.push(le);
      fcp.push(paint);
    }
  } finally {
    await ctx.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return {
    file,
    bytes: statSync(file).size,
    buildMs,
    openMs: median(open),
    loadEventMs: median(load),
    fcpMs: median(fcp),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = process.argv[2];
  const build = arg === undefined || arg === '--all';
  const file = build
    ? join(ROOT, 'test-output', 'bench', arg === '--all' ? 'corpus-report.html' : 'seed-report.html')
    : arg;
  let buildMs: number | null = null;
  if (build) {
    mkdirSync(join(ROOT, 'test-output', 'bench'), { recursive: true });
    buildMs = arg === '--all' ? buildCorpusReport(file) : buildSeedReport(file);
  }
  const f = await measureReport(file, 5, buildMs);
  const mb = (f.bytes / 1e6).toFixed(2);
  console.log(
    `report ${f.file}: ${mb} MB (target < 5 MB)${buildMs === null ? '' : `, built in ${(buildMs / 1000).toFixed(1)} s`}`,
  );
  console.log(
    `headless chromium open: ${f.openMs.toFixed(0)} ms to the load event (page timing ${f.loadEventMs.toFixed(0)} ms, ` +
      `first contentful paint ${f.fcpMs.toFixed(0)} ms; target < 2000 ms)`,
  );
  console.log(JSON.stringify(f));
}
