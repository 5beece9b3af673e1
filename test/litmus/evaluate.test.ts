import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { ViolationKind } from '../../src/kernel/violation.ts';
import type { Condition } from '../../src/litmus/ast.ts';
import { holdsIn, verdict } from '../../src/litmus/evaluate.ts';
import { parseLitmus } from '../../src/litmus/parse.ts';
import { stateText, type FinalState, type ResultValue } from '../../src/litmus/state.ts';

const HEAD = [
  'litmus t',
  'init',
  '  r, w = pipe()',
  '  ep = epoll_create1(0)',
  'thread P0',
  '  n = epoll_wait(ep, 8, 0)',
  '  b = read(r, 4)',
  'thread P1',
  '  c = close(r)',
  '  fd = dup(w)',
  '',
].join('\n');

function cond(text: string): Condition {
  const r = parseLitmus(`${HEAD}${text}\n`);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  if (r.test.condition === null) throw new Error('no condition');
  return r.test.condition;
}

const done = (ret: number, extra: Partial<ResultValue & { status: 'done' }> = {}): ResultValue => ({
  status: 'done',
  ret,
  errno: null,
  events: null,
  data: null,
  ...extra,
});
const fail = (errno: string): ResultValue => ({ status: 'done', ret: -1, errno, events: null, data: null });

function state(v: Record<string, ResultValue>, kinds: string[] = []): FinalState {
  return { values: new Map(Object.entries(v)), kinds: new Set(kinds as ViolationKind[]) };
}

const S = state({
  'P0:n': done(2, {
    events: [
      { events: 0x1, data: 7n },
      { events: 0x4 | 0x10, data: 8n },
    ],
  }),
  'P0:b': done(1, { data: 'x' }),
  'P1:c': fail('EBADF'),
  'P1:fd': done(3),
});
const INIT_FDS = new Map([
  ['r', 3],
  ['w', 4],
  ['ep', 5],
]);

function holds(text: string, s: FinalState = S): boolean {
  return holdsIn(cond(`exists (${text})`).prop, s, INIT_FDS);
}

test('comparisons of return values, errnos and init fd names', () => {
  assert.equal(holds('P0:n == 2'), true);
  assert.equal(holds('P0:n.ret >= 2 /\\ P0:n < 3'), true);
  assert.equal(holds('P1:c == -EBADF'), true);
  assert.equal(holds('P1:c == -1'), true, '-1 matches any failure');
  assert.equal(holds('P1:c != -1'), false);
  assert.equal(holds('P1:c == -EBUSY'), false);
  assert.equal(holds('P1:c < 0'), true);
  assert.equal(holds('P1:fd == r'), true);
  assert.equal(holds('P1:fd == w'), false);
  assert.equal(holds('P1:fd = 3'), true, 'herd7-style =');
});

test('event lists in delivery order, event unions, has', () => {
  assert.equal(holds('P0:n == [EPOLLIN:7, EPOLLOUT|EPOLLHUP:8]'), true);
  assert.equal(holds('P0:n == [EPOLLOUT|EPOLLHUP:8, EPOLLIN:7]'), false, 'order matters');
  assert.equal(holds('P0:n == [EPOLLIN, EPOLLOUT|EPOLLHUP]'), true, 'no data: any data');
  assert.equal(holds('P0:n == [EPOLLIN:7]'), false);
  assert.equal(holds('P0:n == []'), false);
  assert.equal(holds('P0:n.events == EPOLLIN|EPOLLOUT|EPOLLHUP'), true);
  assert.equal(holds('P0:n.events has EPOLLHUP'), true);
  assert.equal(holds('P0:n has EPOLLIN|EPOLLOUT'), true);
  assert.equal(holds('P0:n.events has EPOLLERR'), false);
  assert.equal(holds('P0:b.data == "x"'), true);
  assert.equal(holds('P0:b == "x"'), true);
  assert.equal(holds('P0:b.data != "y"'), true);
});

test('an init fd name stands for its number as event data (ev.data.fd) and in .data comparisons', () => {
  const s = state({
    'P0:n': done(1, { events: [{ events: 0x4, data: 4n }] }),
    'P0:b': done(8, { data: 3n }),
  });
  assert.equal(holds('P0:n == [EPOLLOUT:w]', s), true);
  assert.equal(holds('P0:n == [EPOLLOUT:r]', s), false);
  assert.equal(holds('P0:b.data == r', s), true);
  assert.equal(holds('P0:b.data != w', s), true);
});

test('blocked and unfinished results compare only with their status', () => {
  const s = state({
    'P0:n': { status: 'blocked' },
    'P0:b': { status: 'unfinished' },
    'P1:c': done(0),
    'P1:fd': done(3),
  });
  assert.equal(holds('P0:n == blocked', s), true);
  assert.equal(holds('P0:n == unfinished', s), false);
  assert.equal(holds('P0:b == unfinished', s), true);
  assert.equal(holds('P0:n == 0', s), false);
  assert.equal(holds('P0:n != 0', s), true);
  assert.equal(holds('P0:n.events has EPOLLIN', s), false);
});

