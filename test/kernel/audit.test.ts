import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { types } from 'node:util';
import { test } from 'node:test';
import fc from 'fast-check';
import { FOCUS, litmusText, PATHS, programArb } from '../_helpers/kernel-programs.ts';
import { bootKernel, call, sys } from '../_helpers/run.ts';
import { CORPUS_DIR } from '../../src/litmus/corpus.ts';
import { exampleScripts } from '../../src/commands/start.ts';
import { sys_epoll_create1 } from '../../src/epoll/syscalls.ts';
import { explore } from '../../src/explore/index.ts';
import { sys_pipe2 } from '../../src/fs/pipe.ts';
import { formatMismatch, withStepAudit, type Mismatch } from '../../src/kernel/audit.ts';
import { fget } from '../../src/kernel/fdtable.ts';
import { kfn } from '../../src/kernel/kfn.ts';
import type { LockedBy } from '../../src/kernel/access.ts';
import { current } from '../../src/kernel/current.ts';
import { mutex, mutex_lock, mutex_unlock } from '../../src/kernel/lock.ts';
import { KObject } from '../../src/kernel/object.ts';
import { rd, rmw, wr, type Gen } from '../../src/kernel/step.ts';
import type { File } from '../../src/kernel/vfs.ts';
import { variant } from '../../src/kernel/variant.ts';
import { checkLitmusFile } from '../../src/litmus/index.ts';
import { compileLitmus } from '../../src/litmus/compile.ts';
import { parseLitmus } from '../../src/litmus/parse.ts';
import { runScript } from '../../src/script/runner.ts';

// The step-discipline audit (src/kernel/audit.ts over src/kernel/access.ts): every access kernel code makes to shared
// kernel state between two steps is the one its pending step announces (DESIGN.md, "What kernel code must do for
// DPOR to be correct").

const lines = (ms: readonly Mismatch[]): string[] => ms.map(formatMismatch);

/** A published file (fd 3 of a pipe), taken by the audited run's first task. */
function withPipe(body: (f: File) => Gen): readonly Mismatch[] {
  return withStepAudit(() => {
    const b = bootKernel();
    sys(b, sys_pipe2(0));
    const f = sys(b, fget(3)) as File;
    sys(b, body(f));
  }).mismatches;
}

const plantedWrongField = kfn('planted_wrong_field', function* (f: File): Gen {
  yield rd(f, 'f_pos');
  f.f_count++;
});
const plantedWriteUnderRead = kfn('planted_write_under_read', function* (f: File): Gen {
  yield rd(f, 'f_pos');
  f.f_pos = 7;
});
const plantedStepless = kfn('planted_stepless', function* (f: File): Gen {
  yield wr(f, 'f_pos');
  f.f_pos = 1;
  yield rd(f, 'f_version');
  return f.f_pos === 1 ? undefined : undefined;
});
const announced = kfn('announced', function* (f: File): Gen {
  yield rmw(f, 'f_count');
  f.f_count++;
  yield rmw(f, 'f_count');
  f.f_count--;
  yield rd(f, 'f_pos');
  return f.f_pos === 0 ? undefined : undefined;
});

void test('audit: a planted access under another field`s step is reported with its function, location and step', () => {
  assert.deepEqual(lines(withPipe(plantedWrongField)), [
    'read struct file.f_count in planted_wrong_field (main) under read struct file.f_pos',
    'write struct file.f_count in planted_wrong_field (main) under read struct file.f_pos',
  ]);
});

void test('audit: a planted write under a read step of the same field is reported', () => {
  assert.deepEqual(lines(withPipe(plantedWriteUnderRead)), [
    'write struct file.f_pos in planted_write_under_read (main) under read struct file.f_pos',
  ]);
});

void test('audit: a read made a step late (under the next step) is reported once the field is written', () => {
  assert.deepEqual(lines(withPipe(plantedStepless)), [
    'read struct file.f_pos in planted_stepless (main) under read struct file.f_version',
  ]);
});

void test('audit: accesses their steps announce are not reported', () => {
  assert.deepEqual(lines(withPipe(announced)), []);
});

/** A toy struct: `v` is protected by `lock`; `w` is not. */
class Box extends KObject {
  static readonly $lockedBy: LockedBy<Box> = { v: (b) => b.lock };
  readonly lock = mutex(this, 'lock');
  v = 0;
  w = 0;
}

const makeBox = kfn('make_box', function* (): Gen<Box> {
  const box = current().machine.alloc('regular', new Box());
  // Not published yet: only this task can reach it, no step needed.
  box.w = 1;
  box.v = 1;
  yield rd(box, 'w');
  return box;
});
const underLock = kfn('under_lock', function* (box: Box): Gen {
  yield* mutex_lock(box.lock);
  box.v++;
  yield* mutex_unlock(box.lock);
});
const withoutLock = kfn('without_lock', function* (box: Box): Gen {
  yield wr(box, 'w');
  box.v++;
});

