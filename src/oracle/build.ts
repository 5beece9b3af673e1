// The oracle's host helper binary: native/epoll_helper.c compiled with the system `cc` into a cache keyed by its hash.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EpmCode } from '../script/errors.ts';

/** The helper's C source, shipped with the package (`native/*.c`). */
export const HELPER_SOURCE: string = fileURLToPath(new URL('../../native/epoll_helper.c', import.meta.url));

/** Where built helpers live unless EPOLL_LAB_CACHE says otherwise (git-ignored, like all of node_modules). */
export const DEFAULT_CACHE_DIR: string = fileURLToPath(
  new URL('../../node_modules/.cache/epoll-lab/', import.meta.url),
);

const CFLAGS = ['-O2', '-std=gnu11', '-Wall', '-Wextra', '-Werror'];

/** An oracle problem that is the environment's, not a bug: a stable code and a message. */
export interface OracleError {
  readonly code: EpmCode;
  readonly message: string;
}

export type BuildResult =
  { readonly ok: true; readonly path: string } | { readonly ok: false; readonly error: OracleError };

export interface BuildOptions {
  readonly source?: string;
  readonly cacheDir?: string;
  /** The compiler to run (default: `cc`). */
  readonly cc?: string;
  /** The cached binary's name before its hash (default `epoll_helper`; the stress harness builds one per test). */
  readonly name?: string;
  /** Flags added to the compiler's (`-pthread`). */
  readonly flags?: readonly string[];
}

/** The cached binary's name for a source text, compiler and flags: a change to any rebuilds it. */
export function helperName(
  sourceText: string,
  cc: string,
  name = 'epoll_helper',
  flags: readonly string[] = [],
): string {
  const h = createHash('sha256')
    .update(cc)
    .update('\0')
    .update([...CFLAGS, ...flags].join(' '));
  return `${name}-${h.update('\0').update(sourceText).digest('hex').slice(0, 16)}`;
}

/** The headers a source includes with `#include "NAME"` (beside it), as text: part of what a build depends on. */
export function localIncludes(sourceText: string, dir: string): string {
  let out = '';
  for (const m of sourceText.matchAll(/^#include "([^"/]+)"$/gm)) {
    try {
      out += `\0${m[1]}\0${readFileSync(join(dir, m[1] as string), 'utf8')}`;
    } catch {
      // a missing header is the compiler's error to report
    }
  }
  return out;
}

/**
 * Returns the path of a helper built from the current source, compiling it first if the cache has none. Concurrent
 * builders (parallel test files) each compile to a private name and rename it into place.
 */
export function buildHelper(opts: BuildOptions = {}): BuildResult {
  const source = opts.source ?? HELPER_SOURCE;
  const cacheDir = opts.cacheDir ?? process.env['EPOLL_LAB_CACHE'] ?? DEFAULT_CACHE_DIR;
  const cc = opts.cc ?? 'cc';
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch {
    return fail('EPM301', `cannot read the helper source ${source}`);
  }
  const flags = opts.flags ?? [];
  const path = join(cacheDir, helperName(text + localIncludes(text, dirname(source)), cc, opts.name, flags));
  if (existsSync(path)) return { ok: true, path };
  try {
    mkdirSync(cacheDir, { recursive: true });
  } catch (e) {
    return fail('EPM301', `cannot create the cache directory ${cacheDir}: ${(e as Error).message}`);
  }
  const tmp = `${path}.${process.pid}.tmp`;
  const r = spawnSync(cc, [...CFLAGS, ...flags, '-o', tmp, source], { encoding: 'utf8' });
  if (r.error !== undefined) {
    rmSync(tmp, { force: true });
    const missing = (r.error as NodeJS.ErrnoException).code === 'ENOENT';
    return fail('EPM301', missing ? `no C compiler: '${cc}' is not on PATH` : `cannot run ${cc}: ${r.error.message}`);
  }
  if (r.status !== 0) {
    rmSync(tmp, { force: true });
    const why = (r.stderr || r.stdout).trim().split('\n').slice(0, 5).join('\n');
    return fail('EPM301', `${cc} failed on ${source} (status ${r.status ?? r.signal}):\n${why}`);
  }
  try {
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    return fail('EPM301', `cannot install the helper at ${path}: ${(e as Error).message}`);
  }
  return { ok: true, path };
}

function fail(code: EpmCode, message: string): BuildResult {
  return { ok: false, error: { code, message } };
}
