import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkFilesAsync } from '../../src/commands/check.ts';
import { checkFiles } from '../../src/commands/check-sync.ts';
import { largeTreeWarning, parallelPlan, shardFileName } from '../../src/commands/check-parallel.ts';
import { defaultWorkers } from '../../src/explore/parallel/cores.ts';
import { runCli } from '../../src/cli/program.ts';

const I1 = 'litmus/I1-dmabuf-sync.litmus';
const I4 = 'litmus/I4-close-umount-ebusy.litmus';
const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-check-parallel-'));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (s) => (out += s), err: (s) => (err += s), color: false, errColor: false });
  return { code, out, err };
}

/** A check block without what may differ between runs: timing, and the DPOR representatives' tokens. */
function verdictOf(block: string): string {
  return block.replace(/ {3}el1:\S+/g, '').replace(/time \d+ ms/g, 'time - ms');
}

void test('check --workers 2 prints the states, counts, conditions and expectations of --workers 1 (I1, I4)', async () => {
  for (const [file, variant] of [
    [I1, 'v6.8'],
    [I4, 'v6.8,v7.1'],
  ] as const) {
    const one = checkFiles([file], { variant });
    // sequentialUpTo 0: these tests are small enough for the sequential shortcut; force the worker threads.
    const two = await checkFilesAsync([file], { variant, workers: '2', sequentialUpTo: 0 });
    assert.equal(two.code, one.code, file);
    assert.equal(verdictOf(two.stdout), verdictOf(one.stdout), file);
    assert.match(one.stdout, /^States \d+$/m);
  }
});

void test('check --workers 2 on a small exploration is the sequential check itself (tokens included)', async () => {
  const one = checkFiles([I4], { variant: 'v6.8' });
  const two = await checkFilesAsync([I4], { variant: 'v6.8', workers: '2' });
  assert.equal(two.stdout.replace(/time \d+ ms/g, ''), one.stdout.replace(/time \d+ ms/g, ''));
});

void test('check --shard 0/2 and 1/2, then merge --litmus, print the whole check block', async () => {
  const whole = checkFiles([I1], { variant: 'v6.8' });
  const files: string[] = [];
  for (const k of [0, 1]) {
    const out = join(dir, `s${k}.json`);
    const r = await cli('check', I1, '--variant', 'v6.8', '--workers', '1', '--shard', `${k}/2`, '--out', out);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '', 'a shard prints no check block: its states are a part');
    assert.match(r.err, new RegExp(`shard ${k}/2 on v6.8`));
    files.push(out);
  }
  const m = await cli('merge', ...files, '--litmus', I1);
  assert.equal(m.code, whole.code, m.err);
  // Counts aside: the shards' split may run a few more of I1's halted executions (docs/scaling.md).
  const uncounted = (b: string): string =>
    verdictOf(b)
      .replace(/^\d+ +([*:]>)/gm, '$1')
      .replace(/Executions \d+/, 'Executions -');
  assert.equal(uncounted(m.out), uncounted(whole.stdout));
  const json = await cli('merge', ...files);
  assert.equal(json.code, 1, 'without --litmus, merge exits 1 on the violations (I1 on v6.8 has them)');
  assert.equal((JSON.parse(json.out) as { format: string }).format, 'epoll-lab-result/1');
});

void test('merge --litmus of another test is EPM151', async () => {
  const out = join(dir, 'i4-s0.json');
  assert.equal((await cli('check', I4, '--variant', 'v6.8', '--workers', '1', '--shard', '0/1', '--out', out)).code, 0);
  const m = await cli('merge', out, '--litmus', I1);
  assert.equal(m.code, 2);
  assert.match(m.err, /EPM151/);
});

void test('check --shard -/2 takes K from JOB_COMPLETION_INDEX and names the file after test, variant and shard', async () => {
  const saved = process.cwd();
  const old = process.env['JOB_COMPLETION_INDEX'];
  const abs = join(saved, I4);
  process.chdir(dir);
  process.env['JOB_COMPLETION_INDEX'] = '1';
  try {
    const r = await cli('check', abs, '--variant', 'v6.8', '--workers', '1', '--shard', '-/2');
    assert.equal(r.code, 0, r.err);
    const name = shardFileName(abs, 'v6.8', { index: 1, count: 2 });
    assert.equal(name, 'I4-close-umount-ebusy.v6.8.shard-1-of-2.json');
    const f = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { identity: { shard: unknown } };
    assert.deepEqual(f.identity.shard, { index: 1, count: 2 });
  } finally {
    process.chdir(saved);
    if (old === undefined) delete process.env['JOB_COMPLETION_INDEX'];
    else process.env['JOB_COMPLETION_INDEX'] = old;
  }
});

void test('check --checkpoint: a run cut by --max-executions resumes to the uninterrupted result', async () => {
  const whole = checkFiles([I1], { variant: 'v6.8' });
  const cp = join(dir, 'i1.cp.json');
  const cut = await cli(
    'check',
    I1,
    '--variant',
    'v6.8',
    '--workers',
    '1',
    '--checkpoint',
    cp,
    '--max-executions',
    '300',
  );
  assert.match(cut.out, /limit reached, the states are a subset/);
  assert.ok(existsSync(cp));
  const resumed = await cli('check', I1, '--variant', 'v6.8', '--workers', '1', '--checkpoint', cp);
  assert.equal(resumed.code, whole.code, resumed.err);
  assert.equal(verdictOf(resumed.out), verdictOf(whole.stdout));
});

