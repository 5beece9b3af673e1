// writeFileAtomic: the whole text or nothing, and no temporary file left behind on failure.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { cannotWrite, writeFileAtomic } from '../../src/util/write-atomic.ts';

/** A fresh temporary directory, removed when the test ends. */
function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-write-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('writeFileAtomic replaces the file whole and leaves no temporary file', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'out.json');
  writeFileSync(path, 'old');
  assert.equal(writeFileAtomic(path, 'new text\n'), null);
  assert.equal(readFileSync(path, 'utf8'), 'new text\n');
  assert.deepEqual(readdirSync(dir), ['out.json']);
});

test('writeFileAtomic into a missing directory returns the reason and creates nothing', (t) => {
  const dir = tempDir(t);
  const why = writeFileAtomic(join(dir, 'missing', 'out.json'), 'x');
  assert.match(why ?? '', /ENOENT/);
  assert.deepEqual(readdirSync(dir), []);
});

test('writeFileAtomic through a symbolic link replaces the file it names and keeps the link', (t) => {
  const dir = tempDir(t);
  const real = join(dir, 'real.json');
  const link = join(dir, 'link.json');
  writeFileSync(real, 'old');
  symlinkSync('real.json', link);
  assert.equal(writeFileAtomic(link, 'new\n'), null);
  assert.ok(lstatSync(link).isSymbolicLink(), 'the link was replaced by a file');
  assert.equal(readFileSync(real, 'utf8'), 'new\n');
  assert.deepEqual(readdirSync(dir).sort(), ['link.json', 'real.json']);
});

test('writeFileAtomic to a pipe writes into it and leaves it a pipe (as `--out /dev/null` must leave the device)', async (t) => {
  const dir = tempDir(t);
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
});

test('writeFileAtomic to a directory or a link to nothing returns the reason and changes nothing', (t) => {
  const dir = tempDir(t);
  assert.equal(writeFileAtomic(dir, 'x'), 'EISDIR');
  const dangling = join(dir, 'dangling.json');
  symlinkSync(join(dir, 'missing', 'x.json'), dangling);
  assert.match(writeFileAtomic(dangling, 'x') ?? '', /^ENOENT/);
  assert.ok(lstatSync(dangling).isSymbolicLink());
  assert.deepEqual(readdirSync(dir), ['dangling.json']);
});

test('cannotWrite says beforehand what writeFileAtomic would fail on: a missing directory, a directory; a new file is fine', (t) => {
  const dir = tempDir(t);
  assert.equal(cannotWrite(join(dir, 'new.json')), null);
  assert.equal(cannotWrite(join(dir, 'missing', 'new.json')), 'ENOENT');
  assert.equal(cannotWrite(dir), 'EISDIR');
  writeFileSync(join(dir, 'file'), 'x');
  assert.equal(cannotWrite(join(dir, 'file', 'new.json')), 'ENOTDIR');
  assert.equal(cannotWrite(join(dir, 'file')), null);
  assert.deepEqual(readdirSync(dir), ['file']);
});
