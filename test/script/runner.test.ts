import assert from 'node:assert/strict';
import { test } from 'node:test';
import { current } from '../../src/kernel/current.ts';
import { rd, type Gen } from '../../src/kernel/step.ts';
import { renderRun } from '../../src/commands/run-output.ts';
import { CALLS, buildRegistry } from '../../src/script/calls/index.ts';
import { defineCall, finish, retDone, type CallDef } from '../../src/script/calls/types.ts';
import { parseScript } from '../../src/script/compile.ts';
import { formatTextLine } from '../../src/script/format.ts';
import { runScript, type RunOutcome } from '../../src/script/runner.ts';

function run(src: string): RunOutcome & { ok: true } {
  const r = runScript(src);
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.errors));
  return r;
}

function text(src: string): string[] {
  return run(src).records.map(formatTextLine);
}

test('runner: one record per call, names bound to the fds the calls returned', () => {
  assert.deepEqual(text('r, w = pipe()\nx = dup(w)\nclose(w)\nwrite(x, "hi")\nread(r, 10)'), [
    '1: r, w = pipe() = 0 [3, 4]',
    '2: x = dup(w) = 5',
    '3: close(w) = 0',
    '4: write(x, "hi") = 2',
    '5: read(r, 10) = 2 "hi"',
  ]);
});

test('runner: an fd name as epoll_ctl data is that fd number (ev.data.fd = fd)', () => {
  assert.deepEqual(
    text('r, w = pipe()\nep = epoll_create1(0)\nepoll_ctl(ep, EPOLL_CTL_ADD, w, EPOLLOUT, w)\nepoll_wait(ep, 1, 0)'),
    [
      '1: r, w = pipe() = 0 [3, 4]',
      '2: ep = epoll_create1(0) = 5',
      '3: epoll_ctl(ep, EPOLL_CTL_ADD, w, EPOLLOUT, w) = 0',
      '4: epoll_wait(ep, 1, 0) = 1 [EPOLLOUT:4]',
    ],
  );
});

test('runner: a failed call binds its fd names to -1', () => {
  assert.deepEqual(text('x = dup(99)\nclose(x)'), ['1: x = dup(99) = -1 EBADF', '2: close(x) = -1 EBADF']);
});

test('runner: BLOCKS ends the script: the blocking call is reported with ret null, later lines do not run', () => {
  const r = run('r, w = pipe()\nread(r, 1)\nclose(r)');
  assert.deepEqual(r.end, { kind: 'blocks', line: 2 });
  assert.equal(r.records.length, 2);
  assert.deepEqual(r.records[1], {
    line: 2,
    call: 'read(r, 1)',
    ret: null,
    errno: 'BLOCKS',
    data: null,
    events: null,
    fds: null,
  });
});

test('runner: fork prefix routing: a prefixed line runs in that process', () => {
  const r = run('c = fork()\nc: x = dup(0)\ny = dup(0)\nc: close(x)\nclose(x)');
  assert.deepEqual(r.records.map(formatTextLine), [
    '1: c = fork() = 2',
    '2: c: x = dup(0) = 3',
    '3: y = dup(0) = 3',
    '4: c: close(x) = 0',
    '5: close(x) = 0',
  ]);
  const child = r.session.processes.get('c');
  assert.ok(child);
  assert.equal(child.task.comm, 'c');
  assert.equal(child.task.files?.fd_array[3] ?? null, null);
  assert.equal(r.session.main.task.files?.fd_array[3] ?? null, null);
});

test('runner: C8: pipe EOF only after the child copy of the write end is closed too (exit closes everything)', () => {
  assert.deepEqual(text('r, w = pipe2(O_NONBLOCK)\nc = fork()\nclose(w)\nread(r, 1)\nc: exit()\nread(r, 1)'), [
    '1: r, w = pipe2(O_NONBLOCK) = 0 [3, 4]',
    '2: c = fork() = 2',
    '3: close(w) = 0',
    '4: read(r, 1) = -1 EAGAIN',
    '5: c: exit() = 0',
    '6: read(r, 1) = 0 ""',
  ]);
});

test('runner: exit closes every fd of the process and releases them before the next call', () => {
  const r = run(
    'mount("m")\nc = fork()\nc: f = open("m/f", O_CREAT|O_RDWR)\nc: g = dup(f)\numount("m")\nc: exit()\numount("m")',
  );
  assert.deepEqual(
    r.records.map((x) => x.errno ?? x.ret),
    [0, 2, 3, 4, 'EBUSY', 0, 0],
  );
  const child = r.session.processes.get('c');
  assert.equal(child?.exited, true);
  assert.equal(child?.task.files, null);
});

test('runner: model-only scripts carry the reason', () => {
  const calls = buildRegistry([
    [
      defineCall({
        name: 'magic',
        paramNames: [],
        params: [],
        binds: [],
        modelOnly: 'needs magic',
        run: (ctx) => finish(ctx.syscall(nop()), () => retDone(0)),
      }),
    ],
  ]);
  const p = parseScript('magic()', { calls });
  assert.ok(p.ok);
  assert.equal(p.script.modelOnly, 'line 1: magic is model-only (needs magic)');
});

function* nop(): Gen {
  yield rd(current(), 'state');
}

function* boom(): Gen<number> {
  const m = current().machine;
  yield rd(m.globals, 'last_pid');
  m.report('bug-on', 'kernel BUG at test', m.globals, true);
  return 0;
}

const boomCall: CallDef = defineCall({
  name: 'boom',
  paramNames: [],
  params: [],
  binds: [],
  run: (ctx) => finish(ctx.syscall(boom()), retDone),
});

test('runner: a fatal model violation ends the script with an EPM202 line and exit code 1', () => {
  const calls = buildRegistry([[...CALLS.values()], [boomCall]]);
  const p = parseScript('x = dup(0)\nboom()\nclose(x)', { calls, file: 'b.script' });
  assert.ok(p.ok);
  const r = runScript(p.script);
  assert.ok(r.ok);
  assert.equal(r.end.kind, 'halted');
  assert.equal(r.records.length, 1);
  const out = renderRun(r, false);
  assert.equal(out.code, 1);
  assert.equal(out.stdout, '1: x = dup(0) = 3\n');
  assert.match(out.stderr, /^b\.script:2: EPM202 model halted in boom\(\): bug-on: kernel BUG at test/);
});

test('runner: variants are accepted by name, with knob overrides', () => {
  const r = runScript('x = dup(0)', { variant: 'v6.9,item_poll_pin=sb_nouser' });
  assert.ok(r.ok);
  assert.equal(r.session.variant.item_poll_pin, 'sb_nouser');
  assert.throws(() => runScript('x = dup(0)', { variant: 'v9' }), /EPM201|unknown variant/);
});
