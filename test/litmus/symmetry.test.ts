import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { explore } from '../../src/explore/index.ts';
import { replay } from '../../src/explore/replay.ts';
import { variant } from '../../src/kernel/variant.ts';
import { checkLitmusFile } from '../../src/litmus/file.ts';
import { compileLitmus } from '../../src/litmus/compile.ts';
import { parseLitmus } from '../../src/litmus/parse.ts';
import type { LitmusTest } from '../../src/litmus/ast.ts';
import type { FinalState, ResultValue } from '../../src/litmus/state.ts';
import { renameState, symmetryClasses } from '../../src/litmus/symmetry.ts';

const parsed = (body: string): LitmusTest => {
  const text = `litmus sym\ninit\n  d = dmabuf_export()\n  ep = epoll_create1(0)\n  c = fork()\n${body}`;
  const p = parseLitmus(text, { file: 'sym.litmus' });
  if (!p.ok) throw new Error(p.errors.map((e) => e.message).join('; '));
  return p.test;
};

void test('symmetry classes: threads with one program up to their result names, in thread order', () => {
  const t = parsed(
    'thread A\n  x = dup(d)\n  y = close(x)\nthread B\n  epoll_wait(ep, 8, 0)\nthread C\n  u = dup(d)\n  v = close(u)\n',
  );
  assert.deepEqual(symmetryClasses(t), [[0, 2]]);
  assert.deepEqual(symmetryClasses(parsed('thread A\n  x = close(d)\nthread B\n  y = close(ep)\n')), []);
  // A string literal is data, not a name: writing "x" and writing "y" are different programs.
  const pipeTest = 'thread A\n  r, w = pipe()\n  x = write(w, "x")\nthread B\n  r, w = pipe()\n  y = write(w, "y")\n';
  assert.deepEqual(symmetryClasses(parsed(pipeTest)), []);
  assert.deepEqual(symmetryClasses(parsed(pipeTest.replace('"y"', '"x"'))), [[0, 1]]);
});

void test('symmetry classes: a thread that forks or exits, or runs in another process, is in no class', () => {
  assert.deepEqual(symmetryClasses(parsed('thread A\n  x = fork()\nthread B\n  y = fork()\n')), []);
  assert.deepEqual(symmetryClasses(parsed('thread A in c\n  x = close(d)\nthread B\n  y = close(d)\n')), []);
  assert.deepEqual(
    symmetryClasses(parsed('thread A in c\n  x = close(d)\n  exit()\nthread B in c\n  y = close(d)\n  exit()\n')),
    [],
  );
});

void test('renameState: each thread gets the values of the thread whose part it plays, release() follows its thread', () => {
  const t = parsed('thread A\n  x = close(d)\nthread B\n  y = close(d)\n');
  const done = (ret: number): ResultValue => ({ status: 'done', ret, errno: null, events: null, data: null });
  const st: FinalState = {
    values: new Map<string, ResultValue>([
      ['A:x', done(0)],
      ['B:y', done(-1)],
      ['release(d)', { status: 'released', by: 'A' }],
    ]),
    kinds: new Set(),
  };
  const r = renameState(t, st, [1, 0]);
  assert.deepEqual([...r.values.keys()], ['A:x', 'B:y', 'release(d)']);
  assert.deepEqual(r.values.get('B:y'), done(0));
  assert.deepEqual(r.values.get('A:x'), done(-1));
  assert.deepEqual(r.values.get('release(d)'), { status: 'released', by: 'B' });
});

