import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Machine } from '../../src/kernel/machine.ts';
import { variant } from '../../src/kernel/variant.ts';
import { start } from '../../src/sched/runtime.ts';
import {
  decodeToken,
  encodeToken,
  explore,
  formatStats,
  formatTrace,
  minimise,
  multinomial,
  replay,
  scenarioHash,
  type Scenario,
} from '../../src/explore/index.ts';
import { explorer } from '../../src/explore/explore.ts';
import { fileRace } from './filerace.ts';
import { toyScenario } from './toy.ts';

test('tokens: encode/decode round trip; bad tokens are values, not exceptions', () => {
  const tok = encodeToken('v6.9,item_poll_pin=sb_nouser', 'deadbeef', [0, 1, 2, 200, 70000]);
  assert.match(tok, /^el1:[^:\s]+:deadbeef:[A-Za-z0-9_-]+$/);
  const d = decodeToken(tok);
  assert.ok(d.ok);
  assert.deepEqual(d.data, {
    variant: 'v6.9,item_poll_pin=sb_nouser',
    hash: 'deadbeef',
    choices: [0, 1, 2, 200, 70000],
  });
  assert.equal(decodeToken('nope').ok, false);
  assert.equal(decodeToken('el1:v7.1:00000000:!!').ok, false);
  assert.equal(scenarioHash('abc'), scenarioHash('abc'));
  assert.notEqual(scenarioHash('abc'), scenarioHash('abd'));
  assert.match(scenarioHash(''), /^[0-9a-f]{8}$/);
});

test('replay refuses a token of another variant or scenario, or with choices that do not fit', () => {
  const sc = toyScenario([[{ op: 'inc', c: 0 }], [{ op: 'inc', c: 0 }]]);
  const other = toyScenario([[{ op: 'inc', c: 1 }], [{ op: 'inc', c: 0 }]]);
  const tok = [...explore(sc).outcomes.values()][0]?.token ?? '';
  assert.ok(replay(sc, tok).ok);
  const r1 = replay(other, tok);
  assert.ok(!r1.ok && /scenario hash/.test(r1.message));
  const r2 = replay({ ...sc, variant: variant('v6.8') }, tok);
  assert.ok(!r2.ok && /variant 'v7.1'/.test(r2.message));
  const r3 = replay(
    sc,
    encodeToken('v7.1', scenarioHash(JSON.stringify([[{ op: 'inc', c: 0 }], [{ op: 'inc', c: 0 }]])), [5]),
  );
  assert.ok(!r3.ok);
});

