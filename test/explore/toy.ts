// Test helper: a toy kernel — small generator programs over counters, locks, a list, a wait queue, timers and works.
import fc from 'fast-check';
import { current } from '../../src/kernel/current.ts';
import { schedule_work } from '../../src/kernel/file.ts';
import {
  mutex_lock,
  mutex_unlock,
  read_lock,
  read_unlock,
  spinlock,
  spin_lock,
  spin_unlock,
  type Lock,
} from '../../src/kernel/lock.ts';
import { Machine } from '../../src/kernel/machine.ts';
import { KObject } from '../../src/kernel/object.ts';
import { kfree } from '../../src/kernel/slab.ts';
import { countRmw, rd, rdView, rmw, viewRead, wr, type Counting, type Gen, type Views } from '../../src/kernel/step.ts';
import type { Task } from '../../src/kernel/task.ts';
import { variant } from '../../src/kernel/variant.ts';
import { WaitQueueHead, wait_event, wake_up_all } from '../../src/kernel/wait.ts';
import { kfn } from '../../src/kernel/kfn.ts';
import { start } from '../../src/sched/runtime.ts';
import { scenarioHash, threadResult, type Scenario } from '../../src/explore/index.ts';

/** One toy instruction. Cells 0..2; locks 0..1. */
export type Op =
  | { readonly op: 'rd'; readonly c: number }
  /** A view read (`Step.view`): logs only whether the cell is positive (Cell's declared view). */
  | { readonly op: 'vrd'; readonly c: number }
  | { readonly op: 'wr'; readonly c: number; readonly k: number }
  | { readonly op: 'inc'; readonly c: number }
  /** Counting steps (`Step.ctr`): `get` is inc-not-zero (logs a failure), `put` a decrement logging the last one. */
  | { readonly op: 'get' | 'put'; readonly c: number }
  | { readonly op: 'push'; readonly k: number }
  | { readonly op: 'pop' }
  | { readonly op: 'lock'; readonly l: number; readonly body: readonly Op[] }
  /** The lock's read side (read_lock: readers share it), or mutex_lock (with the `mutex_unlock` knob's steps). */
  | { readonly op: 'rlock' | 'mlock'; readonly l: number; readonly body: readonly Op[] }
  | { readonly op: 'wait'; readonly c: number; readonly deadline: number | null; readonly interruptible?: boolean }
  | { readonly op: 'wake' }
  | { readonly op: 'free'; readonly c: number }
  | { readonly op: 'work'; readonly body: readonly Op[] }
  | { readonly op: 'timer'; readonly deadline: number; readonly body: readonly Op[] }
  | { readonly op: 'alloc' }
  /** Lock `a` then `b` if cell c reads 0, else `b` then `a` (a lock order depending on a read). */
  | { readonly op: 'order'; readonly c: number };

export type Program = readonly (readonly Op[])[];

/** A shared toy object: a counter `v`, plus the list, locks and wait queue on cell 0. */
export class Cell extends KObject {
  /** `blobs`: the (unmodelled) list the leaky allocations are put on. */
  declare readonly $locations?: 'blobs';
  v = 0;
  readonly items: number[] = [];
  /** What a `vrd` uses: whether the count is positive. */
  static readonly $views: Views<Cell> = { v: (c) => c.v > 0 };
  readonly locks: Lock[];
  readonly wq: WaitQueueHead;
  constructor() {
    super();
    this.locks = [spinlock(this, 'lock0'), spinlock(this, 'lock1')];
    this.wq = new WaitQueueHead(this, 'wq');
  }
}

/** A leaky object (its cache is listed as must-free). */
export class Blob extends KObject {}

/** The toy's counting steps: an inc-not-zero and a put, commuting from 1 and from 2 up (a freed cell: ordinary). */
const cellCount = (o: object): number | null => ((o as Cell).freed ? null : (o as Cell).v);
const GET: Counting = { delta: 1, from: 1, count: cellCount };
const PUT: Counting = { delta: -1, from: 2, count: cellCount };

