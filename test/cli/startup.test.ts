import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importGraph, specifiers } from '../_helpers/imports.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What `epoll-lab check` loads before it runs: the static imports of the CLI entry and of the check command. */
function checkLoads(): { files: Set<string>; bare: Map<string, string> } {
  return importGraph(ROOT, ['src/cli/main.ts', 'src/commands/check.ts'], 'static');
}

test('startup: a plain check loads the explorer, not the other commands, the HTML report or the worker pool', () => {
  const { files, bare } = checkLoads();
  const rel = [...files].map((f) => f.slice(ROOT.length));
  for (const must of ['src/explore/explore.ts', 'src/litmus/check.ts', 'src/commands/check-parallel.ts'])
    assert.ok(rel.includes(must), `${must} is loaded (the walk reaches the checker)`);
  // Each of these is loaded by the command or the option that needs it (a dynamic import where it runs).
  for (const dir of ['src/report/', 'src/oracle/', 'src/stress/', 'src/conformance/', 'src/playground/', 'src/repro/'])
    assert.deepEqual(
      rel.filter((f) => f.startsWith(dir)),
      [],
      `${dir} is not loaded by a check`,
    );
  for (const f of ['src/explore/parallel/pool.ts', 'src/explore/parallel/parallel.ts', 'src/commands/serve.ts'])
    assert.ok(!files.has(resolve(ROOT, f)), `${f} is not loaded by a plain check`);
  for (const pkg of ['piscina', 'fast-check', 'cli-table3', 'valibot'])
    assert.ok(!bare.has(pkg), `'${pkg}' is not loaded by a check (imported by ${bare.get(pkg) ?? '?'})`);
});

test('startup: the static walk skips type-only and dynamic imports, and keeps every other form', () => {
  const src = [
    "import { a } from './a.ts';",
    "import type { B } from './b.ts';",
    "export type { C } from './c.ts';",
    "export { d } from './d.ts';",
    "import { type E, f } from './ef.ts';",
    "import './g.ts';",
    "const h = await import('./h.ts');",
    'import {\n  i,\n} from "./i.ts";',
  ].join('\n');
  assert.deepEqual(specifiers(src, 'static'), ['./a.ts', './d.ts', './ef.ts', './g.ts']);
  assert.deepEqual(specifiers(src), ['./a.ts', './b.ts', './c.ts', './d.ts', './ef.ts', './g.ts', './h.ts']);
});
