// Playground: builds the static site (`npm run build:web` -> site/): the page, its bundled app and worker, CSS.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as EsbuildModule from 'esbuild';
import { STYLE } from '../report/style.ts';
import { collectExamples } from './examples.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where the site is written (gitignored). */
export const SITE_DIR = join(ROOT, 'site');
const WEB_DIR = join(ROOT, 'web');

/**
 * The page's Content-Security-Policy (a meta tag; `serve` also sends it as a header): only the site's own files load;
 * images may also be data: URLs (CodeMirror draws its lint underlines with them; they are not requests).
 */
export const PAGE_CSP =
  "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; object-src 'none'";

/** The bundle budget (issue 19): the app and worker scripts together, minified, before gzip. */
export const BUNDLE_BUDGET = 1.5 * 1024 * 1024;

export interface SiteBuild {
  readonly dir: string;
  /** Bytes of each file written. */
  readonly sizes: Readonly<Record<string, number>>;
  /** app.js + worker.js. */
  readonly scriptBytes: number;
  readonly ms: number;
}

type Esbuild = typeof EsbuildModule;

/** esbuild is a devDependency: loaded only when a build runs, with a clear message where it is missing. */
async function loadEsbuild(): Promise<Esbuild> {
  try {
    return await import('esbuild');
  } catch {
    throw new Error('building the playground needs the devDependency esbuild: run `npm ci` in the repository');
  }
}

/** Bundles web/app/main.ts and web/worker.ts for the browser (no Node built-ins, no shims) and copies the page. */
export async function buildSite(dir: string = SITE_DIR): Promise<SiteBuild> {
  const t0 = performance.now();
  const esbuild = await loadEsbuild();
  mkdirSync(dir, { recursive: true });
  await esbuild.build({
    entryPoints: { app: join(WEB_DIR, 'app', 'main.ts'), worker: join(WEB_DIR, 'worker.ts') },
    outdir: dir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    define: { __EPOLL_LAB_EXAMPLES__: JSON.stringify(collectExamples()) },
  });
  const page = readFileSync(join(WEB_DIR, 'index.html'), 'utf8').replace('%CSP%', PAGE_CSP);
  writeFileSync(join(dir, 'index.html'), page);
  for (const f of ['playground.css', 'favicon.svg']) copyFileSync(join(WEB_DIR, f), join(dir, f));
  writeFileSync(join(dir, 'report.css'), STYLE);
  const sizes: Record<string, number> = {};
  for (const f of readdirSync(dir).sort()) sizes[f] = statSync(join(dir, f)).size;
  return { dir, sizes, scriptBytes: (sizes['app.js'] ?? 0) + (sizes['worker.js'] ?? 0), ms: performance.now() - t0 };
}

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const n of readdirSync(path)) m = Math.max(m, newest(join(path, n)));
  return m;
}

/** Is the site missing or older than its sources (web/, src/, litmus/, examples/)? */
export function siteStale(dir: string = SITE_DIR): boolean {
  const index = join(dir, 'index.html');
  const worker = join(dir, 'worker.js');
  if (!existsSync(index) || !existsSync(worker)) return true;
  const built = Math.min(statSync(index).mtimeMs, statSync(worker).mtimeMs);
  return ['web', 'src', 'litmus', 'examples'].some((d) => newest(join(ROOT, d)) > built);
}

/** The size lines `build:web` prints. */
export function formatBuild(b: SiteBuild): string {
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
  const files = Object.entries(b.sizes).map(([f, n]) => `  ${f.padEnd(16)} ${kb(n)}`);
  const within = b.scriptBytes <= BUNDLE_BUDGET ? 'within' : 'OVER';
  return [
    `site built in ${Math.round(b.ms)} ms: ${b.dir}`,
    ...files,
    `scripts (app.js + worker.js, minified, before gzip): ${kb(b.scriptBytes)}, ${within} the ${kb(BUNDLE_BUDGET)} budget`,
  ].join('\n');
}
