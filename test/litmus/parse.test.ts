import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkLitmusFile } from '../../src/litmus/file.ts';
import { parseLitmus } from '../../src/litmus/parse.ts';
import { formatScriptError } from '../../src/script/errors.ts';

/** `CODE line:col` of every error of a source (file `t.litmus`). */
function errs(src: string): string[] {
  const r = parseLitmus(src, { file: 't.litmus' });
  return r.ok ? [] : r.errors.map((e) => `${e.code} ${e.line}:${e.col}`);
}

/** A test with `body` as thread P0's only line. */
function inThread(line: string, init = ''): string {
  return `litmus t\ninit\n  r, w = pipe()\n${init}thread P0\n  ${line}\n`;
}

test('a well-formed test: name, doc, init, threads with contexts, condition, expectations', () => {
  const src = [
    '# comment',
    'litmus I2-fence',
    'doc a dma-buf with a fence',
    'init',
    '  d = dmabuf_export()',
    '  f = dmabuf_fence(d, "write")',
    '  ep = epoll_create1(0)',
    '  epoll_ctl(ep, EPOLL_CTL_ADD, d, EPOLLIN|EPOLLOUT, 7)',
    'thread P0',
    '  r0 = epoll_wait(ep, 8, 0)   # the waiter',
    'thread P1',
    '  r1 = close(d)',
    '  fd = dup(ep)',
    '  c = close(fd)',
    'thread IRQ irq',
    '  s = fence_signal(f)',
    'exists (P0:r0 == [EPOLLIN|EPOLLOUT:7] /\\',
    '        ~P1:r1 == -EBADF \\/ violation(use-after-free))',
    'expect v6.8: use-after-free',
    'expect "v6.9,item_poll_pin=sb_nouser", v7.1: never use-after-free',
    'expect all: exists',
  ].join('\n');
  const r = parseLitmus(src, { file: 'x.litmus' });
  assert.ok(r.ok, r.ok ? '' : r.errors.map(formatScriptError).join('\n'));
  const t = r.test;
  assert.equal(t.name, 'I2-fence');
  assert.deepEqual(t.doc, ['a dma-buf with a fence']);
  assert.equal(t.init.lines.length, 4);
  assert.deepEqual(
    t.threads.map((x) => [x.name, x.context, x.proc, x.results]),
    [
      ['P0', 'task', 'main', ['r0']],
      ['P1', 'task', 'main', ['r1', 'fd', 'c']],
      ['IRQ', 'irq', 'main', ['s']],
    ],
  );
  assert.equal(
    t.condition?.text,
    'exists (P0:r0 == [EPOLLIN|EPOLLOUT:7] /\\ ~P1:r1 == -EBADF \\/ violation(use-after-free))',
  );
  assert.deepEqual(
    t.expectations.map((e) => [e.variants === 'all' ? 'all' : e.variants.map((v) => v.name), e.what]),
    [
      [['v6.8'], { k: 'kind', kind: 'use-after-free' }],
      [['v6.9,item_poll_pin=sb_nouser', 'v7.1'], { k: 'never-kind', kind: 'use-after-free' }],
      ['all', { k: 'exists' }],
    ],
  );
});

test('thread P1 in c: a thread of a process forked in init', () => {
  const r = parseLitmus('litmus t\ninit\n  c = fork()\nthread P1 in c\n  x = close(0)\n');
  assert.ok(r.ok);
  assert.equal(r.test.threads[0]?.proc, 'c');
});

test('call-line errors inside init and threads are the script codes, with file:line:col', () => {
  const cases: [string, string][] = [
    [inThread('close(3'), 'EPM101 5:10'],
    [inThread('write(w, "abc)'), 'EPM102 5:12'],
    [inThread('frobnicate(3)'), 'EPM103 5:3'],
    [inThread('close()'), 'EPM104 5:3'],
    [inThread('a, b = close(3)'), 'EPM105 5:3'],
    [inThread('pipe2(O_NONBLOK)'), 'EPM106 5:9'],
    [inThread('close(fd)'), 'EPM107 5:9'],
    [inThread('close("x")'), 'EPM108 5:9'],
    [inThread('read(r, -1)'), 'EPM109 5:11'],
    [inThread('O_RDONLY = dup(r)'), 'EPM112 5:3'],
    [inThread('close(007)'), 'EPM113 5:9'],
    ['litmus t\ninit\n  x = close(3)\nthread P0\n  close(0)\n', 'EPM105 3:3'],
    ['litmus t\ninit\n  c: close(3)\nthread P0\n  close(0)\n', 'EPM110 3:3'],
    ['litmus t\ninit\n  c = fork()\n  c: exit()\n  c: close(3)\nthread P0\n  close(0)\n', 'EPM111 5:3'],
  ];
  for (const [src, want] of cases) assert.deepEqual(errs(src), [want], src);
});

