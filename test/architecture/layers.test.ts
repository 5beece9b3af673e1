// The folders of src/ form layers: no import cycle between folders, and no import against the declared order.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cycles, folderGraph, importSpecifiers, layerViolations, type FolderGraph } from './imports.ts';

const SRC = new URL('../../src/', import.meta.url).pathname;

/**
 * The declared layers of src/, lowest first (docs/ARCHITECTURE.md, "Layers"). A folder imports only folders of lower
 * layers; folders of one layer do not import each other.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['util'],
  ['kernel'],
  ['sched'],
  ['fs'],
  ['epoll'],
  ['init'],
  ['script'],
  ['api', 'oracle', 'explore'],
  ['conformance', 'litmus'],
  ['stress'],
  ['repro'],
  ['judge', 'atlas', 'report'],
  ['playground'],
  ['commands'],
  ['cli'],
];

const graphOf = (edges: Record<string, readonly string[]>): FolderGraph =>
  new Map(Object.entries(edges).map(([f, ts]) => [f, new Map(ts.map((t) => [t, `${f}/x.ts`]))]));

test('src/: no import cycle between folders (every relative import, type-only ones included)', () => {
  const { graph } = folderGraph(SRC);
  assert.deepEqual(cycles(graph), []);
});

test('src/: every import goes down the declared layers (kernel <- sched <- fs <- epoll <- init <- script <- ...)', () => {
  const { folders, graph } = folderGraph(SRC);
  assert.deepEqual([...folders].sort(), LAYERS.flat().sort(), 'every folder of src/ has its place in LAYERS');
  assert.deepEqual(layerViolations(graph, LAYERS), []);
});

test('docs/ARCHITECTURE.md writes down the same layers', () => {
  const doc = readFileSync(new URL('../../docs/ARCHITECTURE.md', import.meta.url), 'utf8');
  const line = doc.split('\n').find((l) => l.startsWith('`util` ←'));
  assert.ok(line, 'no layer line in ARCHITECTURE.md');
  const written = line.split(' ← ').map((l) => l.split(', ').map((f) => f.replace(/`/g, '').trim()));
  assert.deepEqual(written, LAYERS);
});

test('a planted cycle is found: in a graph, and through a type-only import in files on disk', () => {
  assert.deepEqual(cycles(graphOf({ a: ['b'], b: ['c'], c: ['a'], d: ['a'] })), [['a', 'b', 'c']]);
  assert.deepEqual(cycles(graphOf({ a: ['b'], b: [], c: ['a'] })), []);
  const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-layers-'));
  try {
    mkdirSync(join(dir, 'low'));
    mkdirSync(join(dir, 'high'));
    writeFileSync(join(dir, 'high', 'h.ts'), "import { l } from '../low/l.ts';\nexport const h = l + 1;\n");
    writeFileSync(join(dir, 'low', 'l.ts'), "import type { H } from '../high/h.ts';\nexport const l = 1;\n");
    const { graph } = folderGraph(dir);
    assert.deepEqual(cycles(graph), [['high', 'low']]);
    assert.deepEqual(layerViolations(graph, [['low'], ['high']]), ["low -> high (low/l.ts imports '../high/h.ts')"]);
    writeFileSync(join(dir, 'low', 'l.ts'), 'export const l = 1;\n');
    assert.deepEqual(cycles(folderGraph(dir).graph), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a peer import within one layer and an import of an undeclared folder are violations', () => {
  const g = graphOf({ api: ['oracle'], oracle: [], kernel: ['mystery'], mystery: [] });
  assert.deepEqual(layerViolations(g, [['kernel'], ['api', 'oracle']]), [
    'api -> oracle (api/x.ts)',
    'kernel -> mystery (kernel/x.ts)',
  ]);
});

test('import specifiers: every form, none from comments, strings, templates or regexes', () => {
  const src = [
    "import a from './a.ts';",
    "import type { B } from '../b.ts';",
    'import {\n  c,\n  d,\n} from "./cd.ts";',
    "import './side.ts';",
    "export * from './star.ts';",
    "export { e } from './e.ts';",
    "const f = await import('./f.ts');",
    "type G = typeof import('./g.ts');",
    "// import x from './comment.ts';",
    "/* export * from './block.ts'; */",
    'const s = "import y from \'./string.ts\'";',
    "const t = `import z from './template.ts' ${1 + 2} and ${`export * from './nested.ts'`}`;",
    "const r = /import w from '.\\/regex.ts'/;",
    "const q = x / 2; import h from './after-division.ts';",
  ].join('\n');
  assert.deepEqual(importSpecifiers(src), [
    './a.ts',
    '../b.ts',
    './cd.ts',
    './side.ts',
    './star.ts',
    './e.ts',
    './f.ts',
    './g.ts',
    './after-division.ts',
  ]);
});
