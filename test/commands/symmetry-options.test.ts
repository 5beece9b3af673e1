import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { checkVariantPlanned, parallelPlan } from '../../src/commands/check-parallel.ts';
import { checkFilesAsync } from '../../src/commands/check.ts';
import { checkFiles } from '../../src/commands/check-sync.ts';
import { parseVariant } from '../../src/kernel/variant.ts';
import { parseLitmus } from '../../src/litmus/parse.ts';
import { exploreOptions } from '../../src/commands/litmus-opts.ts';
import { cli } from '../_helpers/cli.ts';

test('--symmetry reduces dpor and naive only (EPM160)', () => {
  const ok = exploreOptions({ symmetry: true });
  assert.ok(typeof ok !== 'string' && ok.symmetry === true);
  assert.ok(typeof exploreOptions({ symmetry: true, mode: 'naive' }) !== 'string');
  for (const f of [{ mode: 'stateful' }, { mode: 'random' }, { bound: '2' }])
    assert.match(exploreOptions({ symmetry: true, ...f }) as string, /^EPM160 --symmetry reduces --mode dpor or naive/);
});

test('a check of identical threads goes to the worker threads like any other, with the reduction: the one-thread check block', async () => {
  const file = 'bench/litmus/scaling/i1-waiters-3.litmus';
  const p = parseLitmus(readFileSync(file, 'utf8'), { file });
  const v = parseVariant('v6.9');
  assert.ok(p.ok && v.ok);
  // No split flag, 2 workers, no sequential first try (the test would finish within it): the default plan's path.
  const plan = parallelPlan({ sequentialUpTo: 0 }, {}, 1, {});
  assert.ok(typeof plan !== 'string');
  const r = await checkVariantPlanned(p.test, readFileSync(file, 'utf8'), v.variant, {}, { ...plan, workers: 2 });
  assert.ok(r.kind === 'check');
  // Only the split explorer runs sleep-set-blocked executions (sequential DPOR runs none on this test).
  assert.ok(r.result.stats.redundant > 0, 'the check stayed on one thread');
  assert.deepEqual(r.result.symmetry?.classes, [['W0', 'W1', 'W2']]);
  const one = checkFiles([file], { variant: 'v6.9' });
  const two = await checkFilesAsync([file], { variant: 'v6.9', workers: '2', sequentialUpTo: 0 });
  assert.equal(two.code, one.code, two.stderr);
  // The split's representatives (tokens) and its executions aside, the blocks are the same.
  const block = (s: string): string =>
    s.replace(/ {3}el1:\S+/g, '').replace(/Executions \d+, time \d+ ms/, 'Executions -');
  assert.equal(block(two.stdout), block(one.stdout));
  assert.match(two.stdout, /\nStates 8\n/);
});

test("check --workers 2 --checkpoint and --shard on 2 identical waiters apply the reduction in the split explorer; merge renames the shards' states given the test", async () => {
  const file = 'bench/litmus/scaling/i1-waiters-2.litmus';
  // A checkpoint sends the check to the split explorer at once (no sequential first try).
  const cp = join(mkdtempSync(join(tmpdir(), 'epoll-lab-sym-cli-')), 'cp.json');
  const r = await cli('check', file, '--variant', 'v6.9', '--json', '--workers', '2', '--checkpoint', cp);
  assert.equal(r.code, 0, r.err);
  type Json = { outcomes: { outcome: string }[]; executions: number; symmetry?: { classes: string[][] } };
  const j = JSON.parse(r.out) as Json;
  assert.deepEqual(j.symmetry?.classes, [['W0', 'W1']]);
  assert.equal(j.outcomes.length, 4);
  assert.equal(
    (JSON.parse(readFileSync(cp, 'utf8')) as { identity: { spec: { symmetry?: true } } }).identity.spec.symmetry,
    true,
  );
  // Shards explore with the reduction; `merge` renames their states given the test, and refuses without it.
  const dir = dirname(cp);
  for (const k of [0, 1]) {
    const shard = await cli('check', file, '--variant', 'v6.9', '--shard', `${k}/2`, '--out', join(dir, `s${k}.json`));
    assert.equal(shard.code, 0, shard.err);
  }
  const s0 = JSON.parse(readFileSync(join(dir, 's0.json'), 'utf8')) as { identity: { spec: { symmetry?: true } } };
  assert.equal(s0.identity.spec.symmetry, true);
  const shards = [join(dir, 's0.json'), join(dir, 's1.json')];
  const bare = await cli('merge', ...shards);
  assert.equal(bare.code, 2);
  assert.match(bare.err, /EPM158 these shards explored with the symmetry reduction: give the test they explored/);
  const merged = await cli('merge', ...shards, '--litmus', file, '--out', join(dir, 'merged.json'));
  assert.equal(merged.code, 0, merged.err);
  assert.match(merged.out, /\nStates 4\n/);
  assert.match(merged.out, /\nSymmetry W0=W1: /);
  const m = JSON.parse(readFileSync(join(dir, 'merged.json'), 'utf8')) as { outcomes: { outcome: string }[] };
  assert.deepEqual(m.outcomes.map((o) => o.outcome).sort(), j.outcomes.map((o) => o.outcome).sort());
});

test('check on 2 identical waiters reduces by symmetry by default: the 4 states of --no-symmetry, in about half the executions', async () => {
  const file = 'bench/litmus/scaling/i1-waiters-2.litmus';
  const plain = await cli('check', file, '--variant', 'v6.9', '--json', '--no-symmetry');
  const sym = await cli('check', file, '--variant', 'v6.9', '--json');
  assert.equal(plain.code, 0);
  assert.equal(sym.code, 0);
  type Json = { outcomes: { outcome: string }[]; executions: number; symmetry?: { classes: string[][] } };
  const p = JSON.parse(plain.out) as Json;
  const s = JSON.parse(sym.out) as Json;
  assert.deepEqual(s.symmetry?.classes, [['W0', 'W1']]);
  assert.equal(p.symmetry, undefined);
  const states = (r: typeof p): string[] => r.outcomes.map((o) => o.outcome).sort();
  assert.deepEqual(states(s), states(p));
  assert.equal(states(s).length, 4);
  assert.ok(s.executions <= p.executions * 0.55, `${s.executions} vs ${p.executions}`);
  const text = await cli('check', file, '--variant', 'v6.9');
  assert.match(
    text.out,
    /\nSymmetry W0=W1: one order of their first lock acquisition explored, the other states renamed; \d+ executions ended held at it/,
  );
});