test('struct file race: outcomes per counter variant, f_count in the trace, KASAN report with kernel stacks', () => {
  const v68 = explore(fileRace('v6.8'));
  assert.equal(v68.kind, 'exhausted');
  const kinds = new Set(v68.violations.map((v) => v.kind));
  assert.ok(kinds.has('refcount-addition-on-0'));
  assert.ok(kinds.has('use-after-free'));
  assert.ok([...v68.outcomes.keys()].includes('P0=0 P1=0'), 'the benign order exists');
  const naive = explore(fileRace('v6.8'), { mode: 'naive' });
  assert.deepEqual([...naive.outcomes.keys()].sort(), [...v68.outcomes.keys()].sort());
  assert.equal(v68.stats.redundant, 0);

  const add0 = v68.violations.find((v) => v.kind === 'refcount-addition-on-0');
  assert.ok(add0);
  assert.match(add0.report, /f_count: addition on 0; use-after-free/);
  const rep = replay(fileRace('v6.8'), add0.token, { trace: true });
  assert.ok(rep.ok && rep.trace !== null);
  const counts = rep.trace.filter((e) => e.field === 'f_count').map((e) => `${e.thread}:${e.fn}:${e.fCount}`);
  assert.deepEqual(counts.slice(0, 2), ['P0:fput:0', 'P1:get_file:1'], formatTrace(rep.trace));
  assert.match(formatTrace(rep.trace), /P1 +get_file +rmw +file#\d+\(null\)\.f_count {2}\(f_count=1\)/);

  const uaf = v68.violations.find((v) => v.kind === 'use-after-free');
  assert.ok(uaf);
  assert.match(uaf.report, /BUG: KASAN: slab-use-after-free in (get_file|fput)/);
  assert.match(uaf.report, /Freed by task P[01]:\n kfree|Freed by task P[01]:\n __fput/);
  assert.match(uaf.report, /Allocated by task main:\n alloc_file/);
  assert.match(uaf.report, /cache struct file/);

  // file_ref (6.13+): the dead count stays dead; get_file reports, and no second __fput is scheduled.
  const v613 = explore(fileRace('v6.13'));
  assert.ok(!v613.violations.some((v) => v.kind === 'double-fput'));
  assert.ok(v613.violations.some((v) => v.violation.title.includes('file_ref_inc() on a released file reference')));
});

test('minimise: fewest preemptions, then fewest steps; the token reproduces the violation', () => {
  const sc = fileRace('v6.8');
  const m = minimise(sc, 'use-after-free');
  assert.ok(m.ok, m.ok ? '' : m.message);
  assert.ok(m.preemptions <= 2, `needed ${m.preemptions} preemptions`);
  const rep = replay(sc, m.token);
  assert.ok(rep.ok && rep.violations.some((v) => v.kind === 'use-after-free'));
  const full = explore(sc).violations.find((v) => v.kind === 'use-after-free');
  const fullRep = full === undefined ? null : replay(sc, full.token);
  assert.ok(fullRep?.ok === true && rep.events <= fullRep.events);
  const none = minimise(toyScenario([[{ op: 'inc', c: 0 }]]), 'deadlock');
  assert.ok(!none.ok);
  assert.ok(!minimise(sc, 'lock-order').ok);
});

test('random and pct: seeded, reproducible, outcomes within the full set, find the use-after-free', () => {
  const sc = fileRace('v6.8');
  const full = explore(sc);
  for (const mode of ['random', 'pct'] as const) {
    const a = explore(sc, { mode, seed: 7, maxExecutions: 300 });
    const b = explore(sc, { mode, seed: 7, maxExecutions: 300 });
    assert.equal(a.kind, 'bound-reached');
    assert.deepEqual([...a.outcomes.entries()], [...b.outcomes.entries()]);
    for (const o of a.outcomes.keys()) assert.ok(full.outcomes.has(o), `${mode}: ${o}`);
    const first = explore(sc, { mode, seed: 3, maxExecutions: 2000, stopOn: 'use-after-free' });
    assert.ok(first.kind === 'bound-reached' && first.limit === 'violation', `${mode} did not find the UAF`);
    for (const [o, info] of a.outcomes) {
      const r = replay(sc, info.token);
      assert.ok(r.ok && r.outcome === o);
    }
  }
});

test('preemption bounding: bound 0 ⊆ bound 1 ⊆ full', () => {
  const sc = fileRace('v6.8');
  const full = explore(sc, { mode: 'naive' });
  const b0 = explore(sc, { bound: 0 });
  const b1 = explore(sc, { bound: 1 });
  assert.equal(b1.mode, 'bounded');
  assert.equal(b1.preemptionBound, 1);
  for (const o of b0.outcomes.keys()) assert.ok(b1.outcomes.has(o));
  for (const o of b1.outcomes.keys()) assert.ok(full.outcomes.has(o));
  assert.ok(b0.stats.executions < b1.stats.executions && b1.stats.executions < full.stats.executions);
});

test('limits end with typed results: executions, timeout; a model bug is a model-error value', () => {
  const big = toyScenario([
    [
      { op: 'inc', c: 0 },
      { op: 'inc', c: 1 },
      { op: 'inc', c: 0 },
    ],
    [
      { op: 'rd', c: 0 },
      { op: 'rd', c: 1 },
      { op: 'rd', c: 0 },
    ],
    [
      { op: 'wr', c: 0, k: 2 },
      { op: 'wr', c: 1, k: 2 },
    ],
  ]);
  const r = explore(big, { mode: 'naive', maxExecutions: 50 });
  assert.ok(r.kind === 'bound-reached' && r.limit === 'executions');
  assert.equal(r.stats.executions, 50);
  const t = explore(big, { mode: 'naive', timeoutMs: 0 });
  assert.ok(t.kind === 'bound-reached' && t.limit === 'timeout');

  const v = variant('v7.1');
  const buggy: Scenario = {
    name: 'model bug',
    variant: v,
    setup() {
      const m = new Machine(v);
      const t0 = m.spawn('P0', 'user', null);
      start(
        t0,
        (function* () {
          yield { k: 'read', o: t0, f: 'x' } as const;
          throw new Error('epoll-lab bug: boom');
        })(),
      );
      return { machine: m, threads: [t0] };
    },
  };
  const e = explore(buggy);
  assert.ok(e.kind === 'model-error' && /boom/.test(e.message) && e.token.startsWith('el1:'));
});

test('stats: executions, redundant, steps, throughput and the naive estimate are printed', () => {
  const r = explore(
    toyScenario([
      [
        { op: 'inc', c: 0 },
        { op: 'rd', c: 1 },
      ],
      [
        { op: 'wr', c: 1, k: 1 },
        { op: 'rd', c: 0 },
      ],
    ]),
  );
  const s = formatStats(r.stats);
  assert.match(
    s,
    /^executions \d+ \(redundant 0, blocked 0\) \| steps [\d,]+ \| [\d.]+ s \| [\d,]+ exec\/s \| naive estimate 6$/,
  );
  assert.equal(multinomial([2, 2]), 6);
  assert.equal(multinomial([10, 10]), 184756);
});

test('dpor with 10 threads (vector clocks widen): 9 readers and a writer give exactly 2^9 trace classes', () => {
  const prog = [...Array.from({ length: 9 }, () => [{ op: 'rd' as const, c: 1 }]), [{ op: 'wr' as const, c: 1, k: 1 }]];
  const r = explore(toyScenario(prog));
  assert.equal(r.kind, 'exhausted');
  assert.equal(r.stats.executions, 512);
  assert.equal(r.outcomes.size, 512);
  assert.equal(r.stats.redundant, 0);
});

test('progress counts the distinct violations found so far (the large-exploration warning reads it)', () => {
  const x = explorer(toyScenario([[{ op: 'free', c: 0 }], [{ op: 'free', c: 0 }]]));
  assert.equal(x.progress().violations, 0);
  const r = x.step(Infinity);
  assert.ok(r !== null && r.violations.length > 0);
  assert.equal(x.progress().violations, r.violations.length);
});
