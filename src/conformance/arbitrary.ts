// Random syscall scripts over the whole call vocabulary (fast-check), for differential runs and variant properties.
import fc from 'fast-check';

/** What a generated script may contain. */
export interface ScriptShape {
  /** Allow model-only calls (dma-buf, fences, sync_file): such scripts cannot run on a real kernel. */
  readonly modelOnly?: boolean;
  /** Allow calls that may block forever (blocking reads, epoll_wait(-1)); each ends its script with BLOCKS. */
  readonly blocking?: boolean;
  /** Allow mount/umount/open/mkfifo (needs root and a private mount namespace on a real kernel). */
  readonly mounts?: boolean;
  /** Most lines in one script. */
  readonly maxLines?: number;
  /**
   * Give each created file its own names (`p3, q3 = pipe()`, `ep5 = epoll_create1(0)`) so that earlier files stay
   * reachable by name: more registrations, deeper nesting. Default: decided per script by its first op.
   */
  readonly distinct?: boolean;
}

/** One random step: which rule renders it, and raw numbers the rule maps onto arguments. */
export interface Op {
  readonly rule: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: bigint;
}

const PIPE_FLAGS = ['0', 'O_NONBLOCK', 'O_CLOEXEC', 'O_NONBLOCK|O_CLOEXEC'];
const STRINGS = ['"x"', '"hello\\n"', '"\\x00\\xff"', '""'];
const EV_BASE = [
  'EPOLLIN',
  'EPOLLOUT',
  'EPOLLIN|EPOLLOUT',
  'EPOLLIN|EPOLLRDHUP',
  '0',
  'EPOLLPRI',
  'EPOLLIN|EPOLLOUT|EPOLLRDHUP',
  'EPOLLIN',
  'EPOLLOUT',
  'EPOLLIN|EPOLLOUT',
  'EPOLLHUP|EPOLLERR',
  'EPOLLRDNORM|EPOLLWRNORM',
  'EPOLLRDBAND|EPOLLWRBAND|EPOLLMSG',
  'EPOLLIN|EPOLLPRI|EPOLLOUT|EPOLLERR|EPOLLHUP|EPOLLRDHUP',
];
/** Rarer argument forms: bad flags, limits, odd commands (each rule picks one by a raw number). */
const EPOLL_CREATE1_FLAGS = ['O_NONBLOCK', '-1', '0x80001', 'O_CLOEXEC'];
/** timerfd_create's clocks (2: CLOCK_PROCESS_CPUTIME_ID, EINVAL) and flags (0x40: EINVAL). */
const TIMERFD_CREATE_ARGS = [
  'CLOCK_MONOTONIC, TFD_NONBLOCK',
  'CLOCK_REALTIME, TFD_NONBLOCK|TFD_CLOEXEC',
  'CLOCK_BOOTTIME, TFD_NONBLOCK',
  'CLOCK_MONOTONIC, 0x40',
  '2, TFD_NONBLOCK',
];
/** timerfd_settime's flags and itimerspec: a disarm, or EINVAL (negative time, tv_nsec >= 1e9, unknown flag). */
const TIMERFD_SETTIME_ARGS = ['0, 0, 0, 0, 0', '0, -1, 0, 0, 0', '0, 0, 1000000000, 0, 0', '4, 0, 1, 0, 0'];
const FCNTL_ARGS = [
  'F_GETFL',
  'F_SETFL, O_APPEND',
  'F_SETFL, 0',
  'F_DUPFD_CLOEXEC, 0',
  'F_SETFD, 0',
  'F_DUPFD, 1023',
  'F_DUPFD, -1',
  '999',
];
/** Paths with dots, slashes and the root: how the walk treats them is checked against Linux like the rest. */
const ODD_PATHS = ['/d0', 'd0/', 'd1/../d0', 'd0/.', '.', '/', '..', 'd0/f0/', 'd0/p0/..', 'd1/d0/../f1'];
const UMOUNT_FLAGS = ['MNT_EXPIRE', 'MNT_FORCE', 'UMOUNT_NOFOLLOW', '0x10', 'MNT_EXPIRE|MNT_DETACH', 'MNT_DETACH'];
const OPEN_ODD_FLAGS = [
  'O_RDONLY',
  'O_CREAT|O_RDWR|O_NONBLOCK',
  'O_RDONLY|O_DIRECTORY',
  'O_CREAT|O_DIRECTORY',
  'O_PATH',
];
const MAXEVENTS = ['178956970', '178956971', '-1', '2147483647'];
const CLOSE_RANGE_FLAGS = [
  'CLOSE_RANGE_CLOEXEC',
  'CLOSE_RANGE_UNSHARE',
  '1',
  'CLOSE_RANGE_CLOEXEC|CLOSE_RANGE_UNSHARE',
];
const OPEN_FORMS = [
  (d: string) => `f = open("${d}", O_RDONLY|O_DIRECTORY)`,
  (d: string) => `f = open("${d}", O_RDWR)`,
  (d: string, f: string) => `f = open("${d}/${f}", O_CREAT|O_EXCL|O_RDWR|O_NONBLOCK)`,
  (d: string, f: string) => `f = open("${d}/${f}", O_RDWR|O_APPEND|O_TRUNC)`,
  (d: string, f: string) => `f = open("${d}/${f}", O_WRONLY|O_NONBLOCK)`,
  (d: string, f: string) => `f = open("${d}/${f}", O_RDWR|O_NONBLOCK)`,
  (d: string, f: string) => `f = open("${d}/${f}", O_RDONLY|O_CREAT|O_CLOEXEC)`,
];
const EV_MODE = [
  '',
  '',
  '|EPOLLET',
  '|EPOLLET',
  '|EPOLLONESHOT',
  '|EPOLLET|EPOLLONESHOT',
  '|EPOLLEXCLUSIVE',
  '|EPOLLWAKEUP',
];
const OPS = [
  'EPOLL_CTL_ADD',
  'EPOLL_CTL_ADD',
  'EPOLL_CTL_ADD',
  'EPOLL_CTL_ADD',
  'EPOLL_CTL_ADD',
  'EPOLL_CTL_MOD',
  'EPOLL_CTL_MOD',
  'EPOLL_CTL_DEL',
  '0',
  '4',
];
const U64 = [0n, 1n, 7n, 0xffffffffn, 2n ** 63n, 2n ** 64n - 1n];

