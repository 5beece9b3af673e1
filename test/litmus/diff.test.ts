import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { diffLitmus } from '../../src/litmus/diff.ts';
import { parseLitmus } from '../../src/litmus/parse.ts';

const I1 = 'litmus/samples/i1-dmabuf-wait-vs-close.litmus';

test('diff v6.8 -> v6.9 on I1: the use-after-free states and violations are lost, common states stay', () => {
  const p = parseLitmus(readFileSync(I1, 'utf8'), { file: I1 });
  assert.ok(p.ok);
  const d = diffLitmus(p.test, 'v6.8', 'v6.9');
  assert.ok(d.ok);
  const { diff } = d;
  assert.ok(diff.onlyFrom.some((o) => o.state.kinds.has('use-after-free')));
  assert.ok(diff.onlyTo.every((o) => !o.state.kinds.has('use-after-free')));
  assert.ok(diff.lost.some((v) => v.kind === 'use-after-free'));
  assert.ok(!diff.gained.some((v) => v.kind === 'use-after-free'));
  assert.ok(diff.both.length > 0);
  // Every state of each side is in exactly one of the three groups.
  assert.equal(diff.onlyFrom.length + diff.both.length, diff.from.outcomes.length);
  assert.equal(diff.onlyTo.length + diff.both.length, diff.to.outcomes.length);
  for (const b of diff.both) assert.equal(b.from.outcome, b.to.outcome);
  // Swapping the variants swaps the groups.
  const back = diffLitmus(p.test, 'v6.9', 'v6.8');
  assert.ok(back.ok);
  assert.deepEqual(
    back.diff.onlyTo.map((o) => o.outcome),
    diff.onlyFrom.map((o) => o.outcome),
  );
  assert.deepEqual(
    back.diff.gained.map((v) => v.kind),
    diff.lost.map((v) => v.kind),
  );
});
