// Every script call runs on the oracle unless it is model-only: a new call must be wired to the helper too.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { HELPER_SOURCE } from '../../src/oracle/build.ts';
import { ORACLE_CALLS } from '../../src/oracle/calls.ts';
import { CALLS } from '../../src/script/calls/index.ts';

test('oracle calls: every registered call is model-only or has an oracle implementation (fork is the runner)', () => {
  const missing = [...CALLS.values()].filter(
    (d) => d.modelOnly === undefined && d.name !== 'fork' && !ORACLE_CALLS.has(d.name),
  );
  assert.deepEqual(
    missing.map((d) => d.name),
    [],
  );
  for (const name of ORACLE_CALLS.keys()) assert.ok(CALLS.has(name), `${name} is not a script call`);
});

test('oracle calls: the helper knows every call the oracle sends it', () => {
  const c = readFileSync(HELPER_SOURCE, 'utf8');
  for (const name of [...ORACLE_CALLS.keys(), 'fork']) assert.match(c, new RegExp(`\\{"${name}", "`), name);
});