/** A socketpair whose two fds cannot block a script (socketpair takes no flags here). */
const NONBLOCKING_PAIR = 's, t = socketpair()\nfcntl(s, F_SETFL, O_NONBLOCK)\nfcntl(t, F_SETFL, O_NONBLOCK)';

type Rule = (o: Op, st: RenderState) => string | null;

interface RenderState {
  readonly shape: ScriptShape;
  forks: number;
  fence: boolean;
  /** fd names bound so far, in binding order. */
  readonly names: string[];
}

/** An fd argument: mostly a bound name or a small number, sometimes a closed or impossible one. */
function fdOf(n: number, st: RenderState): string {
  if (n % 23 === 0) return '-1';
  if (n % 17 === 0) return '999';
  if (n % 3 !== 0 && st.names.length > 0) return st.names[n % st.names.length] as string;
  return String(n % 12);
}

/** An epfd argument: mostly a bound epoll name (`ep`, `ep2`), else any fd argument. */
function epOf(n: number, st: RenderState): string {
  const eps = st.names.filter((x) => x.startsWith('ep'));
  if (n % 5 !== 0 && eps.length > 0) return eps[n % eps.length] as string;
  return fdOf(n, st);
}

/** An epoll_ctl target: mostly a bound name that is not an epoll, sometimes an epoll (nesting), else any fd. */
function targetOf(n: number, st: RenderState): string {
  const files = st.names.filter((x) => !x.startsWith('ep'));
  if (n % 5 === 0) return epOf(n >> 3, st);
  if (n % 7 !== 0 && files.length > 0) return files[(n >> 2) % files.length] as string;
  return fdOf(n, st);
}

/** `body` with the names its first line binds suffixed by `n` everywhere in it (not `x` of dup: it stays reused). */
function renamed(body: string, n: number): string {
  const first = body.split('\n')[0] as string;
  let out = body;
  for (const name of boundNames(first)) {
    if (name !== 'x') out = out.replace(new RegExp(`\\b${name}\\b`, 'g'), `${name}${n}`);
  }
  return out;
}

/** The names a line binds (`r, w = pipe()` binds r and w). */
function boundNames(line: string): string[] {
  const m = /^([\w, ]+) = (?!fork|dmabuf_fence)/.exec(line);
  return m === null ? [] : (m[1] as string).split(',').map((n) => n.trim());
}

interface RuleDef {
  /** Weight: how many table slots the rule takes. */
  readonly w: number;
  readonly r: Rule;
  /** The shape flag the rule needs. */
  readonly only?: keyof ScriptShape;
  /** The rule creates files: the first quarter of a script is drawn from these only. */
  readonly creates?: boolean;
}