void test('bad --workers, --shard, --out and --checkpoint uses are exit 2 with EPM153, before anything runs', async () => {
  const old = process.env['JOB_COMPLETION_INDEX'];
  delete process.env['JOB_COMPLETION_INDEX'];
  try {
    for (const argv of [
      ['--workers', '0'],
      ['--workers', 'two'],
      ['--workers', '1000'],
      ['--shard', '2/2'],
      ['--shard', '1'],
      ['--shard', '-/2'],
      ['--out', join(dir, 'x.json')],
      ['--shard', '0/2', '--mode', 'random'],
      ['--checkpoint', join(dir, 'y.json'), '--variant', 'v6.8,v7.1'],
    ]) {
      const r = await cli('check', I4, ...argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.err, /EPM153/, argv.join(' '));
      assert.equal(r.out, '');
      assert.doesNotMatch(r.err, /\n\s+at /);
    }
  } finally {
    if (old !== undefined) process.env['JOB_COMPLETION_INDEX'] = old;
  }
  assert.equal(existsSync(join(dir, 'x.json')), false);
});

void test('parallelPlan: default workers are the free cores; one test and variant allows --out and --checkpoint', () => {
  const p = parallelPlan({ shard: '0/3', out: 'a.json', checkpoint: 'c.json' }, {}, 1, {});
  assert.ok(typeof p !== 'string');
  assert.deepEqual(p.shard, { index: 0, count: 3 });
  assert.ok(p.workers >= 1);
  assert.equal(p.out, 'a.json');
});

void test('default workers: the cores this process may use less the load of the others, at least 1', () => {
  assert.equal(defaultWorkers(8, 0.2), 8);
  assert.equal(defaultWorkers(8, 3.4), 5);
  assert.equal(defaultWorkers(2, 1.6), 1);
  assert.equal(defaultWorkers(2, 9.7), 1, 'a busy machine: one worker, on the calling thread');
});

void test('parallelPlan: a run bounded by --timeout or --max-executions stays on one worker unless --workers says', () => {
  const w = (opts: object, workers?: string): number => {
    const p = parallelPlan(workers === undefined ? {} : { workers }, opts, 1, {});
    assert.ok(typeof p !== 'string');
    return p.workers;
  };
  assert.equal(w({ timeoutMs: 20000 }), 1);
  assert.equal(w({ maxExecutions: 100 }), 1);
  assert.equal(w({ timeoutMs: 20000 }, '2'), 2);
});

void test('the large-exploration warning is one line that says what to do (--bound, limits, Ctrl-C)', () => {
  const w = largeTreeWarning('t.litmus on v7.1', { executions: 33106, naiveEstimate: 1e45 });
  assert.doesNotMatch(w, /\n/);
  assert.match(w, /^epoll-lab: t\.litmus on v7\.1: a large exploration \(33,106 executions so far, up to ~1e\+45/);
  assert.match(w, /--bound 2/);
  assert.match(w, /Ctrl-C/);
  assert.doesNotMatch(w, /--stop-on/);
});

void test('the large-exploration warning points a bug hunt to --stop-on violation once violations are found', () => {
  const w = largeTreeWarning('t.litmus on v6.8', { executions: 10534, naiveEstimate: 4e102, violations: 12 });
  assert.doesNotMatch(w, /\n/);
  assert.match(w, /12 violations found already: --stop-on violation ends at the first/);
  assert.match(largeTreeWarning('t', { executions: 1, naiveEstimate: 1, violations: 1 }), /1 violation found already/);
});

void test('parallelPlan: --granularity takes 1e9, 2^30 or a plain number, and refuses the rest with EPM153', () => {
  const g = (text: string): number | string => {
    const p = parallelPlan({ granularity: text }, {}, 1, {});
    return typeof p === 'string' ? p : (p.granularity ?? -1);
  };
  assert.equal(g('2^30'), 2 ** 30);
  assert.equal(g('1e9'), 1e9);
  assert.equal(g('64'), 64);
  for (const bad of ['0', '-4', 'x', '', '2^', 'Infinity'])
    assert.match(String(g(bad)), /^EPM153 --granularity takes a number of at least 1/, bad);
  const none = parallelPlan({}, {}, 1, {});
  assert.ok(typeof none !== 'string');
  assert.equal(none.granularity, null);
  const sampling = parallelPlan({ granularity: '64' }, { mode: 'random' }, 1, {});
  assert.equal(typeof sampling, 'string');
  assert.match(sampling as string, /^EPM153 .*not --mode random/);
});

void test('check --granularity: a coarse and a fine split print the sequential check block (I1 v6.8)', async () => {
  const one = checkFiles([I1], { variant: 'v6.8' });
  for (const granularity of ['2', '2^40']) {
    const r = await checkFilesAsync([I1], { variant: 'v6.8', workers: '2', sequentialUpTo: 0, granularity });
    assert.equal(r.code, one.code, granularity);
    assert.equal(verdictOf(r.stdout), verdictOf(one.stdout), granularity);
  }
});
