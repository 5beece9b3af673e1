// Part of `npm run stress` (not `npm test`: about a minute of real threads): the generated I5 reproducers, pipe and
// socketpair forms, reproduce on this machine's kernel in at least 1% of iterations, and their control (the file not
// in the epoll set) never reports a hit.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { reproFile } from '../../src/commands/repro.ts';

const TARGET = 'P1:c == 0 /\\ P1:wr == 1 /\\ P0:r0 == blocked';
const FORMS = [
  ['pipe', 'litmus/I5-deferred-release-hang.litmus'],
  ['socketpair', 'litmus/I5b-socketpair-write-after-close.litmus'],
] as const;

function build(dir: string, name: string, file: string): string {
  const c = join(dir, `${name}.c`);
  const r = reproFile(file, { state: TARGET, out: c });
  assert.equal(r.code, 0, r.stderr);
  execFileSync('cc', ['-O2', '-pthread', '-Wall', '-Werror', '-o', join(dir, name), c]);
  return join(dir, name);
}

function run(bin: string, args: string[]): { hits: number; n: number; status: number | null; out: string } {
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 300_000 });
  const m = /^hits (\d+) \/ iterations (\d+)/m.exec(r.stdout);
  assert.ok(m !== null, r.stdout + r.stderr);
  return { hits: Number(m[1]), n: Number(m[2]), status: r.status, out: r.stdout };
}

for (const [name, file] of FORMS) {
  test(`repro on the real kernel: I5 ${name} form reproduces in >= 1% of 3000 iterations; its control never hits`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'repro-stress-'));
    try {
      const bin = build(dir, name, file);
      const hit = run(bin, ['-n', '3000', '-s', '1']);
      process.stdout.write(`# ${name}: ${hit.out.split('\n')[1] ?? ''}\n`);
      assert.equal(hit.status, 0, hit.out);
      assert.ok(hit.hits / hit.n >= 0.01, hit.out);
      const control = run(bin, ['-n', '1000', '-s', '1', '-c']);
      process.stdout.write(`# ${name} control: ${control.out.split('\n')[1] ?? ''}\n`);
      assert.equal(control.hits, 0, control.out);
      assert.equal(control.status, 1, control.out);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
