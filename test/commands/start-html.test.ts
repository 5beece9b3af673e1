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
    // Reads at a glance (issue 20): one timeline per group of like replays keeps it under 1 MB (1.49 MB before).
    assert.ok(Buffer.byteLength(html) < 1_000_000, `report.html is ${Buffer.byteLength(html)} bytes`);
    const section = (name: string): string => {
      const from = html.indexOf(`<h2>${name}</h2>`);
      return html.slice(from, html.indexOf('<section class="test"', from));
    };
    const i4 = section('I4-close-umount-ebusy');
    assert.match(i4, /<g class="rc rc-mnt_count" data-file="mnt#\d+\(tmpfs\)"/, 'I4: a mnt_count plot');
    assert.match(i4, /<g class="ret" data-name="P1:u" data-value="-EBUSY">/, 'I4: where umount returns -EBUSY');
    assert.match(
      section('I1-dmabuf-sync'),
      /\d+ more replays like this \(the same first finding refcount-addition-on-0/,
    );
    const order = ['I1-', 'I2-', 'I3-', 'I4-', 'I5-', 'I6-', 'I7-', 'I8-', 'I9-', 'I10-'].map((n) =>
      html.indexOf(`<h2>${n}`),
    );
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
      'tests in natural order',
    );
    assert.ok(order.every((i) => i > 0));
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