interface World {
  readonly m: Machine;
  readonly cells: Cell[];
  readonly hub: Cell;
  readonly log: Map<Task, string[]>;
}

const toyOp = kfn('toy_op', function* (w: World, o: Op, log: string[]): Gen {
  const m = w.m;
  const cell = (c: number): Cell => w.cells[c % w.cells.length] as Cell;
  switch (o.op) {
    case 'rd': {
      const c = cell(o.c);
      yield rd(c, 'v');
      log.push(`r${c.v}`);
      return;
    }
    case 'vrd': {
      const c = cell(o.c);
      yield rdView(c, 'v');
      log.push(viewRead(c, 'v') === true ? 'p' : 'z');
      return;
    }
    case 'wr': {
      const c = cell(o.c);
      yield wr(c, 'v');
      c.v = o.k;
      return;
    }
    case 'inc': {
      const c = cell(o.c);
      yield rmw(c, 'v');
      c.v++;
      return;
    }
    case 'get': {
      const c = cell(o.c);
      yield countRmw(c, 'v', GET);
      if (c.v > 0) c.v++;
      else log.push('g0');
      return;
    }
    case 'put': {
      const c = cell(o.c);
      yield countRmw(c, 'v', PUT);
      if (--c.v <= 0) log.push(`z${c.v}`);
      return;
    }
    case 'push':
      yield wr(w.hub, 'items');
      w.hub.items.push(o.k);
      return;
    case 'pop':
      yield rmw(w.hub, 'items');
      log.push(`p${w.hub.items.pop() ?? '-'}`);
      return;
    case 'lock': {
      const l = w.hub.locks[o.l % 2] as Lock;
      yield* spin_lock(l);
      for (const b of o.body) yield* toyOp(w, b, log);
      yield* spin_unlock(l);
      return;
    }
    case 'rlock': {
      const l = w.hub.locks[o.l % 2] as Lock;
      yield* read_lock(l);
      for (const b of o.body) yield* toyOp(w, b, log);
      yield* read_unlock(l);
      return;
    }
    case 'mlock': {
      const l = w.hub.locks[o.l % 2] as Lock;
      yield* mutex_lock(l);
      for (const b of o.body) yield* toyOp(w, b, log);
      yield* mutex_unlock(l);
      return;
    }
    case 'wait': {
      const c = cell(o.c);
      const opts = { deadline: o.deadline, interruptible: o.interruptible ?? true };
      const r = yield* wait_event(w.hub.wq, () => cellPositive(c), opts);
      log.push(`w${r}`);
      return;
    }
    case 'wake':
      yield* wake_up_all(w.hub.wq);
      return;
    case 'free':
      yield* kfree(cell(o.c));
      return;
    case 'work': {
      const body = o.body;
      schedule_work(m, 'toy', () => toyWork(w, body));
      return;
    }
    case 'timer': {
      const body = o.body;
      yield wr(m.globals, 'hrtimers');
      m.hrtimers.push({ expires: o.deadline, name: 'toy', fn: () => toyWork(w, body) });
      return;
    }
    case 'alloc':
      m.alloc('timerfd_ctx', new Blob());
      yield wr(w.hub, 'blobs');
      return;
    case 'order': {
      const c = cell(o.c);
      yield rd(c, 'v');
      const [a, b] = c.v === 0 ? [0, 1] : [1, 0];
      yield* spin_lock(w.hub.locks[a] as Lock);
      yield* spin_lock(w.hub.locks[b] as Lock);
      yield* spin_unlock(w.hub.locks[b] as Lock);
      yield* spin_unlock(w.hub.locks[a] as Lock);
      return;
    }
  }
});

/** The wait condition: cell `c` is positive. */
function* cellPositive(c: Cell): Gen<boolean> {
  yield rd(c, 'v');
  return c.v > 0;
}

/** A kworker's or timer's body: the instructions, result discarded. */
function* toyWork(w: World, ops: readonly Op[]): Gen {
  yield* toyThread(w, ops, []);
}

function* toyThread(w: World, ops: readonly Op[], log: string[]): Gen<string> {
  w.log.set(current(), log);
  for (const o of ops) yield* toyOp(w, o, log);
  return log.join(',');
}

