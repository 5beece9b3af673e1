import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importGraph, specifiers } from '../_helpers/imports.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The playground's bundle entries (src/playground/build.ts). */
const ENTRIES = ['web/app/main.ts', 'web/worker.ts'];
/** Packages the page may bundle. */
const ALLOWED = [/^@codemirror\/(state|view|commands|language|lint)$/, /^lz-string$/];

/** The files reachable from the entries through every import form, and the bare specifiers they use. */
function graph(): { files: Set<string>; bare: Map<string, string> } {
  return importGraph(ROOT, ENTRIES);
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
