import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The playground's bundle entries (src/playground/build.ts). */
const ENTRIES = ['web/app/main.ts', 'web/worker.ts'];
/** Packages the page may bundle. */
const ALLOWED = [/^@codemirror\/(state|view|commands|language|lint)$/, /^lz-string$/];

/** Every module specifier a TypeScript file imports or re-exports (type-only imports included: kept strict). */
function specifiers(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/^\s*(?:import|export)\b[^'";]*?from\s*'([^']+)'/gms)) out.push(m[1] ?? '');
  for (const m of source.matchAll(/^\s*import\s*'([^']+)'/gm)) out.push(m[1] ?? '');
  for (const m of source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) out.push(m[1] ?? '');
  return out;
}

/** The files reachable from the entries through relative imports, and the bare specifiers they use (with importer). */
function graph(): { files: Set<string>; bare: Map<string, string> } {
  const files = new Set<string>();
  const bare = new Map<string, string>();
  const todo = ENTRIES.map((e) => resolve(ROOT, e));
  for (let f = todo.pop(); f !== undefined; f = todo.pop()) {
    if (files.has(f)) continue;
    files.add(f);
    for (const s of specifiers(readFileSync(f, 'utf8'))) {
      if (s.startsWith('.')) todo.push(resolve(dirname(f), s));
      else if (!bare.has(s)) bare.set(s, f.slice(ROOT.length));
    }
  }
  return { files, bare };
}

test('browser core: nothing reachable from the playground entries imports node: or a Node built-in', () => {
  const { files, bare } = graph();
  assert.ok(files.size > 100, `the walk reaches the model (${files.size} files)`);
  for (const must of [
    'src/explore/explore.ts',
    'src/litmus/check.ts',
    'src/report/timeline.ts',
    'src/kernel/variant.ts',
  ])
    assert.ok(files.has(resolve(ROOT, must)), `${must} is in the browser core`);
  const builtins = new Set(builtinModules);
  for (const [s, from] of bare) {
    assert.ok(!s.startsWith('node:') && !builtins.has(s), `${from} imports the Node module '${s}'`);
    assert.ok(
      ALLOWED.some((re) => re.test(s)),
      `${from} imports '${s}', not a package the page may bundle`,
    );
  }
});

test('browser core: the walk sees every import form (a node: import in any of them is caught)', () => {
  const src = [
    "import { a } from 'node:fs';",
    "import type { B } from 'node:os';",
    "export { c } from 'node:path';",
    "import 'node:crypto';",
    "const d = await import('node:url');",
    'import {\n  e,\n  f,\n} from "./x.ts";',
    "import {\n  g,\n} from 'node:http';",
  ].join('\n');
  assert.deepEqual(specifiers(src), ['node:fs', 'node:os', 'node:path', 'node:http', 'node:crypto', 'node:url']);
});
