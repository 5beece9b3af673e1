import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  dma_fence_add_callback,
  dma_fence_create,
  dma_fence_put,
  dma_fence_remove_callback,
  dma_fence_signal,
  dma_fence_signal_irq,
  DmaFenceCb,
} from '../../src/fs/dma_fence.ts';
import { ERRNO } from '../../src/kernel/errno.ts';
import { current } from '../../src/kernel/current.ts';
import type { Gen } from '../../src/kernel/step.ts';
import { drain } from '../../src/sched/sequential.ts';
import { bootKernel, sys } from '../_helpers/run.ts';

test('dma_fence_add_callback queues until the signal; the callbacks run once, in order, in the signalling thread', () => {
  const b = bootKernel();
  const fence = sys(
    b,
    (function* () {
      return dma_fence_create();
    })(),
  );
  const ran: string[] = [];
  const cb1 = new DmaFenceCb();
  const cb2 = new DmaFenceCb();
  const record = (name: string) =>
    function* (): Gen {
      ran.push(`${name}@${current().comm}`);
    };
  assert.equal(sys(b, dma_fence_add_callback(fence, cb1, record('a'))), 0);
  assert.equal(sys(b, dma_fence_add_callback(fence, cb2, record('b'))), 0);
  dma_fence_signal_irq(b.machine, fence);
  assert.equal(drain(b.machine), null);
  assert.deepEqual(ran, ['a@irq/fence', 'b@irq/fence']);
  assert.equal(cb1.fence, null);
  assert.equal(sys(b, dma_fence_signal(fence)), -ERRNO.EINVAL, 'a fence signals once');
  assert.deepEqual(ran.length, 2);
});

test('dma_fence_add_callback on a signaled fence is ENOENT and queues nothing', () => {
  const b = bootKernel();
  const fence = sys(
    b,
    (function* () {
      return dma_fence_create();
    })(),
  );
  assert.equal(sys(b, dma_fence_signal(fence)), 0);
  const cb = new DmaFenceCb();
  assert.equal(
    sys(
      b,
      dma_fence_add_callback(fence, cb, function* () {}),
    ),
    -ERRNO.ENOENT,
  );
  assert.equal(fence.cb_list.length, 0);
});

test('dma_fence_remove_callback: true while queued (it will never run), false once signalled', () => {
  const b = bootKernel();
  const fence = sys(
    b,
    (function* () {
      return dma_fence_create();
    })(),
  );
  let ran = 0;
  const cb = new DmaFenceCb();
  sys(
    b,
    dma_fence_add_callback(fence, cb, function* () {
      ran++;
    }),
  );
  assert.equal(sys(b, dma_fence_remove_callback(fence, cb)), true);
  assert.equal(sys(b, dma_fence_signal(fence)), 0);
  assert.equal(ran, 0);
  assert.equal(sys(b, dma_fence_remove_callback(fence, cb)), false);
});

test('dma_fence_put: the last reference frees the fence', () => {
  const b = bootKernel();
  const fence = sys(
    b,
    (function* () {
      return dma_fence_create();
    })(),
  );
  sys(b, dma_fence_put(fence));
  assert.equal(fence.freed, true);
});
