// The helper build: compiled with the system cc into a cache keyed by the source hash; build problems are EPM301 values.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildHelper, helperName, HELPER_SOURCE } from '../../src/oracle/build.ts';

const cacheDir = mkdtempSync(join(tmpdir(), 'epoll-lab-build-'));

test('build: compiles native/epoll_helper.c once; a second build reuses the cached binary', () => {
  const a = buildHelper({ cacheDir });
  assert.ok(a.ok, a.ok ? '' : a.error.message);
  const mtime = statSync(a.path).mtimeMs;
  const b = buildHelper({ cacheDir });
  assert.ok(b.ok);
  assert.equal(b.path, a.path);
  assert.equal(statSync(b.path).mtimeMs, mtime);
  assert.ok(a.path.endsWith(helperName(readFileSync(HELPER_SOURCE, 'utf8'), 'cc')));
});

test('build: a changed source gets a new binary (the name follows the source hash)', () => {
  const src = join(cacheDir, 'changed.c');
  writeFileSync(src, `${readFileSync(HELPER_SOURCE, 'utf8')}\n/* changed */\n`);
  const a = buildHelper({ cacheDir });
  const b = buildHelper({ cacheDir, source: src });
  assert.ok(a.ok && b.ok);
  assert.notEqual(a.path, b.path);
});

test('build: a missing compiler is an EPM301 value, not an exception', () => {
  const r = buildHelper({ cacheDir, cc: 'epoll-lab-no-such-cc' });
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'EPM301');
  assert.match(r.error.message, /no C compiler: 'epoll-lab-no-such-cc'/);
});

test('build: a source that does not compile is EPM301 with the compiler message', () => {
  const src = join(cacheDir, 'broken.c');
  writeFileSync(src, 'int main(void) { return nope; }\n');
  const r = buildHelper({ cacheDir, source: src });
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'EPM301');
  assert.match(r.error.message, /nope/);
});
