// The helper build: compiled with the system cc into a cache keyed by the source hash; build problems are EPM301 values.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { buildHelper, helperName, HELPER_SOURCE, localIncludes } from '../../src/oracle/build.ts';

const cacheDir = mkdtempSync(join(tmpdir(), 'epoll-lab-build-'));

test('build: compiles native/epoll_helper.c once; a second build reuses the cached binary', () => {
  const a = buildHelper({ cacheDir });
  assert.ok(a.ok, a.ok ? '' : a.error.message);
  const mtime = statSync(a.path).mtimeMs;
  const b = buildHelper({ cacheDir });
  assert.ok(b.ok);
  assert.equal(b.path, a.path);
  assert.equal(statSync(b.path).mtimeMs, mtime);
  const text = readFileSync(HELPER_SOURCE, 'utf8');
  assert.ok(a.path.endsWith(helperName(text + localIncludes(text, dirname(HELPER_SOURCE)), 'cc')));
});

const HEADER = join(dirname(HELPER_SOURCE), 'host_common.h');

test('build: a changed source or a changed header it includes gets a new binary (the name follows their hash)', () => {
  const src = join(cacheDir, 'changed.c');
  writeFileSync(src, `${readFileSync(HELPER_SOURCE, 'utf8')}\n/* changed */\n`);
  writeFileSync(join(cacheDir, 'host_common.h'), readFileSync(HEADER, 'utf8'));
  const a = buildHelper({ cacheDir });
  const b = buildHelper({ cacheDir, source: src });
  assert.ok(a.ok && b.ok, JSON.stringify([a, b]));
  assert.notEqual(a.path, b.path);
  writeFileSync(join(cacheDir, 'host_common.h'), `${readFileSync(HEADER, 'utf8')}\n/* changed */\n`);
  const c = buildHelper({ cacheDir, source: src });
  assert.ok(c.ok);
  assert.notEqual(c.path, b.path);
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