const RULES: readonly RuleDef[] = [
  { w: 3, only: 'blocking', creates: true, r: () => 'p, q = pipe()' },
  { w: 3, creates: true, r: (o) => `p, q = pipe2(${PIPE_FLAGS[(o.a % 2) * 2 + 1]})` },
  { w: 1, only: 'blocking', creates: true, r: (o) => `p, q = pipe2(${PIPE_FLAGS[(o.a % 2) * 2]})` },
  { w: 3, creates: true, r: (_o, st) => (st.shape.blocking === true ? 's, t = socketpair()' : NONBLOCKING_PAIR) },
  {
    w: 3,
    creates: true,
    r: (o) => `e = eventfd(${o.a % 3}, ${['EFD_NONBLOCK', 'EFD_NONBLOCK|EFD_SEMAPHORE'][o.b % 2]})`,
  },
  { w: 1, only: 'blocking', creates: true, r: (o) => `e = eventfd(${o.a % 3}, 0)` },
  {
    w: 4,
    creates: true,
    r: (o) => `${o.b % 3 === 0 ? 'ep2' : 'ep'} = epoll_create1(${o.a % 5 === 0 ? 'EPOLL_CLOEXEC' : '0'})`,
  },
  { w: 1, r: (o) => `ep = epoll_create(${(o.a % 3) - 1})` },
  {
    w: 24,
    r: (o, st) => {
      const op = OPS[(o.b >> 4) % OPS.length] as string;
      if (o.c % 11 === 0) return `epoll_ctl(${epOf(o.a, st)}, ${op}, ${targetOf(o.b, st)}, NULL)`;
      const ev = `${EV_BASE[o.c % EV_BASE.length]}${EV_MODE[(o.c >> 3) % EV_MODE.length]}`.replace(/^0\|/, '');
      return `epoll_ctl(${epOf(o.a, st)}, ${op}, ${targetOf(o.b, st)}, ${ev}, ${o.d})`;
    },
  },
  {
    w: 16,
    r: (o, st) => {
      const max = o.b % 11 === 0 ? 0 : (o.b % 4) + 1;
      return o.c % 13 === 0
        ? `epoll_wait(${epOf(o.a, st)}, ${max}, 0, NULL)`
        : `epoll_wait(${epOf(o.a, st)}, ${max}, 0)`;
    },
  },
  { w: 2, r: (o, st) => `epoll_pwait2(${epOf(o.a, st)}, ${(o.b % 3) + 1}, 0, ${o.c % 7 === 0 ? -1 : 0})` },
  { w: 3, r: (o, st) => `poll(${fdOf(o.a, st)}, ${['POLLIN', 'POLLOUT', 'POLLIN|POLLOUT', 'POLLPRI'][o.b % 4]})` },
  { w: 5, r: (o, st) => `read(${fdOf(o.a, st)}, ${o.b % 10})` },
  {
    w: 5,
    r: (o, st) =>
      o.c % 2 === 0 ? `write(${fdOf(o.a, st)}, ${STRINGS[o.b % 4]})` : `write(${fdOf(o.a, st)}, ${(o.b % 40) * 1700})`,
  },
  { w: 2, r: (o, st) => `eventfd_read(${fdOf(o.a, st)})` },
  {
    w: 2,
    r: (o, st) => `eventfd_write(${fdOf(o.a, st)}, ${o.b % 3 === 0 ? '18446744073709551614' : String(o.b % 5)})`,
  },
  { w: 6, r: (o, st) => `close(${fdOf(o.a, st)})` },
  { w: 3, r: (o, st) => `x = dup(${fdOf(o.a, st)})` },
  { w: 2, r: (o, st) => `dup2(${fdOf(o.a, st)}, ${fdOf(o.b, st)})` },
  { w: 1, r: (o, st) => `dup3(${fdOf(o.a, st)}, ${fdOf(o.b, st)}, ${o.c % 2 === 0 ? 'O_CLOEXEC' : '0'})` },
  {
    w: 1,
    r: (o, st) =>
      `fcntl(${fdOf(o.a, st)}, ${['F_DUPFD, 5', 'F_GETFD', 'F_SETFD, FD_CLOEXEC', 'F_SETFL, O_NONBLOCK'][o.b % 4]})`,
  },
  { w: 1, r: (o) => `close_range(${(o.a % 6) + 6}, ${(o.b % 6) + 9}, 0)` },
  { w: 2, r: (o, st) => `shutdown(${fdOf(o.a, st)}, ${['SHUT_RD', 'SHUT_WR', 'SHUT_RDWR'][o.b % 3]})` },
  { w: 2, only: 'mounts', r: (o) => `mount("d${o.a % 2}")` },
  { w: 2, only: 'mounts', r: (o) => (o.b % 3 === 0 ? `umount2("d${o.a % 2}", MNT_DETACH)` : `umount("d${o.a % 2}")`) },
  { w: 2, only: 'mounts', creates: true, r: (o) => `f = open("d${o.a % 2}/f${o.b % 2}", O_CREAT|O_RDWR|O_NONBLOCK)` },
  { w: 1, only: 'mounts', r: (o) => `mkfifo("d${o.a % 2}/p${o.b % 2}")` },
  { w: 1, only: 'mounts', r: (o) => `f = open("d${o.a % 2}/p${o.b % 2}", O_RDONLY|O_NONBLOCK)` },
  {
    w: 2,
    r: (_o, st) => {
      st.forks++;
      return `c${st.forks} = fork()`;
    },
  },
  { w: 1, r: () => 'exit()' },
  {
    w: 1,
    creates: true,
    r: (o) => `t = timerfd_create(${TIMERFD_CREATE_ARGS[o.a % TIMERFD_CREATE_ARGS.length]})`,
  },
  // Timers stay disarmed (or get EINVAL): an expiry would race the script against the host's clock.
  {
    w: 1,
    r: (o, st) => `timerfd_settime(${fdOf(o.a, st)}, ${TIMERFD_SETTIME_ARGS[o.b % TIMERFD_SETTIME_ARGS.length]})`,
  },
  { w: 1, creates: true, r: (o) => `p, q = pipe2(${['O_DIRECT|O_NONBLOCK', '1', 'O_NONBLOCK|0x8'][o.a % 3]})` },
  { w: 1, r: (o) => `e = eventfd(${o.a % 2}, ${['1', 'EFD_NONBLOCK|EFD_CLOEXEC', '-1'][o.b % 3]})` },
  { w: 1, r: (o) => `ep = epoll_create1(${EPOLL_CREATE1_FLAGS[o.a % EPOLL_CREATE1_FLAGS.length]})` },
  { w: 2, r: (o, st) => `fcntl(${fdOf(o.a, st)}, ${FCNTL_ARGS[o.b % FCNTL_ARGS.length]})` },
  {
    w: 2,
    r: (o, st) =>
      `epoll_ctl(${epOf(o.a, st)}, ${OPS[(o.b >> 4) % OPS.length]}, ${targetOf(o.b, st)}, ${o.d % 2n ** 32n}, ${o.c})`,
  },
  { w: 1, r: (o, st) => `epoll_wait(${epOf(o.a, st)}, ${MAXEVENTS[o.b % MAXEVENTS.length]}, 0)` },
  { w: 1, r: (o, st) => `epoll_wait(${epOf(o.a, st)}, ${(o.b % 3) + 1}, 1)` },
  {
    w: 1,
    r: (o, st) =>
      `epoll_pwait2(${epOf(o.a, st)}, ${(o.b % 3) + 1}, ${['0, 1', '-1, 0', '0, 1000000000', '0, 999999'][o.c % 4]})`,
  },
  { w: 1, only: 'blocking', r: (o, st) => `epoll_pwait2(${epOf(o.a, st)}, 1, NULL)` },
  // A FIFO opened for reading alone waits for a writer (ENOENT without the mounts shape).
  { w: 1, only: 'blocking', r: (o) => `f = open("d${o.a % 2}/p${o.b % 2}", ${['O_RDONLY', 'O_WRONLY'][o.c % 2]})` },
  {
    w: 1,
    r: (o) =>
      `close_range(${o.a % 12}, ${o.b % 3 === 0 ? '4294967295' : String(o.b % 12)}, ${CLOSE_RANGE_FLAGS[o.c % 4]})`,
  },
  { w: 1, r: (o, st) => `x = dup3(${fdOf(o.a, st)}, ${fdOf(o.a, st)}, 0)` },
  { w: 1, only: 'mounts', r: (o) => `mount("${ODD_PATHS[o.a % ODD_PATHS.length]}")` },
  {
    w: 1,
    only: 'mounts',
    r: (o) => `umount2("${['d0', 'd1', ...ODD_PATHS][o.a % 12]}", ${UMOUNT_FLAGS[o.b % UMOUNT_FLAGS.length]})`,
  },
  {
    w: 1,
    only: 'mounts',
    r: (o) => `f = open("${ODD_PATHS[o.a % ODD_PATHS.length]}", ${OPEN_ODD_FLAGS[o.b % OPEN_ODD_FLAGS.length]})`,
  },
  { w: 1, only: 'mounts', r: (o) => `mkfifo("${ODD_PATHS[o.a % ODD_PATHS.length]}")` },
  {
    w: 1,
    r: (o, st) => `poll(${fdOf(o.a, st)}, ${['POLLRDHUP', 'POLLIN|POLLRDNORM|POLLOUT|POLLWRNORM', '0'][o.b % 3]})`,
  },
  {
    w: 2,
    only: 'mounts',
    creates: true,
    r: (o) =>
      (OPEN_FORMS[o.c % OPEN_FORMS.length] as (d: string, f: string) => string)(
        `d${o.a % 2}`,
        ['f0', 'p0', 'p1'][o.b % 3] as string,
      ),
  },
  { w: 1, only: 'blocking', r: (o, st) => `eventfd_read(${fdOf(o.a, st)})` },
  { w: 1, only: 'blocking', r: (o, st) => `epoll_wait(${epOf(o.a, st)}, 1, -1)` },
  { w: 2, only: 'modelOnly', creates: true, r: () => 'b = dmabuf_export()' },
  {
    w: 2,
    only: 'modelOnly',
    r: (o, st) => {
      st.fence = true;
      return `fz = dmabuf_fence(${fdOf(o.a, st)}, ${o.b % 2 === 0 ? '"read"' : '"write"'})`;
    },
  },
  { w: 2, only: 'modelOnly', r: (_o, st) => (st.fence ? 'fence_signal(fz)' : null) },
  { w: 1, only: 'modelOnly', r: (_o, st) => (st.fence ? 'sy = sync_file(fz)' : null) },
];

