// `npm start`'s section "Confirmed on this machine's kernel": I5 (pipe, socketpair), I4 and I10 stressed on the host,
// each state with its count and rate next to the host variant's verdict.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONFIRM_TESTS, confirmedOnKernel, confirmSkipReason } from '../../src/commands/start-kernel.ts';

test('start: the kernel section runs here (root, cc) and shows every test with its states, all allowed by host', async () => {
  assert.equal(confirmSkipReason(), null);
  const s = await confirmedOnKernel({ iterations: 200 });
  assert.match(s, /^Confirmed on this machine's kernel \(Linux \S+, \d+ CPUs; up to 200 iterations each/);
  for (const t of CONFIRM_TESTS) assert.ok(s.includes(`  ${t.file.replace('.litmus', '')} (${t.what})`), t.file);
  assert.equal(s.match(/^ {4}sound; the condition's outcome \(\*>\) in \d+ of 200 iterations/gm)?.length, 4, s);
  assert.doesNotMatch(s, /NOT ALLOWED|UNSOUND|EPM3/);
  assert.match(s, /P0:r0=blocked; P1:b=1 "x"; P1:c=0; P1:wr=-EPIPE {3}\(\d+\.\d\d%, allowed by host\)/);
});
