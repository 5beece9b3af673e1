import assert from 'node:assert/strict';
import { test } from 'node:test';
import { i9BadEpoll } from '../../../src/explore/scenarios/i9-bad-epoll.ts';
import { agree, agreementLine } from './agree.ts';

test('I9 v6.13: dpor = naive (bound 2) outcomes; close(E1) vs close(E2) is a use-after-free', (t) => {
  const a = agree(i9BadEpoll('v6.13'));
  t.diagnostic(agreementLine(a));
  assert.ok(a.dpor.violations.some((v) => v.kind === 'use-after-free'));
});

test('I9 v7.1: dpor = naive (bound 2) outcomes, no violation (ep_remove pins the file)', (t) => {
  const a = agree(i9BadEpoll('v7.1'));
  t.diagnostic(agreementLine(a));
  assert.deepEqual(
    a.dpor.violations.map((v) => v.kind),
    [],
  );
});
