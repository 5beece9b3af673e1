// Stress planning and code generation: which tests run on the host, how names and arguments reach the C harness.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLitmus } from '../../src/litmus/parse.ts';
import type { LitmusTest } from '../../src/litmus/ast.ts';
import { cBytes, generateC, testPart } from '../../src/stress/codegen.ts';
import { planStress, type StressPlan } from '../../src/stress/plan.ts';

function parse(src: string): LitmusTest {
  const p = parseLitmus(src, { file: 't.litmus' });
  assert.ok(p.ok, p.ok ? '' : p.errors.map((e) => e.message).join('; '));
  return p.test;
}

function plan(src: string): StressPlan {
  const p = planStress(parse(src));
  assert.ok(p.ok, p.ok ? '' : p.skip);
  return p.plan;
}

const PIPE_TEST = `litmus t
init
  r, w = pipe()
  ep = epoll_create1(0)
  epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN|EPOLLET, 7)
thread P0
  r0 = epoll_wait(ep, 8, 25)
thread P1
  d = dup(w)
  n = write(d, "a\\"b")
`;

test('stress plan: fd names become C variables, literals stay literals, u64 data and bytes are kept', () => {
  const p = plan(PIPE_TEST);
  assert.deepEqual(
    p.init.map((c) => c.id),
    ['C_PIPE', 'C_EPOLL_CREATE1', 'C_EPOLL_CTL'],
  );
  const ctl = p.init[2];
  assert.deepEqual(ctl?.ints, [{ name: 'ep' }, { lit: 1n }, { name: 'r' }, { lit: 1n }, { lit: BigInt(0x80000001) }]);
  assert.equal(ctl?.u64, 7n);
  assert.deepEqual(p.init[0]?.fdBinds, [
    { name: 'r', index: 0 },
    { name: 'w', index: 1 },
  ]);
  const [dup, write] = p.threads[1]?.calls ?? [];
  assert.deepEqual(dup?.fdBinds, [{ name: 'd', index: 0 }]);
  assert.deepEqual(write?.ints, [{ name: 'd' }]);
  assert.equal(new TextDecoder().decode(write?.bytes), 'a"b');
  assert.equal(p.usesPaths, false);
  assert.equal(p.foreignFds, false);
});

test('stress plan: a sleeping call with a timeout waits twice it and 10 ms more; calls that never block are -1', () => {
  const p = plan(PIPE_TEST);
  assert.equal(p.threads[0]?.calls[0]?.waitMs, 2 * 25 + 10);
  assert.equal(p.threads[1]?.calls[0]?.waitMs, -1);
  assert.equal(p.threads[1]?.calls[1]?.waitMs, 0);
});

test('stress plan: model-only calls, irq threads, release observations and forks in threads are skipped with a reason', () => {
  const skip = (src: string): string => {
    const r = planStress(parse(src));
    assert.ok(!r.ok);
    return r.skip;
  };
  assert.match(skip('litmus t\ninit\n  b = dmabuf_export()\nthread P0\n  c = close(b)\n'), /model-only/);
  assert.match(
    skip('litmus t\ninit\n  r, w = pipe()\nobserve release(r)\nthread P0\n  c = close(r)\n'),
    /release\(\.\.\.\) observations are model-only/,
  );
  assert.match(skip('litmus t\ninit\n  r, w = pipe()\nthread P0\n  c = fork()\n'), /fork in a thread/);
});

test('stress plan: paths and literal fds or dup2 make every iteration use a fresh process', () => {
  assert.equal(plan('litmus t\ninit\n  mount("m")\nthread P0\n  u = umount("m")\n').usesPaths, true);
  assert.equal(plan('litmus t\ninit\n  r, w = pipe()\nthread P0\n  c = close(0)\n').foreignFds, true);
  assert.equal(plan('litmus t\ninit\n  r, w = pipe()\nthread P0\n  c = dup2(r, w)\n').foreignFds, true);
  assert.equal(plan('litmus t\ninit\n  r, w = pipe()\nthread P0\n  c = close(-1)\n').foreignFds, false);
});

test('stress codegen: a thread in a forked process runs there; the runtime slot is filled', () => {
  const p = plan(
    'litmus t\ninit\n  r, w = pipe()\n  c = fork()\nthread P0 in c\n  x = read(r, 1)\nthread P1\n  n = write(w, "x")\n',
  );
  assert.deepEqual(
    p.threads.map((t) => t.proc),
    [1, 0],
  );
  const part = testPart(p);
  assert.match(part, /rt_fork\(1\);/);
  assert.match(part, /\{\.proc = 1, \.nlines = 1, \.named = \{1\}\}/);
  const c = generateC(p);
  assert.ok(!c.includes('STRESS_TEST_PART'));
  assert.ok(c.includes('static void gen_thread_1(void)'));
});

test('stress codegen: any bytes become a C string literal with the same bytes', () => {
  assert.equal(cBytes(new Uint8Array([0x61, 0x22, 0x5c, 0x3f, 0, 0xff, 0x0a])), '"a\\042\\134\\077\\000\\377\\012"');
});

test('stress plan: timerfd_create passes its clock and its flags, as the helper does (native/stress_runtime.c)', () => {
  const p = plan(`litmus t
init
  t = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK)
thread P0
  r0 = read(t, 8)
`);
  assert.deepEqual(p.init[0]?.ints, [{ lit: 0n }, { lit: 0o4000n }]);
  assert.match(
    generateC(p),
    /case C_TIMERFD_CREATE:\n\t\tset_ret\(r, timerfd_create\(\(int\)a\[0\], \(int\)a\[1\]\)\);/,
  );
});
