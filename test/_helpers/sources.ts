// Test helper: the TypeScript files under a directory, recursively (tests that scan the sources as text).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's `src/` directory. */
export const SRC_DIR = fileURLToPath(new URL('../../src/', import.meta.url));

export function* tsSources(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* tsSources(p);
    else if (e.name.endsWith('.ts')) yield p;
  }
}
