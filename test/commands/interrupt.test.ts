// SIGINT/SIGTERM during `check`: the partial block (and --json object) marked interrupted, the checkpoint written,
// exit 130; the terminal gets its cursor and autowrap back (on a pseudo-terminal); a second signal exits at once.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { withInterrupts } from '../../src/commands/interrupts.ts';
import { readCheckpoint, type Identity } from '../../src/explore/parallel/checkpoint.ts';
import { RESTORE_TERMINAL } from '../../src/explore/parallel/progress.ts';

const BIN = fileURLToPath(new URL('../../bin/epoll-lab.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-interrupt-'));
/**
 * Five threads each writing twice to one pipe: 10!/2^5 orders of the writes (one state), far more executions than a
 * test waits for. (One write each became 120 executions once `fdget`/`fdput` commuted: DESIGN.md, "Counting steps".)
 */
const BIG = join(dir, 'big.litmus');
writeFileSync(
  BIG,
  `litmus BIG\ninit\n  r, w = pipe2(O_NONBLOCK)\n${['a', 'b', 'c', 'd', 'e']
    .map((x, i) => `thread P${i}\n  ${x} = write(w, "${x}")\n  ${x}2 = write(w, "${x}")\n`)
    .join('')}`,
);

/**
 * Runs the CLI and sends `signal` once it has run `afterMs` (or, with `whenExists`, once that file exists, at most
 * 30 s); collects its output and whether the file existed while it ran.
 */
function interrupted(args: string[], afterMs: number, signal: NodeJS.Signals = 'SIGINT', whenExists?: string) {
  return new Promise<{ code: number | null; out: string; err: string; sawFile: boolean }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let sawFile = false;
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const start = Date.now();
    const poll = setInterval(() => {
      if (Date.now() - start < afterMs) return;
      sawFile = whenExists !== undefined && existsSync(whenExists);
      if (whenExists === undefined || sawFile || Date.now() - start > 30_000) {
        clearInterval(poll);
        child.kill(signal);
      }
    }, 100);
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({ code, out, err, sawFile });
    });
  });
}

void test('SIGINT mid-check: the partial block marked interrupted, the states so far, exit 130', async () => {
  const r = await interrupted(['check', BIG, '--workers', '1'], 2500);
  assert.equal(r.code, 130, r.err);
  assert.match(r.out, /^Variant v7\.1 \(dpor, interrupted: the states are a subset\)$/m);
  assert.match(r.out, /^States 1$/m, 'the states found before the signal are printed');
  assert.match(r.err, /SIGINT: stopping/);
  assert.match(r.err, /\d+ executions, then interrupted: the states are a subset/);
});

void test('--checkpoint is rewritten every 5 s while subtrees run; SIGTERM then gives a JSON object and a valid checkpoint', async () => {
  const cp = join(dir, 'big.cp.json');
  const args = ['check', BIG, '--workers', '2', '--json', '--checkpoint', cp];
  const r = await interrupted(args, 1000, 'SIGTERM', cp);
  assert.ok(r.sawFile, 'the periodic checkpoint appeared while the exploration ran');
  assert.equal(r.code, 130, r.err);
  const o = JSON.parse(r.out) as { limit: string; complete: boolean; executions: number };
  assert.equal(o.limit, 'interrupted');
  assert.equal(o.complete, false);
  assert.ok(existsSync(cp), 'the checkpoint is written on the way out');
  const { identity } = JSON.parse(readFileSync(cp, 'utf8')) as { identity: Identity };
  const c = readCheckpoint(cp, identity);
  assert.ok(c !== null && !('ok' in c), `the checkpoint resumes: ${JSON.stringify(c).slice(0, 200)}`);
});

/**
 * Runs the CLI on a pseudo-terminal (python3's pty module); once the progress line is up (and `afterMs` passed), sends
 * SIGINT `signals` times; returns all it wrote.
 */
function onPty(args: string[], afterMs: number, signals: number): { code: number; text: string } {
  const py = `
import os, pty, signal, sys, time, select
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b''
start = time.time()
sent = 0
while True:
    ready = b'exec/s' in out or time.time() - start > 30
    if sent < ${signals} and ready and time.time() - start > ${afterMs / 1000}:
        os.kill(pid, signal.SIGINT)
        sent += 1
        start = time.time() - ${afterMs / 1000} + 0.05
    r, _, _ = select.select([fd], [], [], 0.05)
    if r:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        out += data
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
sys.exit(os.waitstatus_to_exitcode(status))
`;
  const r = spawnSync('python3', ['-c', py, process.execPath, BIN, ...args], { encoding: 'latin1', timeout: 60_000 });
  return { code: r.status ?? -1, text: r.stdout };
}

void test('on a terminal, the progress line hides the cursor and turns autowrap off; SIGINT gives both back', () => {
  const r = onPty(['check', BIG, '--workers', '1'], 1500, 1);
  assert.equal(r.code, 130, r.text.slice(-500));
  const hide = r.text.lastIndexOf('\x1b[?25l');
  assert.ok(hide >= 0, 'the progress line was shown (cursor hidden)');
  assert.ok(r.text.lastIndexOf('\x1b[?25h') > hide, 'cursor shown again');
  const nowrap = r.text.lastIndexOf('\x1b[?7l');
  assert.ok(nowrap >= 0 && r.text.lastIndexOf('\x1b[?7h') > nowrap, 'autowrap back on');
  assert.match(r.text, /executions \| [\d,]+ exec\/s \| \ds/, 'the progress line moves with executions and time');
});

void test('a second SIGINT exits at once (130) and restores the terminal', async () => {
  const writes: string[] = [];
  const exits: number[] = [];
  let aborted = false;
  const io = {
    err: (s: string) => void writes.push(s),
    isTTY: true,
    exit: (code: number): never => {
      exits.push(code);
      throw new Error('exited');
    },
  };
  await withInterrupts(async (signal) => {
    process.emit('SIGINT', 'SIGINT');
    aborted = signal.aborted;
    assert.deepEqual(exits, [], 'the first signal only asks to stop');
    assert.throws(() => process.emit('SIGINT', 'SIGINT'), /exited/);
    return Promise.resolve();
  }, io);
  assert.ok(aborted);
  assert.deepEqual(exits, [130]);
  assert.ok(writes.includes(RESTORE_TERMINAL));
  assert.equal(process.listenerCount('SIGINT'), 0, 'the handlers are removed afterwards');
});