test('violation(kind) and violation(any); observations are not violations for any', () => {
  const s = state({ 'P0:n': done(0) }, ['use-after-free', 'double-fput']);
  assert.equal(holds('violation(use-after-free)', s), true);
  assert.equal(holds('violation(leak)', s), false);
  assert.equal(holds('violation(any)', s), true);
  assert.equal(holds('violation(any)', state({}, ['event-from-dying-file'])), false);
  assert.equal(holds('violation(event-from-dying-file)', state({}, ['event-from-dying-file'])), true);
  assert.equal(holds('violation(any)', S), false);
});

test('verdicts: Ok/No per quantifier, Observation over distinct states', () => {
  const c = (q: string) => cond(`${q} (true)`);
  assert.deepEqual(verdict(c('exists'), [true, false]), {
    holds: true,
    observation: 'Sometimes',
    positive: 1,
    negative: 1,
  });
  assert.equal(verdict(c('forall'), [true, false]).holds, false);
  assert.equal(verdict(c('forall'), [true, true]).observation, 'Always');
  assert.equal(verdict(c('~exists'), [false, false]).holds, true);
  assert.equal(verdict(c('~exists'), [false, false]).observation, 'Never');
  assert.equal(verdict(c('~exists'), [true]).holds, false);
});

test('state text: thread order then line order, errnos, events, data', () => {
  assert.equal(stateText(S.values), 'P0:n=2 [EPOLLIN:7, EPOLLOUT|EPOLLHUP:8]; P0:b=1 "x"; P1:c=-EBADF; P1:fd=3');
});

/** Random propositions over a few atoms, as source text. */
const ATOMS = ['P0:n == 2', 'P1:c == -EBADF', 'P1:fd == r', 'P0:n.events has EPOLLERR', 'violation(leak)', 'true'];
const propText: fc.Arbitrary<string> = fc.letrec<{ p: string }>((tie) => ({
  p: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...ATOMS),
    fc.tuple(tie('p'), tie('p')).map(([a, b]) => `(${a} /\\ ${b})`),
    fc.tuple(tie('p'), tie('p')).map(([a, b]) => `(${a} \\/ ${b})`),
    tie('p').map((a) => `~${a}`),
  ),
})).p;

const valueArb: fc.Arbitrary<ResultValue> = fc.oneof(
  fc.integer({ min: 0, max: 5 }).map((n) => done(n)),
  fc.constantFrom(fail('EBADF'), fail('EBUSY'), { status: 'blocked' } as const, { status: 'unfinished' } as const),
  fc.constantFrom(0x1, 0x8, 0x9).map((m) => done(1, { events: [{ events: m, data: 1n }] })),
);
const stateArb: fc.Arbitrary<FinalState> = fc
  .record({ n: valueArb, c: valueArb, fd: valueArb, leak: fc.boolean() })
  .map((x) => state({ 'P0:n': x.n, 'P0:b': done(0), 'P1:c': x.c, 'P1:fd': x.fd }, x.leak ? ['leak'] : []));

test('property: ~ is negation, /\\ and \\/ are conjunction and disjunction, /\\ binds tighter', () => {
  fc.assert(
    fc.property(propText, propText, propText, stateArb, (a, b, c, s) => {
      const h = (t: string): boolean => holds(t, s);
      assert.equal(h(`~(${a})`), !h(a));
      assert.equal(h(`${a} /\\ ${b}`), h(a) && h(b));
      assert.equal(h(`${a} \\/ ${b} /\\ ${c}`), h(a) || (h(b) && h(c)));
      assert.equal(h(`~(${a} /\\ ${b})`), h(`~${a} \\/ ~${b}`));
    }),
    { numRuns: 300 },
  );
});

test('property: exists P holds iff ~exists P does not; forall P iff ~exists ~P', () => {
  fc.assert(
    fc.property(propText, fc.array(stateArb, { maxLength: 5 }), (p, states) => {
      const sat = (c: Condition): boolean[] => states.map((s) => holdsIn(c.prop, s, INIT_FDS));
      const ex = cond(`exists (${p})`);
      const nex = cond(`~exists (${p})`);
      const fa = cond(`forall (${p})`);
      const nexNot = cond(`~exists (~(${p}))`);
      assert.equal(verdict(ex, sat(ex)).holds, !verdict(nex, sat(nex)).holds);
      assert.equal(verdict(fa, sat(fa)).holds, verdict(nexNot, sat(nexNot)).holds);
    }),
    { numRuns: 200 },
  );
});
