import assert from 'node:assert/strict';
import { test } from 'node:test';
import { i3DyingPipe } from '../../../src/explore/scenarios/i3-dying-pipe.ts';
import { agree, agreementLine } from './agree.ts';

test('I3 v6.8: dpor = naive (bound 2) outcomes; the closer always runs the release, IN may be reported', (t) => {
  const a = agree(i3DyingPipe('v6.8'));
  t.diagnostic(agreementLine(a));
  const os = [...a.dpor.outcomes.keys()];
  assert.ok(
    os.every((o) => / release=T2( |$)/.test(o)),
    os.join('; '),
  );
  assert.ok(os.includes('T1=1:IN T2=0 release=T2'));
});

test('I3 v6.9: dpor = naive (bound 2) outcomes; a pin first defers the release to the poller', (t) => {
  const a = agree(i3DyingPipe('v6.9'));
  t.diagnostic(agreementLine(a));
  assert.ok(a.dpor.outcomes.has('T1=1:IN T2=0 release=T1'));
  assert.ok(a.dpor.outcomes.has('T1=0 T2=0 release=T2'), 'the put first: the pipe is skipped silently');
});
