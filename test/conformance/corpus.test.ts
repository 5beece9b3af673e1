// The differential run of npm test: every example script and 500 seeded random scripts agree with this machine's
// kernel (model variant `host`); only model-only scripts are skipped, each with its reason.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { exampleScripts } from '../../src/commands/start.ts';
import { runConformance, type ConformanceReport, type ScriptReport } from '../../src/conformance/run.ts';
import { Helper } from '../../src/oracle/helper.ts';

const RANDOM = Number(process.env['ORACLE_RANDOM'] ?? 500);
const SEED = 20261201;

let helper: Helper;
before(async () => {
  const h = await Helper.open();
  assert.ok(h.ok, h.ok ? '' : `${h.error.code} ${h.error.message}`);
  helper = h.helper;
});
after(async () => {
  await helper.close();
});

function problems(r: ConformanceReport): string {
  const bad = r.reports.filter((s) => s.checked.verdict.kind === 'diverge' || s.checked.verdict.kind === 'error');
  return bad
    .map((s: ScriptReport) => `${s.name}: ${JSON.stringify(s.checked.verdict)}\n${s.shrunk ?? s.source}`)
    .join('\n');
}

test('conformance: every example script agrees with the host kernel, or is model-only and skipped', async (t) => {
  const files = exampleScripts();
  const r = await runConformance(helper, { files });
  t.diagnostic(`${files.length} example scripts in ${r.elapsedMs} ms`);
  assert.equal(r.totals.diverge, 0, problems(r));
  assert.equal(r.errors.length, 0, problems(r));
  assert.equal(r.totals.scripts + r.skipped.length, files.length);
  for (const s of r.skipped) {
    const v = s.checked.verdict;
    assert.ok(v.kind === 'skip' && /model-only/.test(v.reason), s.name);
  }
  assert.ok(r.totals.agree >= 20, `${r.totals.agree} scripts agree`);
});

test(`conformance: ${RANDOM} random scripts (seed ${SEED}) agree with the host kernel, 0 divergences`, async (t) => {
  const r = await runConformance(helper, { random: RANDOM, seed: SEED });
  t.diagnostic(`${RANDOM} random scripts in ${r.elapsedMs} ms`);
  assert.equal(r.totals.diverge, 0, problems(r));
  assert.equal(r.errors.length, 0, problems(r));
  assert.equal(r.totals.scripts, RANDOM);
  // The generator reaches every group the oracle can check.
  for (const [g, c] of Object.entries(r.groups)) assert.ok(c.scripts > 0, `no random script in group ${g}`);
});