/** A scenario running `prog` (one thread per element) on a fresh toy machine. */
export function toyScenario(
  prog: Program,
  opts: { mustFree?: boolean; cells?: number; variant?: string; init?: number } = {},
): Scenario {
  const text = JSON.stringify(prog);
  return {
    name: `toy ${text}`,
    variant: variant(opts.variant ?? 'v7.1'),
    hash: scenarioHash(text),
    ...(opts.mustFree === true ? { mustFree: ['timerfd_ctx' as const] } : {}),
    setup() {
      const m = new Machine(this.variant);
      const cells: Cell[] = [];
      for (let i = 0; i < (opts.cells ?? 2); i++) {
        const cell = m.alloc('eventfd_ctx', new Cell());
        cell.v = opts.init ?? 0;
        cells.push(cell);
      }
      const w: World = { m, cells, hub: cells[0] as Cell, log: new Map() };
      worlds.set(m, w);
      const threads = prog.map((ops, i) => {
        const t = m.spawn(`P${i}`, 'user', null);
        start(t, toyThread(w, ops, []));
        return t;
      });
      return { machine: m, threads };
    },
    outcome(m, threads) {
      return `${threads.map((t) => `${t.comm}=${threadResult(t)}`).join(' ')} ; ${toyCells(m)}`;
    },
  };
}

/** The toy outcome `P0=a P1=b ; cells | kinds` with thread `perm[i]` given thread `i`'s result. */
function permuteToy(outcome: string, perm: readonly number[]): string {
  const bar = outcome.indexOf(' | ');
  const head = bar < 0 ? outcome : outcome.slice(0, bar);
  const tail = bar < 0 ? '' : outcome.slice(bar);
  const semi = head.indexOf(' ; ');
  const results = head
    .slice(0, semi)
    .split(' ')
    .map((x) => x.slice(x.indexOf('=') + 1));
  const renamed = results.map((_, j) => `P${j}=${results[perm.indexOf(j)] as string}`);
  return `${renamed.join(' ')}${head.slice(semi)}${tail}`;
}

/** `prog` with its first thread repeated `copies` times, the copies declared interchangeable (`Scenario.symmetry`). */
export function symmetricScenario(prog: Program, copies: number): Scenario {
  const first = prog[0] as Program[number];
  const p: Program = [...Array.from({ length: copies }, () => first), ...prog.slice(1)];
  const sc = toyScenario(p);
  return { ...sc, symmetry: { classes: [Array.from({ length: copies }, (_, i) => i)], permute: permuteToy } };
}

/** Final values of the toy cells, found through a registry keyed by machine. */
function toyCells(m: Machine): string {
  const w = worlds.get(m);
  if (w === undefined) return '';
  return w.cells.map((c) => `${c.v}${c.items.length > 0 ? `[${c.items.join(',')}]` : ''}`).join(' ');
}
const worlds = new WeakMap<Machine, World>();

// ---- fast-check arbitraries --------------------------------------------------------------------------------------

const cellA = fc.integer({ min: 0, max: 1 });
const simple: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('rd' as const), c: cellA }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('wr' as const), c: cellA, k: fc.integer({ min: 1, max: 2 }) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('inc' as const), c: cellA }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('push' as const), k: fc.integer({ min: 1, max: 2 }) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('pop' as const) }), weight: 1 },
);

/** Any toy instruction, with small bodies. */
export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: simple, weight: 10 },
  {
    arbitrary: fc.record({
      op: fc.constant('lock' as const),
      l: fc.integer({ min: 0, max: 1 }),
      body: fc.array(simple, { minLength: 0, maxLength: 2 }),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('wait' as const),
      c: cellA,
      deadline: fc.option(fc.constantFrom(10, 20), { nil: null }),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ op: fc.constant('wake' as const) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('free' as const), c: fc.constant(1) }), weight: 1 },
  {
    arbitrary: fc.record({ op: fc.constant('work' as const), body: fc.array(simple, { minLength: 1, maxLength: 2 }) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('timer' as const),
      deadline: fc.constantFrom(5, 15),
      body: fc.array(simple, { minLength: 1, maxLength: 1 }),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ op: fc.constant('order' as const), c: cellA }), weight: 1 },
);

