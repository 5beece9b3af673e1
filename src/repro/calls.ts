// Standalone reproducers: one planned call line as plain libc code (native/repro_runtime.c has no call table).
import { formatEvents } from '../kernel/uapi.ts';
import { cBytes } from '../stress/codegen.ts';
import type { CArg, PlannedCall } from '../stress/plan.ts';

/** The C variable of an fd name in the code being generated. */
export type VarOf = (name: string) => string;

function ci(a: CArg | undefined, v: VarOf): string {
  if (a === undefined) return '0';
  return 'name' in a ? v(a.name) : `${a.lit}L`;
}

const CTL_OPS: Readonly<Record<string, string>> = { '1': 'EPOLL_CTL_ADD', '2': 'EPOLL_CTL_DEL', '3': 'EPOLL_CTL_MOD' };

/** A literal argument by its name where the C headers have one (epoll_ctl's op, event bits), else as ci does. */
function named(a: CArg | undefined, v: VarOf, names: (x: bigint) => string | undefined): string {
  return a !== undefined && 'lit' in a ? (names(a.lit) ?? ci(a, v)) : ci(a, v);
}

const ctlOp = (x: bigint): string | undefined => CTL_OPS[String(x)];
const events = (x: bigint): string | undefined =>
  x > 0n && x < 2n ** 32n ? `(uint32_t)(${formatEvents(Number(x)).replace(/\|/g, ' | ')})` : undefined;

/** Whether an argument is the literal `want` (then a C test on it can be folded away). */
function isLit(a: CArg | undefined, want: bigint): boolean {
  return a !== undefined && 'lit' in a && a.lit === want;
}

/** The expression of a call (a long: its return, -1 with errno on failure), or null when it needs statements. */
function callExpr(c: PlannedCall, v: VarOf): string | null {
  const a = (i: number): string => ci(c.ints[i], v);
  const path = cBytes(c.bytes);
  switch (c.id) {
    case 'C_EVENTFD':
      return `syscall(SYS_eventfd2, (unsigned)${a(0)}, (int)${a(1)})`;
    case 'C_SHUTDOWN':
      return `shutdown((int)${a(0)}, (int)${a(1)})`;
    case 'C_WRITE':
      return `write((int)${a(0)}, ${cBytes(c.bytes)}, ${c.bytes.length})`;
    case 'C_CLOSE':
      return `close((int)${a(0)})`;
    case 'C_DUP':
      return `dup((int)${a(0)})`;
    case 'C_DUP2':
      return `dup2((int)${a(0)}, (int)${a(1)})`;
    case 'C_DUP3':
      return `dup3((int)${a(0)}, (int)${a(1)}, (int)${a(2)})`;
    case 'C_FCNTL':
      return `syscall(SYS_fcntl, (int)${a(0)}, (unsigned)${a(1)}, (unsigned long)${a(2)})`;
    case 'C_CLOSE_RANGE':
      return `syscall(SYS_close_range, (unsigned)${a(0)}, (unsigned)${a(1)}, (unsigned)${a(2)})`;
    case 'C_UMOUNT':
      return `umount2(${path}, 0)`;
    case 'C_UMOUNT2':
      return `umount2(${path}, (int)${a(0)})`;
    case 'C_OPEN':
      return `syscall(SYS_openat, AT_FDCWD, ${path}, (int)${a(0)}, 0644)`;
    case 'C_MKFIFO':
      return `mknod(${path}, S_IFIFO | 0644, 0)`;
    case 'C_EPOLL_CREATE':
      return `syscall(SYS_epoll_create, (int)${a(0)})`;
    case 'C_EPOLL_CREATE1':
      return `syscall(SYS_epoll_create1, (int)${a(0)})`;
    default:
      return null;
  }
}

/** Statements that leave the call's result in `x` (a long) and set errno on failure. */
function callStmts(c: PlannedCall, v: VarOf): string[] | null {
  const a = (i: number): string => ci(c.ints[i], v);
  const e = callExpr(c, v);
  if (e !== null) return [`x = ${e};`];
  switch (c.id) {
    case 'C_PIPE':
    case 'C_PIPE2':
    case 'C_SOCKETPAIR': {
      const mk = c.id === 'C_PIPE' ? 'pipe(p)' : c.id === 'C_PIPE2' ? `pipe2(p, (int)${a(0)})` : '';
      const call = mk !== '' ? mk : 'socketpair(AF_UNIX, SOCK_STREAM, 0, p)';
      const binds = c.fdBinds.map((b) => `${v(b.name)} = p[${b.index}];`).join(' ');
      return ['{', `\tint p[2];`, `\tx = ${call};`, `\tif (x == 0) { ${binds} }`, '}'];
    }
    case 'C_READ':
      return ['{', '\tchar buf[256];', `\tx = read((int)${a(0)}, buf, (size_t)${a(1)});`, '}'];
    case 'C_EVENTFD_READ':
      return ['{', '\tuint64_t u;', `\tx = read((int)${a(0)}, &u, 8);`, '}'];
    case 'C_EVENTFD_WRITE':
      return ['{', `\tuint64_t u = ${c.u64}ULL;`, `\tx = write((int)${a(0)}, &u, 8);`, '}'];
    case 'C_MOUNT': {
      const p = cBytes(c.bytes);
      return [`mkdir(${p}, 0755);`, `x = mount("tmpfs", ${p}, "tmpfs", 0, NULL);`];
    }
    case 'C_EPOLL_CTL': {
      const call = (arg: string): string =>
        `x = epoll_ctl((int)${a(0)}, ${named(c.ints[1], v, ctlOp)}, (int)${a(2)}, ${arg});`;
      if (isLit(c.ints[3], 0n)) return [call('NULL')];
      const ev = `{.events = ${named(c.ints[4], v, events)}, .data = {.u64 = ${c.u64}ULL}}`;
      return [
        '{',
        `\tstruct epoll_event e = ${ev};`,
        `\t${call(isLit(c.ints[3], 1n) ? '&e' : `${a(3)} ? &e : NULL`)}`,
        '}',
      ];
    }
    case 'C_EPOLL_WAIT': {
      const buf = isLit(c.ints[3], 0n) ? 'ev' : isLit(c.ints[3], 1n) ? 'NULL' : `${a(3)} ? NULL : ev`;
      return [
        '{',
        '\tstruct epoll_event ev[64];',
        `\tx = epoll_wait((int)${a(0)}, ${buf}, (int)${a(1)}, (int)${a(2)});`,
        '}',
      ];
    }
    case 'C_POLL':
      return [
        '{',
        `\tstruct pollfd pf = {.fd = (int)${a(0)}, .events = (short)${a(1)}};`,
        '\tx = poll(&pf, 1, 0);',
        '}',
      ];
    default:
      return null;
  }
}

/** The call's statements with its single-fd binding (`dup`, `open`, `epoll_create1`...), or null: not supported. */
export function callCode(c: PlannedCall, v: VarOf): string[] | null {
  const s = callStmts(c, v);
  if (s === null) return null;
  const multi = c.id === 'C_PIPE' || c.id === 'C_PIPE2' || c.id === 'C_SOCKETPAIR';
  if (multi || c.fdBinds.length === 0) return s;
  return [...s, ...c.fdBinds.map((b) => `if (x >= 0) ${v(b.name)} = (int)x;`)];
}
