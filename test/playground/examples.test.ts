import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { test } from 'node:test';
import { CORPUS_DIR, seedEntries } from '../../src/litmus/corpus.ts';
import { parseLitmus } from '../../src/litmus/parse.ts';
import { GROUPS } from '../../src/playground/example.ts';
import { collectExamples } from '../../src/playground/examples.ts';
import { parseScript } from '../../src/script/compile.ts';

test('examples menu: every corpus test and example script once, the seed group in seed.list order', () => {
  const ex = collectExamples();
  const litmus = ex.filter((e) => e.kind === 'litmus').map((e) => basename(e.file));
  const corpus = readdirSync(CORPUS_DIR, { recursive: true, encoding: 'utf8' })
    .filter((n) => n.endsWith('.litmus'))
    .map((n) => basename(n));
  assert.deepEqual([...litmus].sort(), [...corpus].sort());
  const seed = ex.filter((e) => e.group === GROUPS.seed).map((e) => basename(e.file));
  assert.deepEqual(
    seed,
    seedEntries().map((s) => basename(s.path)),
  );
  const groups = [...new Set(ex.map((e) => e.group))];
  assert.deepEqual(
    groups,
    Object.values(GROUPS).filter((g) => groups.includes(g)),
    'grouped, in menu order',
  );
  assert.deepEqual(
    ex.filter((e) => e.group === GROUPS.bugs).map((e) => e.file),
    readdirSync(`${CORPUS_DIR}bugs`)
      .filter((n) => n.endsWith('.litmus'))
      .sort()
      .map((n) => `litmus/bugs/${n}`),
    'the known bugs are litmus/bugs/',
  );
  assert.ok(ex.some((e) => e.group === GROUPS.traps) && ex.some((e) => e.group === GROUPS.races));
  for (const e of ex) {
    const p = e.kind === 'litmus' ? parseLitmus(e.source) : parseScript(e.source);
    assert.ok(p.ok, `${e.file} parses`);
    if (e.kind === 'litmus') assert.notEqual(e.doc, '', `${e.file} has a doc line`);
  }
});