test('EPM114: syscalls in irq threads, irq calls in task threads, process prefixes on thread lines', () => {
  const fence = 'litmus t\ninit\n  d = dmabuf_export()\n  f = dmabuf_fence(d, "write")\n';
  assert.deepEqual(errs(`${fence}thread P0\n  fence_signal(f)\n`), ['EPM114 6:3']);
  assert.deepEqual(errs(`${fence}thread I irq\n  close(d)\n`), ['EPM114 6:3']);
  assert.deepEqual(errs('litmus t\ninit\n  c = fork()\nthread P0\n  c: close(0)\n'), ['EPM114 5:3']);
});

test('EPM115: file structure', () => {
  const cases: [string, string[]][] = [
    ['init\n  close(0)\n', ['EPM115 1:1', 'EPM115 1:1']],
    ['litmus a b\nthread P0\n  close(0)\n', ['EPM115 1:1']],
    ['litmus t\nlitmus u\nthread P0\n  close(0)\n', ['EPM115 2:1']],
    ['litmus t\n  close(0)\nthread P0\n  close(0)\n', ['EPM115 2:3']],
    ['litmus t\nthread P0\n  close(0)\ninit\n  close(1)\n', ['EPM115 4:1']],
    ['litmus t\ninit\ninit\nthread P0\n  close(0)\n', ['EPM115 3:1']],
    ['litmus t\nthread P0\n  close(0)\nthread P0\n  close(1)\n', ['EPM115 4:1']],
    ['litmus t\nthread 0P\n  close(0)\n', ['EPM115 2:1']],
    ['litmus t\nthread P0 irq in main\n  close(0)\n', ['EPM115 2:1']],
    ['litmus t\nthread P0 in nobody\n  close(0)\n', ['EPM115 2:1']],
    ['litmus t\ninit\n  c = fork()\n  c: exit()\nthread P0 in c\n  close(0)\n', ['EPM115 5:1']],
    ['litmus t\ninit\n  close(0)\n', ['EPM115 1:1']],
    ['litmus t\nthread P0\nthread P1\n  close(0)\n', ['EPM115 2:1']],
    ['litmus t\nthread P0\n  r = close(0)\nexists (P0:r == 0)\nthread P1\n  close(1)\n', ['EPM115 5:1']],
    ['litmus t\nthread P0\n  r = close(0)\nexists (P0:r == 0)\nforall (P0:r == 0)\n', ['EPM115 5:1']],
    ['litmus t\nthread P0\n  r = close(0)\nexists (P0:r == 0)\nbad a\nbad b\n', ['EPM115 6:1']],
    ['litmus t\nthread P0\n  r = close(0)\nexists (P0:r == 0)\nbad\n', ['EPM115 5:1']],
    ['litmus t\nbad EBUSY\nthread P0\n  r = close(0)\n', ['EPM115 2:1']],
  ];
  for (const [src, want] of cases) assert.deepEqual(errs(src), want, src);
});

