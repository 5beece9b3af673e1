// Litmus format: an irq thread may use a name (a fence) bound by one task thread; it runs after that binding.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { CORPUS_DIR } from '../../src/litmus/corpus.ts';
import { checkLitmus, checkLitmusFile } from '../../src/litmus/index.ts';
import { parseLitmus } from '../../src/litmus/parse.ts';

const HEAD = 'litmus t\ninit\n  d = dmabuf_export()\n';

test('an irq thread using a fence bound by a task thread parses, and runs after that line', () => {
  const r = parseLitmus(
    `${HEAD}thread P0\n  x = close(7)\n  f = dmabuf_fence(d, "write")\nthread IRQ irq\n  s = fence_signal(f)\n`,
  );
  assert.ok(r.ok, r.ok ? '' : r.errors.map((e) => e.message).join('\n'));
  assert.deepEqual(r.test.threads[1]?.after, { thread: 'P0', line: 1 });
  assert.equal(r.test.threads[0]?.after, null);
});

test('an irq thread may not use the names of two task threads, nor a name two threads bind (EPM114, EPM1xx)', () => {
  const two = parseLitmus(
    `${HEAD}thread P0\n  f = dmabuf_fence(d, "write")\nthread P1\n  g = dmabuf_fence(d, "read")\nthread IRQ irq\n  s = fence_signal(f)\n  t = fence_signal(g)\n`,
  );
  assert.ok(!two.ok);
  assert.equal(two.errors[0]?.code, 'EPM114');
  assert.match(two.errors[0]?.message ?? '', /already uses names of thread P0/);
  const both = parseLitmus(
    `${HEAD}thread P0\n  f = dmabuf_fence(d, "write")\nthread P1\n  f = dmabuf_fence(d, "read")\nthread IRQ irq\n  s = fence_signal(f)\n`,
  );
  assert.ok(!both.ok, 'a name bound by two threads is not visible to the irq thread');
});

test('irq-fence-from-thread: the signal never precedes the attach; DPOR reaches both answers of epoll_wait', () => {
  const r = checkLitmusFile(join(CORPUS_DIR, 'irq-fence-from-thread.litmus'), { variants: ['v7.1'] });
  assert.ok(r.ok);
  const res = r.results[0];
  assert.ok(res?.complete === true && res.stats.redundant === 0 && res.stats.blocked === 0);
  // The attach always comes first, so the signal finds its fence (s=0) and P1 sees the buffer busy between the two.
  assert.deepEqual(
    res.outcomes.map((o) => o.outcome),
    ['P0:f=0; P1:r=0; IRQ:s=0', 'P0:f=0; P1:r=1 [EPOLLIN:7]; IRQ:s=0'],
  );
  // If P0's attach fails (d closed) the irq thread still runs after it, on the failed binding (EINVAL).
  const never = checkLitmus(
    `${HEAD}thread P0\n  x = close(d)\n  f = dmabuf_fence(d, "write")\nthread IRQ irq\n  s = fence_signal(f)\n`,
    { variants: ['v7.1'] },
  );
  assert.ok(never.ok);
  assert.deepEqual(
    never.results[0]?.outcomes.map((o) => o.outcome),
    ['P0:x=0; P0:f=-EBADF; IRQ:s=-EINVAL'],
  );
});
