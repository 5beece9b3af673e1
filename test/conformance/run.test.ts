// runConformance on bad input: an unreadable script file is an EPM100 error verdict, not an exception.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runConformance } from '../../src/conformance/run.ts';
import { Helper } from '../../src/oracle/helper.ts';

let helper: Helper;
before(async () => {
  const h = await Helper.open();
  assert.ok(h.ok, h.ok ? '' : `${h.error.code} ${h.error.message}`);
  helper = h.helper;
});
after(async () => {
  await helper.close();
});

test('conformance: a script file that cannot be read is an EPM100 error verdict and the run goes on', async () => {
  const r = await runConformance(helper, { files: ['/nonexistent/epoll-lab/x.script'], random: 1, seed: 1 });
  assert.equal(r.reports.length, 2);
  const first = r.reports[0];
  assert.ok(first !== undefined && first.checked.verdict.kind === 'error');
  assert.equal(first.checked.verdict.error.code, 'EPM100');
  assert.match(first.checked.verdict.error.message, /cannot read script \(ENOENT\)/);
});
