import assert from 'node:assert/strict';
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

test('--symmetry runs on one thread: --workers, --shard, --checkpoint and --granularity are EPM153', () => {
  const one = parallelPlan({}, { symmetry: true }, 1, {});
  assert.ok(typeof one !== 'string' && one.workers === 1 && !one.split);
  const two = parallelPlan({ workers: '2' }, {}, 1, {});
  assert.ok(typeof two !== 'string' && two.split, '--workers turns the default reduction off');
  for (const f of [{ workers: '2' }, { shard: '0/2' }, { checkpoint: 'c.json' }, { granularity: '64' }]) {
    const p = parallelPlan(f, { symmetry: true }, 1, {});
    assert.ok(typeof p === 'string' && p.startsWith('EPM153 --symmetry'), JSON.stringify(p));
  }
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
