import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { serveCommand, SITE_CSP, sitePath, startSite } from '../../src/commands/serve.ts';

test('serve: request paths stay inside the site and name only the file types it serves', () => {
  const dir = '/srv/site';
  assert.equal(sitePath(dir, '/'), '/srv/site/index.html');
  assert.equal(sitePath(dir, '/app.js?x=1'), '/srv/site/app.js');
  for (const p of [
    '/../package.json',
    '/%2e%2e/package.json',
    '/..%2fsecret.js',
    '/%E0%A4%A',
    '/x.ts',
    '/a/../../b.js',
  ])
    assert.equal(sitePath(dir, p), null, p);
});

test('serve: files on 127.0.0.1 with the CSP header; anything else is 404', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-site-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><p>hi</p>');
  const site = await startSite(dir, 0);
  try {
    assert.match(site.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const r = await fetch(site.url);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-security-policy'), SITE_CSP);
    assert.match(SITE_CSP, /^default-src 'self';/);
    assert.equal(await r.text(), '<!doctype html><p>hi</p>');
    assert.equal((await fetch(`${site.url}missing.js`)).status, 404);
    assert.equal((await fetch(site.url, { method: 'POST' })).status, 404);
  } finally {
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('serve: a bad port is an EPM160 message and exit 2, before anything is built', async () => {
  const err: string[] = [];
  const code = await serveCommand({ port: 'http' }, { out: () => assert.fail('no output'), err: (s) => err.push(s) });
  assert.equal(code, 2);
  assert.match(err.join(''), /EPM160 --port takes an integer 0-65535, not 'http'/);
});
