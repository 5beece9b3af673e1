import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { parallelPlan } from '../../src/commands/check-parallel.ts';
import { exploreOptions } from '../../src/commands/litmus-opts.ts';
import { cli } from '../_helpers/cli.ts';

test('--symmetry reduces dpor and naive only (EPM160)', () => {
  const ok = exploreOptions({ symmetry: true });
  assert.ok(typeof ok !== 'string' && ok.symmetry === true);
  assert.ok(typeof exploreOptions({ symmetry: true, mode: 'naive' }) !== 'string');
  for (const f of [{ mode: 'stateful' }, { mode: 'random' }, { bound: '2' }])
    assert.match(exploreOptions({ symmetry: true, ...f }) as string, /^EPM160 --symmetry reduces --mode dpor or naive/);
});

test('--symmetry runs on one thread unless split: --workers, --checkpoint and --granularity split it, --shard is EPM153', () => {
  const one = parallelPlan({}, { symmetry: true }, 1, {});
  assert.ok(typeof one !== 'string' && one.workers === 1 && !one.split);
  for (const f of [{ workers: '2' }, { checkpoint: 'c.json' }, { granularity: '64' }]) {
    const p = parallelPlan(f, { symmetry: true }, 1, {});
    assert.ok(typeof p !== 'string' && p.split, JSON.stringify(p));
  }
  const shard = parallelPlan({ shard: '0/2' }, { symmetry: true }, 1, {});
  assert.ok(typeof shard === 'string' && shard.startsWith('EPM153 --symmetry'), JSON.stringify(shard));
});

test('check --workers 2 --checkpoint on 2 identical waiters applies the reduction in the split explorer: the 4 states, the Symmetry block', async () => {
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
  // A shard explores every order (its outcomes could be renamed only once merged): no reduction, no error.
  const out = join(dirname(cp), 'shard.json');
  const shard = await cli('check', file, '--variant', 'v6.9', '--shard', '0/2', '--out', out);
  assert.equal(shard.code, 0, shard.err);
  assert.equal(
    (JSON.parse(readFileSync(out, 'utf8')) as { identity: { spec: { symmetry?: true } } }).identity.spec.symmetry,
    undefined,
  );
});

test('check on 2 identical waiters reduces by symmetry by default: the 4 states of --no-symmetry, in half the executions', async () => {
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
  assert.ok(s.executions * 2 <= p.executions, `${s.executions} vs ${p.executions}`);
  const text = await cli('check', file, '--variant', 'v6.9');
  assert.match(
    text.out,
    /\nSymmetry W0=W1: one order of their first lock acquisition explored, the other states renamed; \d+ executions ended held at it/,
  );
});
