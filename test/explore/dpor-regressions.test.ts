// Tests: DPOR regressions found by stress runs — each program once lost a trace class or an outcome.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StableIds } from '../../src/explore/dpor/ids.ts';
import { explore } from '../../src/explore/index.ts';
import { classKeys } from './classes.ts';
import { toyScenario, type Program } from './toy.ts';

/*
 * Both programs spawn kworkers mid-execution. An event's vector clock was written only for the threads that existed
 * when it ran; the entries of threads spawned later kept the values of the previous execution's event in that slot,
 * so a kworker's event could look ordered before an event it races with, and the race was never reversed.
 */

/** The free halts P1's kworker (use-after-free) either before or after P0's kworker pushes. */
const haltBeforePush: Program = [
  [
    { op: 'free', c: 1 },
    { op: 'work', body: [{ op: 'push', k: 1 }] },
  ],
  [
    { op: 'inc', c: 1 },
    { op: 'push', k: 2 },
    {
      op: 'work',
      body: [
        { op: 'inc', c: 1 },
        { op: 'inc', c: 1 },
      ],
    },
  ],
];

/** The program of the first report: a free, a lock order by read, two kworkers popping. */
const twoKworkersPop: Program = [
  [
    { op: 'inc', c: 0 },
    { op: 'free', c: 1 },
    { op: 'work', body: [{ op: 'pop' }] },
  ],
  [
    { op: 'rd', c: 1 },
    { op: 'order', c: 0 },
    { op: 'work', body: [{ op: 'rd', c: 0 }, { op: 'pop' }] },
  ],
];

test('dpor finds the use-after-free halt that cuts off a later-spawned kworker (outcome set = naive)', () => {
  const sc = toyScenario(haltBeforePush);
  const naive = explore(sc, { mode: 'naive' });
  const dpor = explore(sc, { mode: 'dpor' });
  assert.equal(naive.kind, 'exhausted');
  assert.equal(dpor.kind, 'exhausted');
  const halted = [...naive.outcomes.keys()].filter((o) => o.includes('[2] 1 | use-after-free'));
  assert.equal(halted.length, 1, 'naive reaches the halt before the kworker push');
  assert.deepEqual([...dpor.outcomes.keys()].sort(), [...naive.outcomes.keys()].sort());
});

for (const [name, prog] of [
  ['halt before a kworker push', haltBeforePush],
  ['two kworkers popping after a free', twoKworkersPop],
] as const)
  test(`dpor runs one execution per trace class with kworkers spawned mid-execution (${name})`, () => {
    const sc = toyScenario(prog);
    const ids = new StableIds();
    const naive = classKeys(sc, 'naive', ids, 5000);
    const dpor = classKeys(sc, 'dpor', ids, 5000);
    assert.ok(naive !== null && dpor !== null);
    assert.equal(new Set(dpor).size, dpor.length, 'dpor explored two equivalent executions');
    assert.deepEqual([...new Set(dpor)].sort(), [...new Set(naive)].sort(), 'dpor missed a trace class');
  });
