// The oracle on this machine's kernel: names bind to real fds, prefixes route to forked processes, BLOCKS after a
// budget, one helper reused across scripts with nothing left over, and environment problems as EPM3xx values.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Helper } from '../../src/oracle/helper.ts';
import { runOnKernel, type KernelOutcome } from '../../src/oracle/runner.ts';
import { parseScript } from '../../src/script/compile.ts';
import { formatTextLine } from '../../src/script/format.ts';
import { runScript } from '../../src/script/runner.ts';

let helper: Helper;
before(async () => {
  const h = await Helper.open();
  assert.ok(h.ok, h.ok ? '' : `${h.error.code} ${h.error.message}`);
  helper = h.helper;
});
after(async () => {
  await helper.close();
});

async function kernel(src: string): Promise<KernelOutcome> {
  const p = parseScript(src);
  assert.ok(p.ok, JSON.stringify(p));
  return runOnKernel(p.script, helper);
}

/** The kernel's text output; the model (variant host) must print the same. */
async function both(src: string): Promise<string[]> {
  const k = await kernel(src);
  assert.ok(k.ok, k.ok ? '' : k.error.message);
  const got = k.run.records.map(formatTextLine);
  const m = runScript(src, { variant: 'host' });
  assert.ok(m.ok);
  assert.deepEqual(got, m.records.map(formatTextLine));
  return got;
}

test('oracle: names bind to the real fd numbers; 0, 1, 2 are taken as in the model', async () => {
  const out = await both('r, w = pipe()\nx = dup(w)\nwrite(x, "hi")\nread(r, 5)\nclose(x)\ny = dup(0)\n');
  assert.deepEqual(out, [
    '1: r, w = pipe() = 0 [3, 4]',
    '2: x = dup(w) = 5',
    '3: write(x, "hi") = 2',
    '4: read(r, 5) = 2 "hi"',
    '5: close(x) = 0',
    '6: y = dup(0) = 5',
  ]);
});

test('C7/C8 on the kernel: fork routes prefixed calls to the child, whose copy keeps the pipe open', async () => {
  const out = await both(
    'r, w = pipe2(O_NONBLOCK)\nc = fork()\nclose(w)\nread(r, 1)\nc: write(w, "z")\nread(r, 1)\nc: d = fork()\nc: exit()\nread(r, 1)\nd: close(w)\nread(r, 1)\n',
  );
  assert.deepEqual(out.slice(-5), [
    '7: c: d = fork() = 3',
    '8: c: exit() = 0',
    '9: read(r, 1) = -1 EAGAIN',
    '10: d: close(w) = 0',
    '11: read(r, 1) = 0 ""',
  ]);
});

test('oracle: a call still asleep after its budget is BLOCKS and ends the script, as in the model', async () => {
  const out = await both('r, w = pipe()\nread(r, 1)\nclose(w)\n');
  assert.deepEqual(out, ['1: r, w = pipe() = 0 [3, 4]', '2: read(r, 1) = BLOCKS']);
  const k = await kernel('e = eventfd(0, 0)\nc = fork()\nc: eventfd_read(e)\n');
  assert.ok(k.ok);
  assert.deepEqual(k.run.end, { kind: 'blocks', line: 3 });
});

test('oracle: a wait with a timeout is not BLOCKS; its budget includes the timeout', async () => {
  const out = await both('ep = epoll_create1(0)\nepoll_wait(ep, 1, 60)\nepoll_pwait2(ep, 1, 0, 30000000)\n');
  assert.deepEqual(out.slice(1), ['2: epoll_wait(ep, 1, 60) = 0 []', '3: epoll_pwait2(ep, 1, 0, 30000000) = 0 []']);
});

test('oracle: each script starts afresh on the same helper: no fd, process or mount survives', async () => {
  await both('mount("m")\nf = open("m/f", O_CREAT|O_RDWR)\nc = fork()\nr, w = pipe()\nread(r, 1)\n');
  const out = await both('open("m/f", O_RDWR)\numount("m")\nr, w = pipe()\n');
  assert.deepEqual(out, [
    '1: open("m/f", O_RDWR) = -1 ENOENT',
    '2: umount("m") = -1 ENOENT',
    '3: r, w = pipe() = 0 [3, 4]',
  ]);
});

test('oracle: a model-only script is refused with EPM304 and the reason', async () => {
  const k = await kernel('d = dmabuf_export()\n');
  assert.ok(!k.ok);
  assert.equal(k.error.code, 'EPM304');
  assert.match(k.error.message, /dmabuf_export is model-only/);
});

test('oracle: without CAP_SYS_ADMIN the sandbox cannot be set up: EPM303, not a crash', async () => {
  const h = await Helper.open({ wrapper: ['setpriv', '--bounding-set=-sys_admin', '--inh-caps=-sys_admin', '--'] });
  assert.ok(!h.ok);
  assert.equal(h.error.code, 'EPM303');
  assert.match(h.error.message, /unshare\(CLONE_NEWNS\)/);
});

test('oracle: a helper that dies is an EPM302 value', async () => {
  const h = await Helper.open({ wrapper: ['sh', '-c', 'echo gone >&2; exit 3', '--'] });
  assert.ok(!h.ok);
  assert.equal(h.error.code, 'EPM302');
  assert.match(h.error.message, /status 3.*gone/);
});

test('oracle: a helper that died (EPM302) is started again for the next script', async () => {
  const h = await Helper.open();
  assert.ok(h.ok);
  const dead = await h.helper.request('CALL 0 5 nosuch');
  assert.ok(dead.kind === 'fatal' && dead.code === 'EPM302', JSON.stringify(dead));
  assert.match(dead.message, /unknown call/);
  const p = parseScript('r, w = pipe()\n');
  assert.ok(p.ok);
  const k = await runOnKernel(p.script, h.helper);
  assert.ok(k.ok, k.ok ? '' : k.error.message);
  assert.deepEqual(k.run.records[0]?.fds, [3, 4]);
  assert.equal(h.helper.restarts, 1);
  await h.helper.close();
});
