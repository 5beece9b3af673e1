// writeFileAtomic: the whole text or nothing, and no temporary file left behind on failure.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeFileAtomic } from '../../src/util/write-atomic.ts';

test('writeFileAtomic replaces the file whole and leaves no temporary file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-write-'));
  try {
    const path = join(dir, 'out.json');
    writeFileSync(path, 'old');
    assert.equal(writeFileAtomic(path, 'new text\n'), null);
    assert.equal(readFileSync(path, 'utf8'), 'new text\n');
    assert.deepEqual(readdirSync(dir), ['out.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writeFileAtomic into a missing directory returns the reason and creates nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-write-'));
  try {
    const why = writeFileAtomic(join(dir, 'missing', 'out.json'), 'x');
    assert.match(why ?? '', /ENOENT/);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
