// Stress runs: compiles a test's generated C program with the system cc into the oracle's cache (never committed).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildHelper, DEFAULT_CACHE_DIR, type BuildResult } from '../oracle/build.ts';
import { writeFileAtomic } from '../util/write-atomic.ts';
import { generateC } from './codegen.ts';
import type { StressPlan } from './plan.ts';

export interface StressBuildOptions {
  readonly cacheDir?: string;
  readonly cc?: string;
}

/** The binary of a planned test, built on first use; the source is kept beside it (`stress-HASH.c`). */
export function buildStress(plan: StressPlan, opts: StressBuildOptions = {}): BuildResult {
  const cacheDir = opts.cacheDir ?? process.env['EPOLL_LAB_CACHE'] ?? DEFAULT_CACHE_DIR;
  const text = generateC(plan);
  const source = join(cacheDir, `stress-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.c`);
  if (!existsSync(source)) {
    try {
      mkdirSync(cacheDir, { recursive: true });
    } catch (e) {
      return { ok: false, error: { code: 'EPM301', message: `cannot create ${cacheDir}: ${(e as Error).message}` } };
    }
    const why = writeFileAtomic(source, text);
    if (why !== null) return { ok: false, error: { code: 'EPM301', message: `cannot write ${source}: ${why}` } };
  }
  return buildHelper({
    source,
    cacheDir,
    name: 'stress',
    flags: ['-pthread'],
    ...(opts.cc === undefined ? {} : { cc: opts.cc }),
  });
}
