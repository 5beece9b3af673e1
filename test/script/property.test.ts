// Property: random scripts over the call vocabulary never crash the runner, every call yields a well-formed
// CallResult (or a clean BLOCKS that ends the script), and the file-lifetime invariants hold throughout.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Kernel } from '../../src/api/Kernel.ts';
import type { CacheName } from '../../src/kernel/machine.ts';
import type { KObject } from '../../src/kernel/object.ts';
import { File, Mount } from '../../src/kernel/vfs.ts';
import { CALLS } from '../../src/script/calls/index.ts';
import type { CallRecord } from '../../src/script/result.ts';

/** One random step: which call, and raw numbers the renderer maps onto its arguments. */
interface Op {
  readonly call: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
}

const FLAGSETS = ['0', 'O_NONBLOCK', 'O_CLOEXEC', 'O_NONBLOCK|O_CLOEXEC'];
const STRINGS = ['"x"', '"hello\\n"', '"\\x00\\xff"', '""'];

/** Renders ops to script lines, keeping every line valid: prefixes name live processes only. */
function render(ops: readonly Op[]): string {
  const alive = ['main'];
  let forks = 0;
  let fence = false;
  const lines: string[] = [];
  const fd = (n: number): string => String(n % 9);
  const dir = (n: number): string => `"d${n % 3}"`;
  const file = (n: number, m: number): string => `"d${n % 3}/f${m % 2}"`;
  const rules: ((o: Op) => string | null)[] = [
    () => 'p, q = pipe()',
    (o) => `p, q = pipe2(${FLAGSETS[o.a % 4]})`,
    () => 's, t = socketpair()',
    (o) => `e = eventfd(${o.a % 4}, EFD_NONBLOCK${o.b % 2 === 0 ? '|EFD_SEMAPHORE' : ''})`,
    (o) => `read(${fd(o.a)}, ${o.b % 10})`,
    (o) => (o.c % 2 === 0 ? `write(${fd(o.a)}, ${STRINGS[o.b % 4]})` : `write(${fd(o.a)}, ${o.b * 997})`),
    (o) => `eventfd_read(${fd(o.a)})`,
    (o) => `eventfd_write(${fd(o.a)}, ${o.b % 3 === 0 ? '18446744073709551614' : String(o.b)})`,
    (o) => `close(${fd(o.a)})`,
    (o) => `x = dup(${fd(o.a)})`,
    (o) => `dup2(${fd(o.a)}, ${fd(o.b)})`,
    (o) => `dup3(${fd(o.a)}, ${fd(o.b)}, ${o.c % 2 === 0 ? 'O_CLOEXEC' : '0'})`,
    (o) =>
      `fcntl(${fd(o.a)}, ${['F_DUPFD, 5', 'F_GETFD', 'F_SETFD, FD_CLOEXEC', 'F_GETFL', 'F_SETFL, O_NONBLOCK', '77'][o.b % 6]})`,
    (o) => `close_range(${o.a % 12}, ${o.b % 16}, ${['0', 'CLOSE_RANGE_CLOEXEC', 'CLOSE_RANGE_UNSHARE'][o.c % 3]})`,
    (o) => `shutdown(${fd(o.a)}, ${['SHUT_RD', 'SHUT_WR', 'SHUT_RDWR'][o.b % 3]})`,
    (o) => `mount(${dir(o.a)})`,
    (o) => (o.b % 2 === 0 ? `umount(${dir(o.a)})` : `umount2(${dir(o.a)}, MNT_DETACH)`),
    (o) => `f = open(${file(o.a, o.b)}, O_CREAT|O_RDWR|O_NONBLOCK)`,
    (o) => `mkfifo(${file(o.a, o.b)})`,
    (o) => `timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK)`.replace(/^/, o.a % 2 === 0 ? 'tf = ' : ''),
    (o) => `timerfd_settime(${fd(o.a)}, 0, 0, ${(o.b % 3) * 1000000}, 0, 0)`,
    () => {
      forks++;
      alive.push(`c${forks}`);
      return `c${forks} = fork()`;
    },
    (o) => (o.a % 4 === 0 ? 'exit()' : null),
    () => 'b = dmabuf_export()',
    (o) => {
      fence = true;
      return `fz = dmabuf_fence(${fd(o.a)}, ${o.b % 2 === 0 ? '"read"' : '"write"'})`;
    },
    () => (fence ? 'fence_signal(fz)' : null),
    () => (fence ? 'sy = sync_file(fz)' : null),
  ];
  for (const o of ops) {
    if (alive.length === 0) break;
    const proc = alive[o.c % alive.length] as string;
    const body = (rules[o.call % rules.length] as (o: Op) => string | null)(o);
    if (body === null) continue;
    if (body === 'exit()') alive.splice(alive.indexOf(proc), 1);
    lines.push(proc === 'main' ? body : `${proc}: ${body}`);
  }
  return lines.join('\n');
}