void test("corpus tests with identical threads: the default symmetry reduction gives --no-symmetry's states, violations and verdicts on every variant", () => {
  for (const file of ['litmus/detach-vs-detach.litmus', 'litmus/oneshot-two-waiters.litmus']) {
    const plain = checkLitmusFile(file, { variants: 'all', symmetry: false });
    const sym = checkLitmusFile(file, { variants: 'all' });
    assert.ok(plain.ok && sym.ok, file);
    plain.results.forEach((p, i) => {
      const s = sym.results[i];
      assert.ok(s !== undefined && s.complete && p.complete, `${file} ${p.variant}`);
      const states = (r: typeof p): string[] => r.outcomes.map((o) => o.outcome).sort();
      assert.deepEqual(states(s), states(p), `${file} ${p.variant}: states`);
      assert.deepEqual(
        s.violations.map((v) => v.kind).sort(),
        p.violations.map((v) => v.kind).sort(),
        `${file} ${p.variant}`,
      );
      assert.deepEqual(s.condition?.holds, p.condition?.holds, `${file} ${p.variant}: condition`);
      assert.deepEqual(
        s.expectations.map((e) => e.status),
        p.expectations.map((e) => e.status),
        `${file} ${p.variant}: expectations`,
      );
      assert.ok(s.executions <= p.executions, `${file} ${p.variant}: ${s.executions} > ${p.executions} executions`);
    });
  }
});

void test('I1 with 3 identical waiters: the symmetry reduction runs under a quarter of the executions, with the same states', () => {
  const file = 'bench/litmus/scaling/i1-waiters-3.litmus';
  const p = parseLitmus(readFileSync(file, 'utf8'), { file });
  assert.ok(p.ok);
  const c = compileLitmus(p.test, variant('v6.9'));
  assert.ok(c.ok);
  const sc = c.compiled.scenario;
  const plain = explore(sc);
  const sym = explore(sc, { symmetry: true });
  assert.equal(plain.kind, 'exhausted');
  assert.equal(sym.kind, 'exhausted');
  assert.deepEqual([...sym.outcomes.keys()].sort(), [...plain.outcomes.keys()].sort());
  assert.ok(sym.stats.executions * 4 < plain.stats.executions, `${sym.stats.executions} vs ${plain.stats.executions}`);
  // Renamed outcomes come with tokens of their own: each replays to its outcome.
  for (const [o, info] of sym.outcomes) {
    const r = replay(sc, info.token);
    assert.ok(r.ok && r.outcome === o, o);
  }
});

void test('threads declared interchangeable that are not: the renamed replay disagrees, a model error rather than a wrong state', () => {
  const text =
    'litmus wrong\ninit\n  d = dmabuf_export()\n  ep = epoll_create1(0)\n  epoll_ctl(ep, EPOLL_CTL_ADD, d, EPOLLIN, 7)\nthread A\n  a = close(d)\nthread B\n  b = epoll_wait(ep, 8, 0)\n';
  const p = parseLitmus(text, { file: 'wrong.litmus' });
  assert.ok(p.ok);
  const c = compileLitmus(p.test, variant('v6.9'));
  assert.ok(c.ok);
  const sc = c.compiled.scenario;
  assert.equal(sc.symmetry, undefined);
  const wrong = { ...sc, symmetry: { classes: [[0, 1]], permute: (o: string) => `${o} (renamed)` } };
  const r = explore(wrong, { symmetry: true });
  assert.equal(r.kind, 'model-error');
  assert.match(r.kind === 'model-error' ? r.message : '', /are not interchangeable: renaming/);
});

void test('--stop-on with identical threads: stops at the first use-after-free, and the token and minimised schedule replay to it', () => {
  const file = 'bench/litmus/scaling/i1-waiters-2.litmus';
  const r = checkLitmusFile(file, { variants: 'v6.8', stopOn: ['use-after-free'] });
  assert.ok(r.ok);
  const res = r.results[0];
  assert.ok(res !== undefined && res.symmetry !== null && res.limit === 'violation');
  const at = res.stoppedAt;
  assert.ok(at !== null && at.kind === 'use-after-free');
  const p = parseLitmus(readFileSync(file, 'utf8'), { file });
  assert.ok(p.ok);
  const c = compileLitmus(p.test, variant('v6.8'));
  assert.ok(c.ok);
  for (const token of [at.token, at.minimised.ok ? at.minimised.token : '']) {
    const x = replay(c.compiled.scenario, token);
    assert.ok(x.ok && x.violations.some((v) => v.kind === 'use-after-free'), token);
  }
});
