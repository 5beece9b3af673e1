// The bug atlas: every expressible bug reproduced on exactly the version presets the version table says have it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agrees, runAtlas, type AtlasRow } from '../../src/atlas/atlas.ts';
import { ATLAS_BUGS } from '../../src/atlas/bugs.ts';
import { VERSION_PRESETS } from '../../src/kernel/variant.ts';
import { replayLitmus } from '../../src/litmus/replay.ts';
import { BUGS_DIR } from '../../src/atlas/atlas.ts';

const atlas = runAtlas();
const rows: readonly AtlasRow[] = atlas.ok ? atlas.rows : [];
const cell = (id: string, v: string) => rows.find((r) => r.bug.id === id)?.cells.find((c) => c.variant === v);
const reproducedOn = (id: string) => VERSION_PRESETS.filter((v) => cell(id, v)?.reproduced === true);

test('atlas: every bug litmus parses, is explored exhaustively on every version preset, and its expectations hold', () => {
  assert.ok(atlas.ok, atlas.ok ? '' : atlas.message);
  assert.equal(rows.length, ATLAS_BUGS.length);
  for (const r of rows) {
    assert.deepEqual(
      r.cells.map((c) => c.variant),
      [...VERSION_PRESETS],
    );
    assert.deepEqual(r.failedExpectations, [], r.bug.id);
    for (const c of r.cells) assert.ok(c.complete, `${r.bug.id} on ${c.variant} not exhaustive`);
  }
});

test('atlas: each bug is reproduced on exactly the presets the version table gives it, 0 false positives after its fix', () => {
  for (const r of rows) {
    const wrong = r.cells.filter((c) => !agrees(c)).map((c) => `${c.variant}: reproduced=${c.reproduced}`);
    assert.deepEqual(wrong, [], r.bug.id);
    assert.ok(r.cells.some((c) => c.reproduced) && r.cells.some((c) => !c.reproduced), `${r.bug.id} is not a split`);
  }
});

test('atlas: the loop-check UAF (E5b) is on the upward-walk presets with kfree only: clean on v6.13 and v7.1', () => {
  assert.deepEqual(reproducedOn('E5b'), ['v6.12.43', 'v6.17', 'v6.18', 'v6.18.23']);
});

test('atlas: the INT_MAX overflow (E5a) accepts a 3-cycle on the upward-walk presets before fdcfce93073d (6.18.17 / 6.12.77)', () => {
  assert.deepEqual(reproducedOn('E5a'), ['v6.12.43', 'v6.17', 'v6.18']);
});

test('atlas: the zero-timeout false negative (E7) is reachable on every preset up to v7.1 (v6.8 included), not on v7.2', () => {
  assert.deepEqual(reproducedOn('E7'), VERSION_PRESETS.slice(0, -1));
  assert.equal(VERSION_PRESETS.at(-1), 'v7.2');
});

test('atlas: CVE-2025-38349 (E4) is reachable on 6.4+ presets before 6.16 and on 6.12.38, not on 6.12.39', () => {
  assert.deepEqual(reproducedOn('E4'), ['v6.6', 'v6.8', 'v6.9', 'v6.12', 'v6.12.38', 'v6.13', 'v6.15']);
});

test('atlas: a reproduced cell replays to an execution that satisfies the condition', () => {
  for (const r of rows) {
    const c = r.cells.find((x) => x.reproduced);
    assert.ok(c?.token, r.bug.id);
    const rep = replayLitmus(c.token, { searchDir: BUGS_DIR });
    assert.ok(rep.ok, rep.ok ? '' : rep.message);
    assert.equal(rep.replay.test.name, r.bug.litmus.replace(/\.litmus$/, ''));
    assert.equal(rep.replay.outcome, c.outcome, r.bug.id);
  }
});
