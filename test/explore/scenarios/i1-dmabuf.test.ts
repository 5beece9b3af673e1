import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, replay } from '../../../src/explore/index.ts';
import { i1Dmabuf } from '../../../src/explore/scenarios/i1-dmabuf.ts';
import { agree, agreementLine } from './agree.ts';

test('I1 v6.8: dpor --bound 2 finds the resurrection (refcount-addition-on-0) and the use-after-free, replayable', () => {
  const sc = i1Dmabuf('v6.8');
  const r = explore(sc, { bound: 2 });
  assert.equal(r.kind, 'exhausted');
  assert.equal(r.mode, 'bounded');
  const add0 = r.violations.find((v) => v.kind === 'refcount-addition-on-0');
  assert.ok(add0, 'no resurrection found');
  assert.equal(add0.violation.thread, 'T1');
  assert.deepEqual(add0.violation.stack.slice(-2), ['dma_buf_poll', 'get_file']);
  const uaf = r.violations.find((v) => v.kind === 'use-after-free');
  assert.ok(uaf, 'no use-after-free found');
  assert.match(uaf.report, /BUG: KASAN: slab-use-after-free in /);
  for (const v of [add0, uaf]) {
    const rep = replay(sc, v.token);
    assert.ok(rep.ok && rep.violations.some((x) => x.kind === v.kind), `${v.kind} token does not replay`);
  }
  assert.ok(r.violations.some((v) => v.kind === 'double-fput'));
  assert.ok(r.outcomes.has('T1=1:IN|OUT T2=0'), 'the benign order (close after the scan) exists');
});

test('I1 v6.8: PCT (depth 3, at most 100 executions per seed) finds the use-after-free for >= 99 of 100 seeds', (t) => {
  const sc = i1Dmabuf('v6.8');
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

for (const v of ['v6.9', 'v6.13', 'v7.1', 'dmabuf-active']) {
  test(`I1 ${v}: dpor explores exhaustively with no violation`, () => {
    const r = explore(i1Dmabuf(v), { mode: 'dpor' });
    assert.equal(r.kind, 'exhausted');
    assert.deepEqual(
      r.violations.map((x) => x.kind),
      [],
    );
    assert.equal(r.stats.redundant, 0);
    for (const o of r.outcomes.keys()) assert.doesNotMatch(o, /halted|unfinished| \| /);
  });
}

test('I1 dmabuf-active (P3): the dying dma-buf is reported with EPOLLERR', () => {
  const r = explore(i1Dmabuf('dmabuf-active'));
  assert.ok(
    [...r.outcomes.keys()].some((o) => /^T1=1:[A-Z|]*ERR/.test(o)),
    [...r.outcomes.keys()].join('; '),
  );
});

for (const v of ['v6.8', 'v6.9']) {
  test(`I1 ${v}: dpor outcomes = naive (bound 2) outcomes, every dpor token replays`, (t) => {
    const a = agree(i1Dmabuf(v));
    t.diagnostic(agreementLine(a));
    if (v === 'v6.8') {
      const kinds = new Set(a.dpor.violations.map((x) => x.kind));
      for (const k of ['refcount-addition-on-0', 'double-fput', 'use-after-free'] as const) assert.ok(kinds.has(k), k);
    }
  });
}
