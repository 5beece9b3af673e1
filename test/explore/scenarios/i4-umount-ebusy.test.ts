import assert from 'node:assert/strict';
import { test } from 'node:test';
import { i4UmountEbusy } from '../../../src/explore/scenarios/i4-umount-ebusy.ts';
import { agree, agreementLine } from './agree.ts';

const ebusy = (os: Iterable<string>): boolean => [...os].some((o) => o.includes('T2=0,-EBUSY'));

test('I4 v6.8: dpor = naive (bound 2) outcomes; the umount after close always succeeds', (t) => {
  const a = agree(i4UmountEbusy('v6.8'));
  t.diagnostic(agreementLine(a));
  assert.ok(!ebusy(a.dpor.outcomes.keys()), [...a.dpor.outcomes.keys()].join('; '));
});

test('I4 v6.9: dpor = naive (bound 2) outcomes; the epoll pin makes umount fail with EBUSY', (t) => {
  const a = agree(i4UmountEbusy('v6.9'));
  t.diagnostic(agreementLine(a));
  assert.ok(ebusy(a.dpor.outcomes.keys()), [...a.dpor.outcomes.keys()].join('; '));
});
