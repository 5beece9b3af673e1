// writeFileAtomic: the whole text or nothing, and no temporary file left behind on failure.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

test('writeFileAtomic through a symbolic link replaces the file it names and keeps the link', () => {
  const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-write-'));
  try {
    const real = join(dir, 'real.json');
    const link = join(dir, 'link.json');
    writeFileSync(real, 'old');
    symlinkSync('real.json', link);
    assert.equal(writeFileAtomic(link, 'new\n'), null);
    assert.ok(lstatSync(link).isSymbolicLink(), 'the link was replaced by a file');
    assert.equal(readFileSync(real, 'utf8'), 'new\n');
    assert.deepEqual(readdirSync(dir).sort(), ['link.json', 'real.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writeFileAtomic to a pipe writes into it and leaves it a pipe (as `--out /dev/null` must leave the device)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-write-'));
  try {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // The reader is another process: the write below blocks until it has opened the pipe.
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (b: Buffer) => (got += b.toString()));
    const done = new Promise<void>((resolve) => reader.on('close', () => resolve()));
    assert.equal(writeFileAtomic(fifo, 'through the pipe\n'), null);
    await done;
    assert.equal(got, 'through the pipe\n');
    assert.ok(lstatSync(fifo).isFIFO(), 'the pipe was replaced by a file');
    assert.deepEqual(readdirSync(dir), ['fifo']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writeFileAtomic to a directory or a link to nothing returns the reason and changes nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-write-'));
  try {
    assert.equal(writeFileAtomic(dir, 'x'), 'EISDIR');
    const dangling = join(dir, 'dangling.json');
    symlinkSync(join(dir, 'missing', 'x.json'), dangling);
    assert.match(writeFileAtomic(dangling, 'x') ?? '', /^ENOENT/);
    assert.ok(lstatSync(dangling).isSymbolicLink());
    assert.deepEqual(readdirSync(dir), ['dangling.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
