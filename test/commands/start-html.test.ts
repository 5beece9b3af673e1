// `epoll-lab start` writes the case study's HTML report; an unwritable path is bad input and writes nothing.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runStartWithReport } from '../../src/commands/start-html.ts';

test('start writes one self-contained report.html with every seed test, and says where', () => {
  const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-start-'));
  try {
    const path = join(dir, 'report.html');
    const out = runStartWithReport(path);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /HTML report: .*report\.html \(\d+ bytes\)/);
    const html = readFileSync(path, 'utf8');
    assert.match(html, /^<!DOCTYPE html>/i);
    for (const name of ['I1-dmabuf-sync', 'I4-close-umount-ebusy', 'I9-bad-epoll', 'I10-ebusy-window'])
      assert.ok(html.includes(name), name);
    assert.doesNotMatch(html, /<(script|link|img)[^>]+(src|href)=["']?https?:/i);
    assert.deepEqual(readdirSync(dir), ['report.html']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('start with an unwritable report path: exit code 2, the reason on stderr, the case study still printed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-start-'));
  try {
    const path = join(dir, 'missing', 'report.html');
    const out = runStartWithReport(path);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /cannot write .*report\.html/);
    assert.match(out.stdout, /Brauner's question 1/);
    assert.equal(existsSync(join(dir, 'missing')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
