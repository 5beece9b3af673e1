import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FOCUS, litmusText, PATHS, programArb, type Program } from '../_helpers/kernel-programs.ts';
import { explore, type ExploreResult } from '../../src/explore/index.ts';
import { variant } from '../../src/kernel/variant.ts';
import { compileLitmus } from '../../src/litmus/compile.ts';
import { parseLitmus } from '../../src/litmus/parse.ts';

// DPOR over the real kernel model, against preemption-bounded naive DFS, on random litmus programs: a pipe (and a
// blocking one), a socketpair, an eventfd, a FIFO on a tmpfs mount, a dma-buf with a fence, a timerfd, a nested epoll
// and an epoll, with random registrations, and two threads of one to three calls; the last thread may run in a child
// forked at the end of init (and then exit), and dma-buf programs may add an irq thread signalling the fence. A shared
// access made without its step, under another field's step, or read a step late is a dependency DPOR cannot see: it
// then follows an infeasible schedule (a blocked execution) or misses an outcome naive DFS reaches. This found pipe
// buffers moving head/tail under a 'bufs' step and pipe_release decrementing writers under the 'readers' step; the
// path focus found mount attaching outside namespace_sem and a double detach (stop 12).

/**
 * The variant with every fix the model knows (the dma-buf pin, the `ep_remove` pin): a memory-safety report on it is
 * either a kernel bug nobody has reported or, far likelier, a model bug. The walk of a path that umount freed under
 * it was one (fixed in stop 11).
 */
const MEMORY_SAFE_VARIANT = 'v7.1';
const MEMORY_KINDS: ReadonlySet<string> = new Set([
  'use-after-free',
  'refcount-addition-on-0',
  'refcount-underflow',
  'double-fput',
  'bug-on',
]);

/** What is wrong with DPOR's exploration of the program on `v`, or null. */
function problems(text: string, v: string): string | null {
  const parsed = parseLitmus(text, { file: 'fuzz.litmus' });
  if (!parsed.ok) throw new Error(`generator bug: ${parsed.errors.map((e) => e.message).join('; ')}\n${text}`);
  const c = compileLitmus(parsed.test, variant(v));
  if (!c.ok) throw new Error(`generator bug: ${c.error.message}\n${text}`);
  const sc = c.compiled.scenario;
  const dpor = explore(sc, { mode: 'dpor', maxExecutions: 3_000 });
  const naive = explore(sc, { mode: 'naive', bound: 1, maxExecutions: 3_000 });
  const out: string[] = [];
  const err = (r: ExploreResult): string | null => (r.kind === 'model-error' ? r.message : null);
  if (err(dpor) !== null || err(naive) !== null) out.push(`model error: ${err(dpor) ?? err(naive) ?? ''}`);
  if (dpor.stats.blocked > 0) out.push(`DPOR followed ${dpor.stats.blocked} infeasible schedules`);
  if (dpor.stats.redundant > 0) out.push(`DPOR ran ${dpor.stats.redundant} sleep-set-blocked executions`);
  if (v === MEMORY_SAFE_VARIANT) {
    const unsafe = dpor.violations.filter((x) => MEMORY_KINDS.has(x.kind)).map((x) => x.violation.title);
    if (unsafe.length > 0) out.push(`memory-safety reports on ${v}: ${unsafe.join(' ; ')}`);
  }
  if (dpor.kind === 'exhausted') {
    const missing = [...naive.outcomes.keys()].filter((o) => !dpor.outcomes.has(o));
    if (missing.length > 0) out.push(`DPOR misses outcomes naive DFS reaches: ${missing.join(' ; ')}`);
  }
  return out.length === 0 ? null : `${v}: ${out.join(' | ')}`;
}

const RUNS = Number(process.env['EPOLL_LAB_FUZZ_RUNS'] ?? 60);
const PATHS_RUNS = Number(process.env['EPOLL_LAB_FUZZ_PATHS_RUNS'] ?? 12);
const SEED = Number(process.env['EPOLL_LAB_FUZZ_SEED'] ?? 20261201);

function holds(p: Program): void {
  const text = litmusText(p);
  for (const v of ['v6.8', 'v7.1']) {
    const bad = problems(text, v);
    assert.equal(bad, null, `${bad ?? ''}\n${text}`);
  }
}