const opArb = fc.record({ call: fc.nat(200), a: fc.nat(100), b: fc.nat(100), c: fc.nat(100) });

function wellFormed(r: CallRecord): void {
  assert.ok(
    CALLS.has(
      r.call
        .replace(/^\w+: /, '')
        .replace(/^[\w, ]+ = /, '')
        .replace(/\(.*$/, ''),
    ),
    r.call,
  );
  if (r.ret === null) {
    assert.equal(r.errno, 'BLOCKS');
    return;
  }
  assert.ok(Number.isInteger(r.ret), r.call);
  if (r.errno !== null) {
    assert.equal(r.ret, -1, r.call);
    assert.match(r.errno, /^E[A-Z0-9]+$/);
  } else {
    assert.ok(r.ret >= 0, r.call);
  }
  if (r.fds !== null) assert.match(r.call, /pipe|socketpair/);
  if (typeof r.data === 'string') assert.equal(r.data.length, r.ret);
  if (typeof r.data === 'bigint') assert.ok(r.data >= 0n && r.data < 2n ** 64n);
  assert.equal(r.events, null);
}

test('property: random scripts run cleanly, results are well-formed, file lifetimes stay consistent', () => {
  fc.assert(
    fc.property(fc.array(opArb, { minLength: 1, maxLength: 60, size: 'max' }), (ops) => {
      const src = render(ops);
      const k = new Kernel();
      const seen: KObject[] = [];
      const m = k.machine;
      const alloc = m.alloc.bind(m);
      m.alloc = <T extends KObject>(cache: CacheName, obj: T): T => {
        seen.push(obj);
        return alloc(cache, obj);
      };
      const r = k.run(src);
      assert.ok(r.ok, r.ok ? '' : `${src}\n${JSON.stringify(r.errors)}`);
      assert.notEqual(r.end.kind, 'halted');
      r.records.forEach(wellFormed);
      assert.deepEqual(k.violations, [], src);
      const files = seen.filter((o): o is File => o instanceof File);
      for (const f of files) {
        assert.ok(f.fputs <= 1, `${f.label}: ${f.fputs} __fputs`);
        assert.ok(f.zeroes <= 1, `${f.label}: count reached 0 ${f.zeroes} times`);
        assert.ok(f.f_count >= 0, `${f.label}: negative count`);
        assert.equal(f.freed, f.fputs === 1, `${f.label}: freed without __fput or the reverse`);
      }
      for (const mnt of seen.filter((o): o is Mount => o instanceof Mount)) assert.ok(mnt.mnt_count >= 0);
      if (r.end.kind !== 'ok') return;
      // Every process exits: every file any of them opened must then be released exactly once.
      for (const p of k.machine.tasks) {
        const proc = [...r.session.processes.values()].find((x) => x.task === p);
        if (proc !== undefined && !proc.exited) k.process(proc.name)?.exit();
      }
      assert.deepEqual(k.violations, [], src);
      for (const f of files) assert.equal(f.fputs, 1, `${f.label} leaked after every process exited\n${src}`);
    }),
    { numRuns: Number(process.env['FC_RUNS'] ?? 300) },
  );
});