/** 2 threads of 1-3 instructions, or 3 threads of 1-2. */
export const programArb: fc.Arbitrary<Program> = fc.oneof(
  fc.array(fc.array(opArb, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 2 }),
  fc.array(fc.array(opArb, { minLength: 1, maxLength: 2 }), { minLength: 3, maxLength: 3 }),
);

/** A lock instruction of any kind (spin, read side, mutex) around 0-2 simple instructions. */
const anyLockArb: fc.Arbitrary<Op> = fc.record({
  op: fc.constantFrom('lock' as const, 'rlock' as const, 'mlock' as const),
  l: fc.integer({ min: 0, max: 1 }),
  body: fc.array(simple, { minLength: 0, maxLength: 2 }),
});

/** Programs centred on lock kinds: 2 threads of 1-3 instructions or 3 of 1-2, mostly lock instructions. */
export const lockProgramArb: fc.Arbitrary<Program> = (() => {
  const op = fc.oneof({ arbitrary: anyLockArb, weight: 3 }, { arbitrary: simple, weight: 1 });
  return fc.oneof(
    fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 2 }),
    fc.array(fc.array(op, { minLength: 1, maxLength: 2 }), { minLength: 3, maxLength: 3 }),
  );
})();

/** Instructions around reference counts: gets and puts mostly, with reads, stores, locks and a free. */
const countOp: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constantFrom('get' as const, 'put' as const), c: fc.constant(0) }), weight: 8 },
  { arbitrary: fc.record({ op: fc.constantFrom('get' as const, 'put' as const), c: fc.constant(1) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('rd' as const), c: cellA }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('wr' as const), c: cellA, k: fc.integer({ min: 1, max: 2 }) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('inc' as const), c: cellA }), weight: 1 },
  {
    arbitrary: fc.record({
      op: fc.constant('lock' as const),
      l: fc.integer({ min: 0, max: 1 }),
      body: fc.array(fc.record({ op: fc.constantFrom('get' as const, 'put' as const, 'rd' as const), c: cellA }), {
        minLength: 1,
        maxLength: 2,
      }),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ op: fc.constant('free' as const), c: fc.constant(1) }), weight: 1 },
);

/** Programs of `op`: 2 threads of 1-4 instructions, 3 of 1-3, or 4 of 1-2. */
const programsOf = (op: fc.Arbitrary<Op>): fc.Arbitrary<Program> =>
  fc.oneof(
    fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 2 }),
    fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), { minLength: 3, maxLength: 3 }),
    fc.array(fc.array(op, { minLength: 1, maxLength: 2 }), { minLength: 4, maxLength: 4 }),
  );

/** Programs centred on counting steps. */
export const countProgramArb: fc.Arbitrary<Program> = programsOf(countOp);

/** Instructions around view reads: reads of whether a cell is positive, against stores (0 to 2), increments, locks. */
const viewOp: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('vrd' as const), c: cellA }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('wr' as const), c: cellA, k: fc.integer({ min: 0, max: 2 }) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('inc' as const), c: cellA }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('rd' as const), c: cellA }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constantFrom('get' as const, 'put' as const), c: cellA }), weight: 1 },
  {
    arbitrary: fc.record({
      op: fc.constant('lock' as const),
      l: fc.integer({ min: 0, max: 1 }),
      body: fc.array(
        fc.oneof(
          fc.record({ op: fc.constant('vrd' as const), c: cellA }),
          fc.record({ op: fc.constant('wr' as const), c: cellA, k: fc.integer({ min: 0, max: 2 }) }),
        ),
        { minLength: 1, maxLength: 2 },
      ),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ op: fc.constant('free' as const), c: fc.constant(1) }), weight: 1 },
);

/** Programs centred on view reads. */
export const viewProgramArb: fc.Arbitrary<Program> = programsOf(viewOp);
