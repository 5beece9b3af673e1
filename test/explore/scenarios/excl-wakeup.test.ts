import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exclusiveWakeup } from '../../../src/explore/scenarios/excl-wakeup.ts';
import { agree, agreementLine } from './agree.ts';

for (const v of ['v6.8', 'v7.1']) {
  test(`EXCL ${v}: dpor = naive (bound 2) outcomes; an exclusive wakeup can leave the second waiter to time out`, (t) => {
    const a = agree(exclusiveWakeup(v));
    t.diagnostic(agreementLine(a));
    assert.ok(a.dpor.outcomes.has('T1=1:IN T2=1:IN T3=8'));
    // Both asleep when the write lands: Linux 6.18 wakes only T1 and T2 times out (native/checks/excl_two_epolls.c).
    assert.ok(a.dpor.outcomes.has('T1=1:IN T2=0 T3=8'), 'only the first exclusive entry (E1) is woken');
    assert.deepEqual(
      a.dpor.violations.map((x) => x.kind),
      [],
    );
  });
}
