// The kernel tests the explorer runs (the corpus's I1-I4, I9 and EPOLLEXCLUSIVE): DPOR against bounded naive DFS.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, replay } from '../../src/explore/index.ts';
import { isBug } from '../../src/litmus/kinds.ts';
import { agree, agreementLine } from '../_helpers/agree.ts';
import { corpusScenario } from '../_helpers/litmus.ts';

/** Corpus test, variant, the bug kinds its expect lines pin there (the scenarios these tests replaced found the same). */
const CASES: readonly (readonly [string, string, readonly string[]])[] = [
  ['I1-dmabuf-sync', 'v6.8', ['double-fput', 'refcount-addition-on-0', 'use-after-free']],
  ['I1-dmabuf-sync', 'v6.9', []],
  ['I2-dmabuf-async', 'v6.8', ['bug-on', 'refcount-addition-on-0']],
  ['I2-dmabuf-async', 'v6.9', []],
  ['I3-dying-pipe', 'v6.8', []],
  ['I3-dying-pipe', 'v6.9', []],
  ['I4-close-umount-ebusy', 'v6.8', []],
  ['I4-close-umount-ebusy', 'v6.9', []],
  ['I9-bad-epoll', 'v6.13', ['use-after-free']],
  ['I9-bad-epoll', 'v7.1', []],
  ['epollexclusive-one-wake', 'v6.8', []],
  ['epollexclusive-one-wake', 'v7.1', []],
];

for (const [file, v, bugs] of CASES) {
  test(`${file} ${v}: dpor outcomes = naive (bound 2) outcomes, every token replays, bugs: ${bugs.join(',') || 'none'}`, (t) => {
    const a = agree(corpusScenario(file, v));
    t.diagnostic(agreementLine(a));
    const kinds = [...new Set(a.dpor.violations.map((x) => x.kind).filter(isBug))].sort();
    assert.deepEqual(kinds, bugs);
  });
}

test('I1 v6.8: dpor --bound 2 finds the resurrection (get_file in dma_buf_poll) and the use-after-free, replayable', () => {
  const sc = corpusScenario('I1-dmabuf-sync', 'v6.8');
  const r = explore(sc, { bound: 2 });
  assert.equal(r.kind, 'exhausted');
  const add0 = r.violations.find((v) => v.kind === 'refcount-addition-on-0');
  assert.ok(add0, 'no resurrection found');
  assert.equal(add0.violation.thread, 'P0');
  assert.deepEqual(add0.violation.stack.slice(-2), ['dma_buf_poll', 'get_file']);
  const uaf = r.violations.find((v) => v.kind === 'use-after-free');
  assert.ok(uaf, 'no use-after-free found');
  assert.match(uaf.report, /BUG: KASAN: slab-use-after-free in /);
  for (const v of [add0, uaf]) {
    const rep = replay(sc, v.token);
    assert.ok(rep.ok && rep.violations.some((x) => x.kind === v.kind), `${v.kind} token does not replay`);
  }
});

test('I1 v6.8: PCT (depth 3, at most 100 executions per seed) finds the use-after-free for >= 99 of 100 seeds', (t) => {
  const sc = corpusScenario('I1-dmabuf-sync', 'v6.8');
  let hits = 0;
  let executions = 0;
  for (let seed = 1; seed <= 100; seed++) {
    const r = explore(sc, { mode: 'pct', depth: 3, seed, maxExecutions: 100, stopOn: 'use-after-free' });
    assert.notEqual(r.kind, 'model-error');
    if (r.kind === 'bound-reached' && r.limit === 'violation') hits++;
    executions += r.stats.executions;
  }
  t.diagnostic(`PCT depth 3: ${hits}/100 seeds found the use-after-free; mean ${executions / 100} executions per seed`);
  assert.ok(hits >= 99, `only ${hits}/100 seeds`);
});
