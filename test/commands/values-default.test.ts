import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFilesAsync } from '../../src/commands/check.ts';
import { checkFiles } from '../../src/commands/check-sync.ts';
import { diffFile } from '../../src/commands/diff.ts';
import { VALUES_AFTER, valuesByDefault } from '../../src/litmus/check-values.ts';
import { exploreOptions } from '../../src/commands/litmus-opts.ts';
import { VALUES_FUTILE_AFTER } from '../../src/explore/explore.ts';
import { checkLitmusFile } from '../../src/litmus/index.ts';

const W4 = 'bench/litmus/scaling/i1-waiters-4.litmus';

/** A check block less what differs between explorers of the same states: tokens, counts, timing, the notes. */
function verdictOf(block: string): string {
  return block
    .replace(/ {3}el1:\S+/g, '')
    .replace(/^\d+ +([:*]>)/gm, '$1')
    .replace(/^Values .*\n/m, '')
    .replace(/^(Executions|Symmetry) .*$/gm, '$1')
    .replace(/^Positive: \d+ Negative: \d+$/m, 'Positive')
    .replace(/^(Observation \S+ \S+).*$/m, '$1');
}

const executions = (s: string): number => Number(/^Executions (\d+)/m.exec(s)?.[1]);

void test('check hands a test DPOR does not finish within VALUES_AFTER executions to value branches, same verdicts', async () => {
  const auto = await checkFilesAsync([W4], { variant: 'v6.9', workers: '1' });
  const plain = await checkFilesAsync([W4], { variant: 'v6.9', workers: '1', values: false });
  assert.equal(auto.code, plain.code, auto.stderr);
  assert.equal(verdictOf(auto.stdout), verdictOf(plain.stdout));
  assert.match(auto.stdout, new RegExp(`on by default after DPOR's first [0-9,]+ executions did not finish`));
  assert.doesNotMatch(plain.stdout, /^Values /m);
  const json = await checkFilesAsync([W4], { variant: 'v6.9', workers: '1', json: true });
  const values = (JSON.parse(json.stdout) as { values?: { afterProbe: number; off: null } }).values;
  assert.ok(
    values !== undefined && values.afterProbe >= VALUES_AFTER && values.off === null,
    json.stdout.slice(0, 200),
  );
  // 510 against 10,548 when measured: the handover is what makes 4 waiters a matter of seconds.
  assert.ok(executions(auto.stdout) * 5 < executions(plain.stdout), `${executions(auto.stdout)}`);
  assert.ok(executions(plain.stdout) > VALUES_AFTER);
});

void test('check keeps DPOR for a test that finishes within VALUES_AFTER executions (the block of the library check)', async () => {
  const file = 'bench/litmus/scaling/i1-waiters-3.litmus';
  const auto = await checkFilesAsync([file], { variant: 'v6.9', workers: '1' });
  const lib = checkFiles([file], { variant: 'v6.9' });
  assert.equal(auto.stdout.replace(/time \d+ ms/, ''), lib.stdout.replace(/time \d+ ms/, ''));
  assert.ok(executions(lib.stdout) < VALUES_AFTER);
});

void test('check keeps DPOR for a test whose executions halt (value branches turn off at a halt)', async () => {
  // I2 on v6.8: 6,814 DPOR executions, every one of the first thousand with a fatal violation among them.
  const file = 'litmus/I2-dmabuf-async-signal.litmus';
  const auto = await checkFilesAsync([file], { variant: 'v6.8', workers: '1' });
  const lib = checkFiles([file], { variant: 'v6.8' });
  assert.doesNotMatch(auto.stdout, /^Values /m);
  assert.equal(executions(auto.stdout), executions(lib.stdout));
  assert.ok(executions(lib.stdout) > VALUES_AFTER);
});

void test('--values and --no-values decide; the default is for DPOR without a bound', () => {
  assert.equal(valuesByDefault({}), true);
  assert.equal(valuesByDefault({ mode: 'dpor' }), true);
  for (const o of [{ values: false }, { values: true }, { mode: 'naive' as const }, { bound: 2 }])
    assert.equal(valuesByDefault(o), false, JSON.stringify(o));
  const no = exploreOptions({ values: false });
  assert.ok(typeof no !== 'string' && no.values === false);
});

void test('value branches give up when infeasible runs outnumber the kept ones: DPOR ends the exploration, same states', () => {
  // The bench's three-thread pipe test: about 7 infeasible runs per execution kept when measured.
  const file = 'bench/litmus/three-threads.litmus';
  const plain = checkLitmusFile(file, { variants: ['v7.1'], values: false });
  const values = checkLitmusFile(file, { variants: ['v7.1'], values: true });
  assert.ok(plain.ok && values.ok);
  const [p, v] = [plain.results[0], values.results[0]];
  assert.ok(p !== undefined && v !== undefined);
  assert.ok(v.values !== null && v.values.infeasible >= VALUES_FUTILE_AFTER, JSON.stringify(v.values));
  assert.deepEqual({ ...v.values, infeasible: 0 }, { infeasible: 0, off: 'infeasible', afterProbe: null });
  assert.deepEqual(
    v.outcomes.map((o) => o.outcome),
    p.outcomes.map((o) => o.outcome),
  );
  assert.equal(p.values, null);
});

void test('the library check and diff take the same default as the CLI: value branches after VALUES_AFTER', () => {
  const lib = checkLitmusFile(W4, { variants: ['v6.9'] });
  assert.ok(lib.ok);
  const r = lib.results[0];
  assert.ok(r !== undefined && r.values !== null && r.complete);
  assert.ok((r.values.afterProbe ?? 0) >= VALUES_AFTER, JSON.stringify(r.values));
  const d = diffFile(W4, { from: 'v6.9', to: 'v7.1', json: true });
  assert.equal(d.code, 0, d.stderr);
  assert.equal((JSON.parse(d.stdout) as { complete: boolean }).complete, true);
});

void test('check goes to the worker threads when the value branches it turned on give up (the pipe test)', async () => {
  const file = 'bench/litmus/three-threads.litmus';
  let warned = '';
  const auto = await checkFilesAsync([file], { variant: 'v7.1', workers: '2' }, { warn: (l) => (warned += l) });
  const plain = checkFiles([file], { variant: 'v7.1', values: false });
  assert.equal(auto.code, plain.code, auto.stderr);
  assert.equal(verdictOf(auto.stdout), verdictOf(plain.stdout));
  assert.doesNotMatch(auto.stdout, /^Values /m);
  assert.match(warned, /value branches turned off .*plain DPOR on the worker threads/);
});

void test('--max-executions bounds the DPOR part and the value branches together', () => {
  const max = 1200;
  const lib = checkLitmusFile(W4, { variants: ['v6.9'], maxExecutions: max });
  assert.ok(lib.ok);
  const r = lib.results[0];
  assert.ok(r !== undefined && !r.complete);
  if (r.values === null) return; // DPOR reached the limit before a slice ended past VALUES_AFTER: nothing handed over
  const s = r.stats;
  const runs = s.executions + s.redundant + s.blocked + (s.infeasible ?? 0) + (s.gated ?? 0);
  assert.ok((r.values.afterProbe ?? 0) + runs <= max, `${r.values.afterProbe} + ${runs}`);
});
