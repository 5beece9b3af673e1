// Memory: an exploration must not keep its finished executions alive through young collections. A per-execution Map
// emptied with clear() did (src/explore/DESIGN.md, "Performance notes", "Garbage collection"): V8 links a cleared
// Map's old table to its new one, so the tables chained every execution's tasks and machines, and each young
// collection promoted them. Measured through V8's own trace of what young collections promote.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

test('an exploration promotes little to the old generation: no chain through its finished executions', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--trace-gc-nvp', 'test/_helpers/promotion.ts', '3000'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(r.status, 0, r.stderr);
  const executions = Number(/EXECUTIONS (\d+)/.exec(r.stdout)?.[1] ?? 0);
  assert.ok(executions > 2000, `the exploration ran: ${executions} executions`);
  let promoted = 0;
  let scavenges = 0;
  for (const line of r.stdout.split('\n')) {
    if (!line.includes('gc=s ')) continue;
    scavenges++;
    promoted += Number(/ promoted=(\d+)/.exec(line)?.[1] ?? 0);
  }
  assert.ok(scavenges > 0, 'V8 traced its young collections');
  // With lockdep's held-lock Map cleared instead of replaced: 225 MB over these executions; replaced: 14 MB.
  const mb = promoted / 1e6;
  assert.ok(mb < 80, `${mb.toFixed(1)} MB promoted over ${executions} executions (${scavenges} young collections)`);
});
