import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parallelPlan } from '../../src/commands/check-parallel.ts';
import { exploreOptions } from '../../src/commands/litmus-opts.ts';
import { checkLitmusFile, type CheckResult } from '../../src/litmus/index.ts';
import { formatCheck } from '../../src/litmus/format.ts';

const N2 = 'bench/litmus/scaling/i1-waiters-2.litmus';

test('--max-states takes a positive integer and only with --mode stateful (EPM160)', () => {
  const ok = exploreOptions({ mode: 'stateful', maxStates: '50' });
  assert.ok(typeof ok !== 'string' && ok.maxStates === 50);
  assert.match(exploreOptions({ maxStates: '50' }) as string, /^EPM160 --max-states bounds --mode stateful only/);
  assert.match(exploreOptions({ mode: 'stateful', maxStates: '0' }) as string, /^EPM160 --max-states/);
});

test('--mode stateful refuses --shard and --checkpoint (EPM153): its state table is not split', () => {
  for (const f of [{ shard: '0/2' }, { checkpoint: 'c.json' }]) {
    const p = parallelPlan(f, { mode: 'stateful' }, 1, {});
    assert.ok(typeof p === 'string' && p.startsWith('EPM153'), JSON.stringify(p));
  }
});

test('--max-states: the table stops at the limit, the exploration still finishes with the same states', () => {
  const full = checkLitmusFile(N2, { variants: 'v6.9' });
  const capped = checkLitmusFile(N2, { variants: 'v6.9', mode: 'stateful', maxStates: 50 });
  assert.ok(full.ok && capped.ok);
  const d = full.results[0] as CheckResult;
  const s = capped.results[0] as CheckResult;
  assert.ok((s.stats.stateful?.states ?? Infinity) <= 50);
  assert.equal(s.complete, true);
  assert.deepEqual(
    s.outcomes.map((o) => o.outcome),
    d.outcomes.map((o) => o.outcome),
  );
  assert.match(formatCheck(s), /^Stateful \d+ states stored, \d+ executions cut at a stored state/m);
});