void test(`DPOR on the kernel model: no infeasible schedule, no outcome missed against bounded naive DFS, no memory-safety report on ${MEMORY_SAFE_VARIANT} (${RUNS} random litmus programs, v6.8 and v7.1)`, () => {
  fc.assert(fc.property(programArb(Object.keys(FOCUS)), holds), { numRuns: RUNS, seed: SEED });
});

void test(`DPOR on path walks against mount and umount: no sleep-set-blocked or infeasible execution, no outcome missed, no memory-safety report on ${MEMORY_SAFE_VARIANT} (${PATHS_RUNS} random litmus programs, v6.8 and v7.1)`, () => {
  fc.assert(fc.property(programArb(Object.keys(PATHS)), holds), { numRuns: PATHS_RUNS, seed: SEED });
});

const COUNTING_RUNS = Number(process.env['EPOLL_LAB_FUZZ_COUNTING_RUNS'] ?? 20);

/**
 * DPOR with one of its value-dependent relations (counting steps, view reads) against DPOR without it (every pair of
 * reference-count updates ordered; every read ordered after the last store) on one program, on v6.8, v6.9 and v7.1.
 */
function agreesWithout(relation: 'counting' | 'views', p: Program): void {
  const text = litmusText(p);
  const parsed = parseLitmus(text, { file: 'fuzz.litmus' });
  if (!parsed.ok) throw new Error(`generator bug\n${text}`);
  for (const v of ['v6.8', 'v6.9', 'v7.1']) {
    const c = compileLitmus(parsed.test, variant(v));
    if (!c.ok) throw new Error(`generator bug: ${c.error.message}\n${text}`);
    const sc = c.compiled.scenario;
    const plain = explore(sc, { mode: 'dpor', [relation]: false, maxExecutions: 1_500 });
    const with_ = explore(sc, { mode: 'dpor', maxExecutions: 1_500 });
    if (plain.kind !== 'exhausted' || with_.kind !== 'exhausted') continue;
    const kinds = (r: ExploreResult): string[] => [...new Set(r.violations.map((x) => x.kind))].sort();
    assert.deepEqual([...with_.outcomes.keys()].sort(), [...plain.outcomes.keys()].sort(), `${v}: outcomes\n${text}`);
    assert.deepEqual(kinds(with_), kinds(plain), `${v}: violation kinds\n${text}`);
    totals[relation].plain += plain.stats.executions;
    totals[relation].with += with_.stats.executions;
  }
}
const totals = { counting: { plain: 0, with: 0 }, views: { plain: 0, with: 0 } };
const countingAgrees = (p: Program): void => agreesWithout('counting', p);

void test(`counting DPOR = plain DPOR on the kernel model: same outcomes and violation kinds, fewer executions (${COUNTING_RUNS} random litmus programs and ${COUNTING_RUNS / 4} path walks, v6.8, v6.9 and v7.1)`, (t) => {
  fc.assert(fc.property(programArb(Object.keys(FOCUS)), countingAgrees), { numRuns: COUNTING_RUNS, seed: SEED + 1 });
  fc.assert(fc.property(programArb(Object.keys(PATHS)), countingAgrees), {
    numRuns: Math.ceil(COUNTING_RUNS / 4),
    seed: SEED + 2,
  });
  t.diagnostic(`executions: plain ${totals.counting.plain}, counting ${totals.counting.with}`);
  assert.ok(totals.counting.with < totals.counting.plain, 'counting steps reduced nothing');
});

const VIEWS_RUNS = Number(process.env['EPOLL_LAB_FUZZ_VIEWS_RUNS'] ?? 20);

void test(`view DPOR = plain-read DPOR on the kernel model: same outcomes and violation kinds, fewer executions (${VIEWS_RUNS} random litmus programs, v6.8, v6.9 and v7.1)`, (t) => {
  fc.assert(
    fc.property(programArb(Object.keys(FOCUS)), (p) => agreesWithout('views', p)),
    { numRuns: VIEWS_RUNS, seed: SEED + 3 },
  );
  t.diagnostic(`executions: plain reads ${totals.views.plain}, view reads ${totals.views.with}`);
  assert.ok(totals.views.with < totals.views.plain, 'view reads reduced nothing');
});
