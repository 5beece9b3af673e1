import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tuneGc } from '../../src/cli/gc.ts';

test('gc: the CLI turns incremental marking off unless the user set it (flag or NODE_OPTIONS)', () => {
  assert.equal(tuneGc(['--incremental-marking'], undefined), false, 'an explicit flag wins');
  assert.equal(tuneGc(['--no-incremental-marking'], undefined), false, 'already off: nothing to do');
  assert.equal(tuneGc([], '--max-old-space-size=4096 --incremental-marking'), false, 'NODE_OPTIONS wins too');
  assert.equal(tuneGc(['--import', 'tsx'], '--max-old-space-size=4096'), true, 'otherwise the CLI sets it');
});
