import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exploreOptions } from '../../src/commands/litmus-opts.ts';
import { checkFiles } from '../../src/commands/check-sync.ts';
import { cli } from '../_helpers/cli.ts';

test('--values branches dpor only (EPM160)', () => {
  const ok = exploreOptions({ values: true });
  assert.ok(typeof ok !== 'string' && ok.values === true);
  for (const f of [{ mode: 'naive' }, { mode: 'stateful' }, { mode: 'random' }, { bound: '2' }])
    assert.match(exploreOptions({ values: true, ...f }) as string, /^EPM160 --values branches --mode dpor/);
});

test('check --values on 3 waiters and a closer: the same states, condition and verdicts as without, from fewer executions', () => {
  const file = 'bench/litmus/scaling/i1-waiters-3.litmus';
  const plain = checkFiles([file], { variant: 'v6.9' });
  const values = checkFiles([file], { variant: 'v6.9', values: true });
  assert.equal(values.code, plain.code, values.stderr);
  // Tokens name other representatives of the same states; the counts are of the executions each ran.
  const block = (s: string): string =>
    s
      .replace(/ {3}el1:\S+/g, '')
      .replace(/Executions \d+, time \d+ ms/, 'Executions -')
      .replace(/; \d+ executions ended held at it/, '')
      .replace(/^Values .*\n/m, '')
      .replace(/^\d+ +:>/gm, ':>');
  assert.equal(block(values.stdout), block(plain.stdout));
  const executions = (s: string): number => Number(/Executions (\d+)/.exec(s)?.[1]);
  assert.ok(executions(values.stdout) < executions(plain.stdout));
});

test('check --values refuses a split exploration it cannot run (EPM160), and every token it prints replays', async () => {
  const file = 'bench/litmus/scaling/i1-waiters-2.litmus';
  const r = await cli('check', file, '--variant', 'v6.9', '--values', '--shard', '1/2');
  assert.notEqual(r.code, 0);
  assert.match(r.err, /EPM160 --values runs sequentially/);
  const j = await cli('check', file, '--variant', 'v6.9', '--values', '--json');
  assert.equal(j.code, 0, j.err);
  const tokens = (JSON.parse(j.out) as { outcomes: { token: string }[] }).outcomes.map((o) => o.token);
  assert.equal(tokens.length, 4);
  for (const t of tokens) {
    const x = await cli('replay', '--file', file, t);
    assert.equal(x.code, 0, x.err);
  }
});
