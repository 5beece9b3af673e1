import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SRC_DIR, tsSources } from '../_helpers/sources.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

void test('every EPM code the sources use has a row in docs/errors.md', () => {
  const used = new Set<string>();
  for (const f of tsSources(SRC_DIR)) for (const m of readFileSync(f, 'utf8').matchAll(/EPM\d{3}/g)) used.add(m[0]);
  const doc = readFileSync(join(ROOT, 'docs', 'errors.md'), 'utf8');
  const documented = new Set([...doc.matchAll(/^\| (EPM\d{3}) \|/gm)].map((m) => m[1] as string));
  assert.ok(used.size >= 30, `${used.size} codes found: the scan is broken`);
  assert.deepEqual([...used].filter((c) => !documented.has(c)).sort(), []);
});
