import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
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

/** Threads per program (`EPOLL_LAB_FUZZ_THREADS`, default 2: a third multiplies the time by about 20). */
const THREADS = Math.max(2, Number(process.env['EPOLL_LAB_FUZZ_THREADS'] ?? 2));

const EVENTS = [
  'EPOLLIN',
  'EPOLLOUT',
  'EPOLLIN|EPOLLOUT',
  'EPOLLIN|EPOLLET',
  'EPOLLIN|EPOLLONESHOT',
  'EPOLLIN|EPOLLRDHUP',
];

/** epoll calls on one watched file `x`. */
const epollOn = (x: string): string[] => [
  `epoll_ctl(ep, EPOLL_CTL_DEL, ${x}, NULL)`,
  `epoll_ctl(ep, EPOLL_CTL_ADD, ${x}, EPOLLIN, 7)`,
  `epoll_ctl(ep, EPOLL_CTL_MOD, ${x}, EPOLLIN|EPOLLONESHOT, 9)`,
  `close(${x})`,
  `dup(${x})`,
];
const WAITS = ['epoll_wait(ep, 8, 0)', 'epoll_wait(ep, 8, 0)', 'epoll_wait(ep, 8, -1)', 'close(ep)'];

/**
 * Each program centres on one kind of file (so that two threads often touch the same one): its calls, epoll's calls
 * on it, and the waits. A uniform draw over every call of every file made the races that matter too rare to find.
 */
const FOCUS: Readonly<Record<string, { readonly watched: string; readonly calls: readonly string[] }>> = {
  pipe: { watched: 'r', calls: ['write(w, "x")', 'read(r, 1)', 'close(w)', ...epollOn('r')] },
  blocking_pipe: { watched: 'p', calls: ['write(q, "z")', 'read(p, 1)', 'close(q)', ...epollOn('p')] },
  socket: {
    watched: 'a',
    calls: ['write(b, "x")', 'read(a, 1)', 'close(b)', 'shutdown(b, SHUT_WR)', 'shutdown(a, SHUT_RD)', ...epollOn('a')],
  },
  eventfd: { watched: 'efd', calls: ['eventfd_write(efd, 1)', 'eventfd_read(efd)', ...epollOn('efd')] },
  nested: {
    watched: 'ep2',
    calls: [
      'epoll_ctl(ep2, EPOLL_CTL_ADD, r, EPOLLIN, 5)',
      'epoll_ctl(ep2, EPOLL_CTL_DEL, r, NULL)',
      'epoll_wait(ep2, 8, 0)',
      'write(w, "x")',
      'read(r, 1)',
      ...epollOn('ep2'),
    ],
  },
  dmabuf: {
    watched: 'd',
    calls: ['dmabuf_fence(d, "write")', 'dmabuf_fence(d, "read")', ...epollOn('d')],
  },
  timerfd: {
    watched: 't',
    calls: [
      'timerfd_settime(t, 0, 0, 10000000, 0, 0)',
      'timerfd_settime(t, 0, 0, 0, 0, 0)',
      'read(t, 8)',
      'epoll_wait(ep, 8, 20)',
      ...epollOn('t'),
    ],
  },
  fifo: {
    watched: 'f',
    calls: [
      'write(f, "x")',
      'read(f, 1)',
      'umount("mnt")',
      'umount2("mnt", MNT_EXPIRE)',
      'open("mnt/f", O_RDWR|O_NONBLOCK)',
      ...epollOn('f'),
    ],
  },
};

/**
 * Path walks against umount and mount: lookups, lock_mount and do_umount contend for namespace_sem. Its own test (a
 * program costs 1-2 s, 5-10 times the others): the attach outside namespace_sem made DPOR run sleep-set-blocked
 * executions here (stop 12).
 */
