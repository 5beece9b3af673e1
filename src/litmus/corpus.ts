// The litmus corpus shipped with the package (its directory, the seed case study's list) and litmus files on disk.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's litmus corpus (the same relative place from src/ and dist/). */
export const CORPUS_DIR: string = fileURLToPath(new URL('../../litmus/', import.meta.url));

/** One seed test: its file and, optionally, the short name of the bad outcome its condition describes. */
export interface SeedEntry {
  readonly path: string;
  readonly label: string;
}

/**
 * The seed case study, from `litmus/seed.list`: one `FILE [LABEL...]` per line (`#` comments). LABEL names the bad
 * outcome that the test's `exists` condition describes (`EBUSY`, `stale event`); tests without one are shown by
 * their violations only.
 */
export function seedEntries(dir: string = CORPUS_DIR): SeedEntry[] {
  const out: SeedEntry[] = [];
  for (const raw of readFileSync(join(dir, 'seed.list'), 'utf8').split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const [file = '', ...label] = line.split(/\s+/);
    out.push({ path: join(dir, file), label: label.join(' ') });
  }
  return out;
}

/** The seed tests' paths. */
export function seedFiles(dir: string = CORPUS_DIR): string[] {
  return seedEntries(dir).map((e) => e.path);
}

/** Natural order: numbers by value (`I1`, `I2`, `I10`), then text. */
export const naturally = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

/** Files as given; a directory stands for the `*.litmus` files under it (recursively, in natural order). */
export function expandFiles(paths: readonly string[]): string[] {
  return paths.flatMap((p) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return [p];
    }
    if (!st.isDirectory()) return [p];
    return readdirSync(p, { recursive: true, encoding: 'utf8' })
      .filter((n) => n.endsWith('.litmus'))
      .sort(naturally)
      .map((n) => join(p, n));
  });
}
