// Shrinking a hand-written script: the fewest lines that still parse and still fail.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shrinkLines } from '../../src/conformance/shrink.ts';

test('shrink: keeps only the lines the failure needs, and they still parse', async () => {
  const src = '# header\nr, w = pipe()\nx = dup(0)\nclose(x)\nwrite(w, "a")   # comment\ny = dup(0)\nread(r, 1)\n';
  const fails = async (s: string): Promise<boolean> => s.includes('write(w') && s.includes('read(r');
  const out = await shrinkLines(src, fails);
  assert.equal(out, 'r, w = pipe()\nwrite(w, "a")   # comment\nread(r, 1)\n');
});

test('shrink: a script that does not fail comes back unchanged', async () => {
  const src = 'x = dup(0)\n';
  assert.equal(await shrinkLines(src, async () => false), src);
});
