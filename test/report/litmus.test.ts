import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkFilesAsync } from '../../src/commands/check.ts';
import { checkFiles } from '../../src/commands/check-sync.ts';
import { checkLitmusFile, parseLitmus, readLitmusFile } from '../../src/litmus/index.ts';
import { litmusPairs, litmusReport } from '../../src/report/litmus.ts';
import { litmusFileReport } from '../../src/report/litmus-file.ts';
import { cellSeverity } from '../../src/report/index.ts';

const SAMPLE = 'litmus/samples/i4-close-umount-ebusy.litmus';

test('check --html from the CLI (the async check loads the report only then) writes the report the sync check writes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-html-'));
  try {
    const flags = { variant: 'v6.9', workers: '1' };
    const a = await checkFilesAsync([SAMPLE], { ...flags, html: join(dir, 'async.html') });
    const b = checkFiles([SAMPLE], { ...flags, html: join(dir, 'sync.html') });
    assert.equal(a.code, b.code, a.stderr);
    // The report carries its run's timings: compare it without them.
    const strip = (f: string): string => readFileSync(join(dir, f), 'utf8').replace(/\d+(\.\d+)? ?(ms|s)\b/g, 'T');
    assert.match(strip('async.html'), /<h2>I4-close-umount-ebusy<\/h2>/);
    assert.equal(strip('async.html'), strip('sync.html'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('check --html writes one report of every test and variant; the EBUSY state is the bad outcome on v6.9', () => {
  const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-html-'));
  try {
    const file = join(dir, 'report.html');
    const r = checkFiles([SAMPLE], { html: file, variant: 'v6.8,v6.9' });
    assert.notEqual(r.code, 2, r.stderr);
    const html = readFileSync(file, 'utf8');
    assert.match(html, /<h2>I4-close-umount-ebusy<\/h2>/);
    assert.match(html, /<th scope="col" title="[^"]*">v6\.8<\/th><th scope="col" title="[^"]*">v6\.9<\/th>/);
    assert.deepEqual(readdirSync(dir), ['report.html'], 'no temporary file left');

    const src = readLitmusFile(SAMPLE);
    assert.equal(typeof src, 'string');
    const p = parseLitmus(src as string, { file: SAMPLE });
    const c = checkLitmusFile(SAMPLE, { variants: 'v6.9,v6.8' });
    assert.ok(p.ok && c.ok);
    const input = litmusReport('t', [{ test: p.test, results: c.results }]);
    assert.deepEqual(input.variants, ['v6.8', 'v6.9'], 'columns in preset order');
    const cells = input.tests[0]?.cells ?? [];
    const v69 = cells.find((x) => x.variant === 'v6.9');
    assert.ok(v69);
    const want = c.results.find((x) => x.variant === 'v6.9')?.outcomes.filter((o) => o.satisfies === true) ?? [];
    assert.deepEqual(
      v69.outcomes.filter((o) => o.bad).map((o) => o.outcome),
      want.map((o) => o.outcome),
    );
    assert.ok(want.length > 0);
    assert.equal(cellSeverity(v69), 'bad');
    assert.ok(v69.outcomes.filter((o) => o.bad).every((o) => o.missingIn.includes('v6.8') && o.trace !== null));
    assert.deepEqual(
      v69.expectations.map((e) => e.status),
      c.results.find((x) => x.variant === 'v6.9')?.expectations.map((e) => e.status),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('check --html to an unwritable path: exit 2 with a message before anything runs, nothing written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-html-'));
  try {
    const file = join(dir, 'missing-dir', 'report.html');
    const r = checkFiles([SAMPLE], { html: file, variant: 'v6.8' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /epoll-lab check: EPM171 cannot write .*report\.html: ENOENT \(--html\)/);
    assert.equal(r.stdout, '', 'the check ran before the path was looked at');
    assert.ok(!existsSync(file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('diff pairs: release presets in order, each proposed fix or knob override against its nearest release', () => {
  assert.deepEqual(litmusPairs(['v7.1', 'dmabuf-active', 'v6.8', 'brauner-nouser', 'v6.9', 'v6.8,counter=file_ref']), [
    ['v6.8', 'v6.9'],
    ['v6.9', 'v7.1'],
    ['v6.8', 'dmabuf-active'],
    ['v6.9', 'brauner-nouser'],
    ['v6.8', 'v6.8,counter=file_ref'],
  ]);
});

test('litmusFileReport: re-parses each file (same report as from parsed tests); a vanished file is an entry, not a throw', () => {
  const c = checkLitmusFile(SAMPLE, { variants: 'v6.8,v6.9' });
  assert.ok(c.ok);
  const src = readLitmusFile(SAMPLE);
  const p = parseLitmus(src as string, { file: SAMPLE });
  assert.ok(p.ok);
  assert.deepEqual(
    litmusFileReport('t', [{ file: SAMPLE, results: c.results }]),
    litmusReport('t', [{ test: p.test, results: c.results }]),
  );
  const gone = litmusFileReport('t', [{ file: 'litmus/no-such-test.litmus', results: [] }]);
  assert.equal(gone.tests.length, 1);
  assert.match(gone.tests[0]?.description ?? '', /EPM100/);
});

test('a test with identical threads: the cell header names the symmetry reduction, and renamed states are listed', () => {
  const file = 'litmus/oneshot-two-waiters.litmus';
  const p = parseLitmus(readLitmusFile(file) as string, { file });
  const c = checkLitmusFile(file, { variants: 'v7.1' });
  assert.ok(p.ok && c.ok);
  const cell = litmusReport('t', [{ test: p.test, results: c.results }]).tests[0]?.cells[0];
  assert.ok(cell !== undefined);
  assert.equal(cell.mode, 'dpor, symmetry P0=P1');
  // One of the two states is found, the other is its renaming: both are listed, each with a token of its own.
  assert.deepEqual(
    cell.outcomes.map((o) => o.outcome),
    ['P0:r0=0; P1:r1=1 [EPOLLIN:3]', 'P0:r0=1 [EPOLLIN:3]; P1:r1=0'],
  );
  assert.notEqual(cell.outcomes[0]?.token, cell.outcomes[1]?.token);
});
