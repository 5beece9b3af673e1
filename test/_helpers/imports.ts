// Test helper: the import graph of the TypeScript sources, read as text (which modules an entry loads).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Which imports a walk follows: every form (`all`), or only those that load a module when the importer loads. */
export type ImportKinds = 'all' | 'static';

/**
 * Every module specifier a TypeScript file imports or re-exports. `all`: type-only and dynamic imports included (kept
 * strict). `static`: what loading the file loads (the compiled code keeps every import but `import type`/`export type`;
 * a dynamic `import()` loads only when it runs).
 */
export function specifiers(source: string, kinds: ImportKinds = 'all'): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/^\s*(import|export)\b(\s+type\b)?[^'";]*?from\s*'([^']+)'/gms))
    if (kinds === 'all' || m[2] === undefined) out.push(m[3] ?? '');
  for (const m of source.matchAll(/^\s*import\s*'([^']+)'/gm)) out.push(m[1] ?? '');
  if (kinds === 'all') for (const m of source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) out.push(m[1] ?? '');
  return out;
}

/** The files reachable from `entries` through relative imports, and the bare specifiers they use (with an importer). */
export function importGraph(
  root: string,
  entries: readonly string[],
  kinds: ImportKinds = 'all',
): { files: Set<string>; bare: Map<string, string> } {
  const files = new Set<string>();
  const bare = new Map<string, string>();
  const todo = entries.map((e) => resolve(root, e));
  for (let f = todo.pop(); f !== undefined; f = todo.pop()) {
    if (files.has(f)) continue;
    files.add(f);
    for (const s of specifiers(readFileSync(f, 'utf8'), kinds)) {
      if (s.startsWith('.')) todo.push(resolve(dirname(f), s));
      else if (!bare.has(s)) bare.set(s, f.slice(root.length));
    }
  }
  return { files, bare };
}
