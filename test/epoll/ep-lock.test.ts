// E6: ep->lock as an rwlock (callbacks read-lock it and add locklessly, < 6.18) or a spinlock (0c43094f8cc9, 6.18).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { CORPUS_DIR } from '../../src/litmus/corpus.ts';
import { knobsForRelease } from '../../src/kernel/history.ts';
import { checkLitmusFile } from '../../src/litmus/index.ts';

const E6 = join(CORPUS_DIR, 'E6-ep-lock-producers.litmus');

function explore(v: string) {
  const r = checkLitmusFile(E6, { variants: [v] });
  assert.ok(r.ok);
  const res = r.results[0];
  assert.ok(res !== undefined && res.complete, v);
  assert.equal(res.stats.redundant, 0, v);
  assert.equal(res.stats.blocked, 0, v);
  return { states: res.outcomes.map((o) => o.outcome), executions: res.executions };
}

test('ep_lock: 6.17 and 6.6.113 have the rwlock; 6.18 and 6.6.114 (the backport) the spinlock', () => {
  const lock = (rel: string) => {
    const k = knobsForRelease(rel);
    assert.ok(k.ok);
    return k.knobs.ep_lock;
  };
  assert.deepEqual(['6.17', '6.6.113', '6.18', '6.6.114', '7.2'].map(lock), [
    'rwlock',
    'rwlock',
    'spinlock',
    'spinlock',
    'spinlock',
  ]);
});

test('E6: two writers against epoll_wait(..., 0): the rwlock lets the callbacks interleave, with no user-visible difference (same outcome sets as the spinlock)', () => {
  const rw = explore('v6.17');
  const spin = explore('v6.18');
  const rwOff = explore('v6.17,ep_lock=spinlock');
  assert.deepEqual(rw.states, spin.states);
  assert.deepEqual(rw.states, rwOff.states);
  // Both orders of the two events are reachable on both.
  assert.ok(rw.states.some((s) => s.includes('[EPOLLIN:2, EPOLLIN:1]')));
  // The readers really overlap: more trace classes than with every callback serialised.
  assert.ok(rw.executions > rwOff.executions, `${rw.executions} vs ${rwOff.executions}`);
});