test('EPM116: condition syntax, names, values and comparisons', () => {
  const base =
    'litmus t\ninit\n  r, w = pipe()\n  ep = epoll_create1(0)\nthread P0\n  n = epoll_wait(ep, 8, 0)\n  b = read(r, 1)\n';
  const cases: [string, string][] = [
    ['exists (P0:n == )', 'EPM116 8:17'],
    ['exists (P9:n == 1)', 'EPM116 8:9'],
    ['exists (P0:zz == 1)', 'EPM116 8:12'],
    ['exists (P0:n == -ENOPE)', 'EPM116 8:18'],
    ['exists (P0:n == EBADF)', 'EPM116 8:17'],
    ['exists (P0:n.events < EPOLLIN)', 'EPM116 8:23'],
    ['exists (P0:n.events has EPOLLFOO)', 'EPM116 8:25'],
    ['exists (P0:n.ret == [EPOLLIN])', 'EPM116 8:21'],
    ['exists (P0:n.size == 1)', 'EPM116 8:14'],
    ['exists (violation(use-after-fee))', 'EPM116 8:19'],
    ['exists (violation(lock-order))', 'EPM116 8:19'],
    ['exists (P0:n == 1', 'EPM116 8:18'],
    ['exists (P0:n == 1) extra', 'EPM116 8:20'],
    ['maybe', 'EPM101 8:6'],
    ['exists (P0:n == 1 @ 2)', 'EPM116 8:19'],
    ['exists (P0:b.data == [])', 'EPM116 8:22'],
    ['exists (P0:n < blocked)', 'EPM116 8:16'],
  ];
  for (const [cond, want] of cases) assert.deepEqual(errs(`${base}${cond}\n`), [want], cond);
});

test('EPM117: expect lines', () => {
  const base = 'litmus t\nthread P0\n  r = close(0)\n';
  const cond = `${base}exists (P0:r == 0)\n`;
  const cases: [string, string][] = [
    [`${cond}expect v6.8 exists\n`, 'EPM117 5:19'],
    [`${cond}expect v9: exists\n`, 'EPM117 5:8'],
    [`${cond}expect v6.8: maybe\n`, 'EPM117 5:14'],
    [`${cond}expect v6.8: never use-after-fee\n`, 'EPM117 5:14'],
    [`${cond}expect : exists\n`, 'EPM117 5:8'],
    [`${base}expect v6.8: exists\n`, 'EPM117 4:14'],
    [`${cond}expect item_poll_pin=none: ok\n`, 'EPM117 5:8'],
  ];
  for (const [src, want] of cases) assert.deepEqual(errs(src), [want], src);
  // Expectations about violations need no condition.
  assert.deepEqual(errs(`${base}expect all: clean\nexpect v6.8: never leak\n`), []);
});

test('several errors are all reported, in line order, none thrown', () => {
  const r = parseLitmus('litmus t\nthread P0\n  close(x)\n  frob()\nexists (P1:r == 1)\n', { file: 'f.litmus' });
  assert.ok(!r.ok);
  assert.deepEqual(r.errors.map(formatScriptError), [
    "f.litmus:3:9: EPM107 unbound name 'x'",
    "f.litmus:4:3: EPM103 unknown call 'frob'",
    "f.litmus:5:9: EPM116 unknown thread 'P1' (threads: P0)",
  ]);
});

test('EPM100: an unreadable litmus file', () => {
  const r = checkLitmusFile('/nonexistent/x.litmus');
  assert.ok(!r.ok);
  assert.equal(r.errors[0]?.code, 'EPM100');
});

test('names bound by a thread are visible later in that thread only; result names are not arguments', () => {
  assert.deepEqual(errs('litmus t\nthread P0\n  fd = dup(0)\n  close(fd)\nthread P1\n  close(fd)\n'), ['EPM107 6:9']);
  assert.deepEqual(errs('litmus t\nthread P0\n  r = close(0)\n  close(r)\n'), ['EPM107 4:9']);
});

test('bad LABEL: names the bad outcomes of the condition and ends a multi-line condition', () => {
  const p = parseLitmus(
    'litmus t\nthread P0\n  r = close(0)\nexists (P0:r == 0\n  \\/ P0:r == -EBADF)\nbad  spurious close \nexpect all: exists\n',
  );
  assert.ok(p.ok, p.ok ? '' : JSON.stringify(p.errors));
  assert.equal(p.test.bad, 'spurious close');
  assert.equal(p.test.condition?.text, 'exists (P0:r == 0 \\/ P0:r == -EBADF)');
  const none = parseLitmus('litmus t\nthread P0\n  r = close(0)\nexists (P0:r == 0)\n');
  assert.ok(none.ok);
  assert.equal(none.test.bad, undefined);
});
