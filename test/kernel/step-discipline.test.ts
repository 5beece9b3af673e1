import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { test } from 'node:test';
import { SRC_DIR as SRC, tsSources } from '../_helpers/sources.ts';

const STEP = /^\s*yield (rd|wr|rmw|rcuRd|rcuRmw)\(/;

// A step stands for one access made when the thread next runs. With `yield rd(a); yield rd(b); use(a, b)` the read
// of `a` really happens at b's step, after whatever other threads did in between: DPOR orders the wrong event and
// can miss an outcome (do_umount lost I4's EBUSY this way).
void test('every step is followed by its access before the next step: no two step yields in a row in src/', () => {
  const found: string[] = [];
  for (const file of tsSources(SRC)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    let prev = -1;
    lines.forEach((line, i) => {
      const t = line.trim();
      if (t === '' || t.startsWith('//')) return;
      if (STEP.test(line) && prev >= 0) found.push(`${relative(SRC, file)}:${prev + 1} and ${i + 1}`);
      prev = STEP.test(line) ? i : -1;
    });
  }
  assert.deepEqual(found, []);
});

// A fatal violation (KernelHalt) abandons the halted task's frames without resuming them, as a panic stops the
// kernel (src/sched/runtime.ts): a try/catch/finally in kernel code would never run its handler, so none may exist.
void test('kernel code has no try/catch/finally: a fatal violation abandons the running frames (runtime resume)', () => {
  const found: string[] = [];
  for (const file of tsSources(SRC)) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('function*')) continue;
    text.split('\n').forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, '');
      if (/(^|[^.\w])(try|finally)\s*\{|(^|[^.\w])catch\s*[({]/.test(code))
        found.push(`${relative(SRC, file)}:${i + 1}`);
    });
  }
  assert.deepEqual(found, []);
});