/** Runs make_box, publishes the box (on a global list) and runs `bodies` on it. */
function boxRun(...bodies: ((b: Box) => Gen)[]): string[] {
  return lines(
    withStepAudit(() => {
      const b = bootKernel();
      const box = sys(b, makeBox());
      b.machine.tfile_check_list.push(box);
      for (const body of bodies) sys(b, body(box));
    }).mismatches,
  );
}

void test('audit: an object is thread-local until published; a field its lock protects needs no step under the lock', () => {
  assert.deepEqual(boxRun(underLock), []);
});

void test('audit: a locked, unannounced write is reported once another access to the field is made without the lock', () => {
  assert.deepEqual(boxRun(underLock, withoutLock), [
    'write struct shmem_inode_info.v in under_lock (main) under acquire struct shmem_inode_info.lock',
    'read struct shmem_inode_info.v in under_lock (main) under acquire struct shmem_inode_info.lock',
    'read struct shmem_inode_info.v in without_lock (main) under write struct shmem_inode_info.w',
    'write struct shmem_inode_info.v in without_lock (main) under write struct shmem_inode_info.w',
  ]);
});

void test('audit: the example scripts make no access their steps do not announce', () => {
  const found: string[] = [];
  for (const path of exampleScripts()) {
    const r = withStepAudit(() => runScript(readFileSync(path, 'utf8'), { file: relative(process.cwd(), path) }));
    for (const m of r.mismatches) found.push(`${relative(process.cwd(), path)}: ${formatMismatch(m)}`);
  }
  assert.deepEqual(found, []);
});

/** Case-study presets; each corpus test runs on one of them in turn (all six across the corpus), bounded. */
const PRESETS = ['v6.8', 'v6.9', 'v6.13', 'v7.1', 'brauner-nouser', 'dmabuf-active'];
const CORPUS_EXECUTIONS = 40;

void test(`audit: the litmus corpus (and litmus/bugs) makes no unannounced access (first ${CORPUS_EXECUTIONS} DPOR executions, case-study presets in turn)`, () => {
  const files = [CORPUS_DIR, join(CORPUS_DIR, 'bugs')].flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.litmus'))
      .sort()
      .map((f) => join(d, f)),
  );
  assert.ok(files.length >= 30, `${files.length} litmus files`);
  const found: string[] = [];
  files.forEach((file, i) => {
    const v = [PRESETS[i % PRESETS.length] as string, PRESETS[(i + 3) % PRESETS.length] as string];
    const r = withStepAudit(() => checkLitmusFile(file, { variants: v, maxExecutions: CORPUS_EXECUTIONS }));
    assert.ok(r.result.ok, `${file} does not parse`);
    for (const m of r.mismatches) found.push(`${relative(process.cwd(), file)}: ${formatMismatch(m)}`);
  });
  assert.deepEqual(found, []);
});

const FUZZ_RUNS = Number(process.env['EPOLL_LAB_AUDIT_RUNS'] ?? 300);
const FUZZ_EXECUTIONS = 6;

void test(`audit: random kernel programs make no unannounced access (${FUZZ_RUNS} programs of the DPOR fuzz, v6.8 and v7.1 in turn, ${FUZZ_EXECUTIONS} executions each)`, () => {
  let n = 0;
  const focuses = [...Object.keys(FOCUS), ...Object.keys(PATHS)];
  fc.assert(
    fc.property(programArb(focuses), (p) => {
      const text = litmusText(p);
      const v = n++ % 2 === 0 ? 'v6.8' : 'v7.1';
      const r = withStepAudit(() => {
        const parsed = parseLitmus(text, { file: 'fuzz.litmus' });
        if (!parsed.ok) throw new Error(`generator bug\n${text}`);
        const c = compileLitmus(parsed.test, variant(v));
        if (!c.ok) throw new Error(`generator bug\n${text}`);
        return explore(c.compiled.scenario, { mode: 'dpor', maxExecutions: FUZZ_EXECUTIONS });
      });
      assert.notEqual(r.result.kind, 'model-error', text);
      assert.deepEqual(lines(r.mismatches), [], `${v}\n${text}`);
    }),
    { numRuns: FUZZ_RUNS, seed: 20261206 },
  );
});

void test('audit off: kernel objects are plain objects, not proxies (exploration pays nothing for the audit)', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_epoll_create1(0)), 3);
  const r = call(b, fget(3));
  assert.ok(r.kind === 'done' && r.value !== null);
  assert.equal(types.isProxy(r.value), false);
  assert.equal(types.isProxy(b.machine), false);
  const audited = withStepAudit(() => bootKernel().machine);
  assert.equal(types.isProxy(audited.result), true);
});
