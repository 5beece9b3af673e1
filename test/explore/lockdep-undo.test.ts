import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LockDep, type LockEdge } from '../../src/explore/lockdep.ts';

const edge = (from: string, to: string, execution: number): LockEdge => ({
  from,
  to,
  thread: 'P0',
  stack: [],
  execution,
});

test('lockdep forgets what an execution the kernel cannot run added (value branches): its edges and its cycle', () => {
  const d = new LockDep();
  d.reset(1);
  d.addEdge(edge('ep.mtx', 'ep.lock', 1));
  d.reset(2);
  d.addEdge(edge('ep.lock', 'ep.mtx', 2));
  assert.equal(d.found.length, 1, 'the reverse order closes a cycle');
  d.undo();
  assert.equal(d.found.length, 0);
  assert.equal(d.added.length, 0);
  // The first execution's edge stays; the undone one is gone, so a real execution closing the cycle reports it.
  d.reset(3);
  d.addEdge(edge('ep.lock', 'ep.mtx', 3));
  assert.equal(d.found.length, 1);
  assert.equal(d.found[0]?.edge.execution, 3);
});
