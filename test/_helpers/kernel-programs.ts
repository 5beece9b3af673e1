// Test helper: random litmus programs over the kernel model (pipes, sockets, eventfds, FIFOs, dma-bufs, timerfds,
// nested epolls, forked children, path walks against mount and umount), shared by the DPOR and stateful fuzz tests.
import fc from 'fast-check';

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
export const FOCUS: Readonly<Record<string, { readonly watched: string; readonly calls: readonly string[] }>> = {
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
export const PATHS: Readonly<Record<string, { readonly watched: string; readonly calls: readonly string[] }>> = {
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
export const programArb = (focuses: readonly string[]): fc.Arbitrary<Program> =>
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
export interface Program {
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

export function litmusText(p: Program): string {
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

/** `p` with its first thread repeated `copies` times; the other generated thread stays unless `alone`. */
export function repeatFirst(p: Program, copies: number, alone: boolean): Program {
  const first = p.threads[0] as readonly string[];
  const rest = alone ? [] : p.threads.slice(1);
  return { ...p, forked: p.forked && !alone, threads: [...Array.from({ length: copies }, () => first), ...rest] };
}
