// `npm run soak` (scripts/soak.ts): batches of seeded random scripts; the figures end with the conformance line.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SOAK = fileURLToPath(new URL('../../scripts/soak.ts', import.meta.url));

test('soak: 20 random scripts in batches of 10 agree; per-group figures, then the conformance line', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', SOAK, '--count', '20', '--batch', '10', '--seed', '4'], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const out = r.stdout.trimEnd().split('\n');
  assert.equal(out.pop(), 'conformance: 20 scripts, 20 agree, 0 diverge');
  assert.match(out.pop() ?? '', /^soak: seed 4, \d+ call lines, 0 oracle errors, \d+ s \(\d+ scripts\/s\)$/);
  assert.match(r.stderr, /^soak: 10\/20 scripts, 10 agree, 0 diverge, 0 errors, \d+ s$/m);
});

test('soak: a bad count is refused with exit code 2', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', SOAK, '--count', 'many'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--count takes a non-negative integer, not 'many'/);
});