const PATHS: Readonly<Record<string, { readonly watched: string; readonly calls: readonly string[] }>> = {
  paths: {
    watched: 'f',
    calls: [
      'close(f)',
      'umount("mnt")',
      'umount2("mnt", MNT_DETACH)',
      'umount2("mnt", MNT_EXPIRE)',
      'open("mnt/f", O_RDWR|O_NONBLOCK)',
      'open("mnt/g", O_CREAT|O_RDWR)',
      'mkfifo("mnt/h")',
      'mount("mnt/s")',
      // A mount stack two deep, and `..` out of a submount's root.
      'mount("mnt/s/t")',
      'umount("mnt/s")',
      'umount2("mnt/s", MNT_DETACH)',
      'open("mnt/s/../f", O_RDWR|O_NONBLOCK)',
    ],
  },
};

/** Programs centred on one of `focuses`. */
const programArb = (focuses: readonly string[]): fc.Arbitrary<Program> =>
  fc.constantFrom(...focuses).chain((focus) => {
    const { watched, calls } = (FOCUS[focus] ?? PATHS[focus]) as (typeof FOCUS)[string];
    const call = fc.constantFrom(...calls, ...WAITS);
    return fc.record({
      watched: fc.constant(watched),
      events: fc.constantFrom(...EVENTS),
      registered: fc.boolean(),
      queued: fc.subarray([
        'write(w, "y")',
        'write(q, "y")',
        'write(b, "y")',
        'eventfd_write(efd, 2)',
        'write(f, "q")',
      ]),
      forked: fc.boolean(),
      exits: fc.boolean(),
      irq: focus === 'dmabuf' ? fc.boolean() : fc.constant(false),
      submount: focus === 'paths' ? fc.boolean() : fc.constant(false),
      threads: fc.tuple(
        fc.array(call, { minLength: 1, maxLength: 3 }),
        ...Array.from({ length: THREADS - 1 }, () => fc.array(call, { minLength: 1, maxLength: 2 })),
      ),
    });
  });

/** A generated program before it is written out. */
interface Program {
  readonly watched: string;
  readonly events: string;
  readonly registered: boolean;
  readonly queued: readonly string[];
  /** The last thread runs in a child forked at the end of init (its own fd table, the same files). */
  readonly forked: boolean;
  /** A forked child's thread ends with exit() (its fd table's files are put as it goes). */
  readonly exits: boolean;
  /** An irq thread signals the fence `g` of the dma-buf (dmabuf focus only). */
  readonly irq: boolean;
  /** init also mounts "mnt/s" (paths focus only). */
  readonly submount: boolean;
  readonly threads: readonly (readonly string[])[];
}

function litmusText(p: Program): string {
  const lines = [
    'litmus kernel-dpor-fuzz',
    'init',
    '  r, w = pipe2(O_NONBLOCK)',
    '  p, q = pipe()',
    '  a, b = socketpair()',
    '  efd = eventfd(0, EFD_NONBLOCK)',
    '  mount("mnt")',
    '  mkfifo("mnt/f")',
    '  f = open("mnt/f", O_RDWR|O_NONBLOCK)',
    '  ep2 = epoll_create1(0)',
    '  d = dmabuf_export()',
    '  g = dmabuf_fence(d, "write")',
    '  t = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK)',
    '  ep = epoll_create1(0)',
    ...(p.submount ? ['  mount("mnt/s")'] : []),
    ...(p.registered ? [`  epoll_ctl(ep, EPOLL_CTL_ADD, ${p.watched}, ${p.events}, 1)`] : []),
    ...p.queued.map((c) => `  ${c}`),
  ];
  if (p.forked) lines.push('  c = fork()');
  p.threads.forEach((calls, t) => {
    lines.push(p.forked && t === p.threads.length - 1 ? `thread P${t} in c` : `thread P${t}`);
    calls.forEach((c, k) => lines.push(`  v${t}${k} = ${c}`));
    if (p.forked && p.exits && t === p.threads.length - 1) lines.push('  exit()');
  });
  if (p.irq) lines.push('thread IRQ irq', '  s = fence_signal(g)');
  return `${lines.join('\n')}\n`;
}

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
