import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (e.name.endsWith('.ts')) yield p;
  }
}

void test('every EPM code the sources use has a row in docs/errors.md', () => {
  const used = new Set<string>();
  for (const f of sources(join(ROOT, 'src')))
    for (const m of readFileSync(f, 'utf8').matchAll(/EPM\d{3}/g)) used.add(m[0]);
  const doc = readFileSync(join(ROOT, 'docs', 'errors.md'), 'utf8');
  const documented = new Set([...doc.matchAll(/^\| (EPM\d{3}) \|/gm)].map((m) => m[1] as string));
  assert.ok(used.size >= 30, `${used.size} codes found: the scan is broken`);
  assert.deepEqual([...used].filter((c) => !documented.has(c)).sort(), []);
});
