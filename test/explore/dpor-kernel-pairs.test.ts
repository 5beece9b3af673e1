import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore } from '../../src/explore/index.ts';
import { corpusScenario } from '../_helpers/litmus.ts';

// What DPOR leaves unordered on the kernel model (DESIGN.md, "Counting steps" and "DPOR"): read from the race profile
// of I1 with 2 waiters, a closer and a pipe writer (v6.9), whose every race is attributed to a pair of kernel sites.

const profile = (): { readonly pairs: readonly string[]; readonly executions: number } => {
  const r = explore(corpusScenario('../bench/litmus/scaling/i1-waiters-2-writer', 'v6.9'), {
    mode: 'dpor',
    races: true,
  });
  assert.equal(r.kind, 'exhausted');
  const races = r.stats.races;
  assert.ok(races !== undefined);
  return { pairs: races.pairs.map((p) => `${p.a} | ${p.b}`), executions: r.stats.executions };
};

test("the closer's put races with a waiter's pin and unpin, not with the get_file and callback put the waiter makes while pinned", () => {
  const { pairs } = profile();
  const closer = pairs.filter((p) => p.includes('__fput_sync (close): file(dmabuf).f_count rmw'));
  assert.ok(
    closer.some((p) => p.includes('epi_fget (ep_item_poll)')),
    closer.join('\n'),
  );
  assert.ok(
    closer.some((p) => p.includes('fput (ep_item_poll)')),
    closer.join('\n'),
  );
  assert.ok(!closer.some((p) => p.includes('get_file (dma_buf_poll)')), closer.join('\n'));
  assert.ok(!closer.some((p) => p.includes('fput (dma_buf_poll_cb)')), closer.join('\n'));
});

test("two ep_poll_callbacks under read_lock(&ep->lock) do not race on the lock; a callback and a scan's write_lock do", () => {
  const { pairs } = profile();
  const lock = pairs.filter((p) => p.includes('ep.lock'));
  const callbacks = (p: string): boolean => p.split(' | ').every((side) => side.startsWith('ep_poll_callback'));
  assert.ok(!lock.some(callbacks), lock.join('\n'));
  assert.ok(
    lock.some((p) => p.includes('ep_poll_callback') && p.includes('ep_send_events (ep_poll): ep.lock acquire')),
    lock.join('\n'),
  );
});
