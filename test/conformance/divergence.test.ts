// Divergences are found, shrunk and reported: the pre-6.9 eventfd write check (variant v6.8) against this kernel.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { conformance } from '../../src/commands/conformance.ts';
import { checkSource } from '../../src/conformance/compare.ts';
import { ORACLE_SHAPE, runConformance } from '../../src/conformance/run.ts';
import { Helper } from '../../src/oracle/helper.ts';
import { parseJson } from '../../src/script/json.ts';

const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-conf-'));
function script(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

let helper: Helper;
before(async () => {
  const h = await Helper.open();
  assert.ok(h.ok, h.ok ? '' : `${h.error.code} ${h.error.message}`);
  helper = h.helper;
});
after(async () => {
  await helper.close();
});

const EVENTFD =
  'r, w = pipe()\ne = eventfd(0, EFD_NONBLOCK)\nx = dup(0)\nwrite(e, "123456789")\nclose(x)\neventfd_read(e)\n';

test('eventfd_write_count: this kernel wants exactly 8 bytes; the v6.8 knob value diverges at that line', async () => {
  const host = await checkSource(EVENTFD, 'e.script', helper);
  assert.equal(host.verdict.kind, 'agree');
  const old = await checkSource(EVENTFD, 'e.script', helper, { variant: 'v6.8' });
  assert.ok(old.verdict.kind === 'diverge');
  assert.deepEqual(old.verdict.diff, { line: 4, call: 'write(e, "123456789")', model: '8', kernel: '-1 EINVAL' });
});

test('cli conformance: a divergence is EPM305 with the shortest script, exit 1, summary last', async () => {
  const r = await conformance({ files: [script('e.script', EVENTFD)], variant: 'v6.8' });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /EPM305 .*e\.script diverges at line 4: write\(e, "123456789"\)/);
  assert.match(
    r.stdout,
    /shortest reproducing script \(2 lines\):\n {4}e = eventfd\(0, EFD_NONBLOCK\)\n {4}write\(e, "123456789"\)\n/,
  );
  assert.equal(r.stdout.trimEnd().split('\n').pop(), 'conformance: 1 scripts, 0 agree, 1 diverge');
});

test('random divergences are shrunk by fast-check: the short script still diverges and agrees under host', async () => {
  const r = await runConformance(helper, {
    random: 100,
    seed: 1,
    shape: { ...ORACLE_SHAPE, maxLines: 20 },
    check: { variant: 'v6.8' },
    shrinkLimit: 1,
  });
  const d = r.reports.find((s) => s.shrunk !== undefined);
  assert.ok(d?.shrunk !== undefined, 'no divergence among 100 random scripts under v6.8');
  const before = d.source.trimEnd().split('\n').length;
  const after = d.shrunk.trimEnd().split('\n').length;
  assert.ok(after <= 4 && after < before, `${before} -> ${after} lines:\n${d.shrunk}`);
  assert.equal((await checkSource(d.shrunk, 's', helper, { variant: 'v6.8' })).verdict.kind, 'diverge');
  assert.equal((await checkSource(d.shrunk, 's', helper)).verdict.kind, 'agree');
});

test('cli conformance: agreeing run, per-group table, exit 0; --json is JSON lines with the summary on stderr', async () => {
  const f = script('ok.script', 'ep = epoll_create1(0)\nr, w = pipe()\nepoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 1)\n');
  const t = await conformance({ files: [f], random: 5, seed: 3 });
  assert.equal(t.code, 0, t.stdout + t.stderr);
  assert.match(t.stdout, /^A +\d+ +\d+ +0 {2}Instance creation and the epoll file$/m);
  assert.equal(t.stdout.trimEnd().split('\n').pop(), 'conformance: 6 scripts, 6 agree, 0 diverge');
  const j = await conformance({ files: [f], random: 5, seed: 3, json: true });
  assert.equal(j.code, 0);
  const objs = j.stdout
    .trimEnd()
    .split('\n')
    .map((l) => parseJson(l) as { [k: string]: unknown });
  assert.equal(objs.length, 7);
  assert.deepEqual(objs[0], {
    name: relative(process.cwd(), f),
    verdict: 'agree',
    groups: ['A', 'I'],
    rows: [],
  });
  assert.deepEqual(objs[6]?.['summary'], {
    scripts: 6,
    agree: 6,
    diverge: 0,
    skipped: 0,
    errors: 0,
    seed: 3,
    random: 5,
    groups: (objs[6]?.['summary'] as { groups: unknown } | undefined)?.groups,
  });
  assert.equal(j.stderr, 'conformance: 6 scripts, 6 agree, 0 diverge\n');
});

test('cli conformance: an unknown variant is EPM201, exit 2, before the oracle starts', async () => {
  const r = await conformance({ variant: 'v9' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^EPM201 unknown variant preset 'v9'/);
});