/** The rules a shape allows (only creating ones when `creating`), each repeated by its weight. */
function table(shape: ScriptShape, creating: boolean): readonly Rule[] {
  const out: Rule[] = [];
  for (const r of RULES) {
    if (r.only !== undefined && shape[r.only] !== true) continue;
    if (creating && r.creates !== true) continue;
    for (let i = 0; i < r.w; i++) out.push(r.r);
  }
  return out;
}

/** Renders ops to a valid script: process prefixes name live processes only; an exit in `main` ends the script. */
export function renderScript(ops: readonly Op[], shape: ScriptShape = {}): string {
  const rules = table(shape, false);
  const st: RenderState = { shape, forks: 0, fence: false, names: [] };
  const alive = ['main'];
  const lines: string[] = [];
  const creators = table(shape, true);
  const setup = Math.max(3, ops.length >> 2);
  const distinct = shape.distinct ?? (ops[0]?.a ?? 0) % 2 === 1;
  let made = 0;
  for (const [i, o] of ops.entries()) {
    const proc = o.c % 4 === 0 ? (alive[(o.c >> 2) % alive.length] as string) : (alive[0] as string);
    const t = i < setup ? creators : rules;
    // Most scripts are about epoll: the first line creates one unless the draw says otherwise.
    const body = i === 0 && o.rule % 8 !== 0 ? 'ep = epoll_create1(0)' : (t[o.rule % t.length] as Rule)(o, st);
    if (body === null) continue;
    if (body === 'exit()') {
      if (proc === 'main') continue;
      alive.splice(alive.indexOf(proc), 1);
    }
    if (body.endsWith('= fork()')) alive.push(`c${st.forks}`);
    for (const line of (distinct ? renamed(body, ++made) : body).split('\n')) {
      for (const n of boundNames(line)) if (!st.names.includes(n)) st.names.push(n);
      lines.push(proc === 'main' ? line : `${proc}: ${line}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** One random op. */
export const opArbitrary: fc.Arbitrary<Op> = fc.record({
  rule: fc.nat(10_000),
  a: fc.nat(1_000),
  b: fc.nat(1_000),
  c: fc.nat(1_000),
  d: fc.oneof(fc.constantFrom(...U64), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })),
});

/** Random ops for scripts of the given shape (shrinks towards fewer, simpler lines). */
export function opsArbitrary(shape: ScriptShape = {}): fc.Arbitrary<Op[]> {
  return fc.array(opArbitrary, { minLength: 1, maxLength: shape.maxLines ?? 40, size: 'max' });
}

/** Random script text of the given shape. */
export function scriptArbitrary(shape: ScriptShape = {}): fc.Arbitrary<string> {
  return opsArbitrary(shape).map((ops) => renderScript(ops, shape));
}
