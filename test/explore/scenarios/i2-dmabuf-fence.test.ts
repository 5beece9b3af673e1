import assert from 'node:assert/strict';
import { test } from 'node:test';
import { i2DmabufFence } from '../../../src/explore/scenarios/i2-dmabuf-fence.ts';
import { agree, agreementLine } from './agree.ts';

test('I2 v6.8: dpor = naive (bound 2) outcomes; the resurrected file ends in a bug-on or a use-after-free', (t) => {
  const a = agree(i2DmabufFence('v6.8'));
  t.diagnostic(agreementLine(a));
  const kinds = new Set(a.dpor.violations.map((v) => v.kind));
  assert.ok(kinds.has('refcount-addition-on-0'));
  assert.ok(kinds.has('use-after-free') || kinds.has('bug-on'), [...kinds].join(','));
});

test('I2 v6.9: dpor = naive (bound 2) outcomes, no violation', (t) => {
  const a = agree(i2DmabufFence('v6.9'));
  t.diagnostic(agreementLine(a));
  assert.deepEqual(
    a.dpor.violations.map((v) => v.kind),
    [],
  );
});
