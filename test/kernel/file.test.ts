import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { fput, get_file, task_work_run } from '../../src/kernel/file.ts';
import { fget, sys_close, sys_dup } from '../../src/kernel/fdtable.ts';
import { sys_mkfifo, sys_mount, sys_open, sys_umount } from '../../src/kernel/namei.ts';
import { runCall } from '../../src/sched/sequential.ts';
import { MNT_DETACH, O_CREAT, O_NONBLOCK, O_RDWR, O_WRONLY } from '../../src/kernel/uapi.ts';
import type { Gen } from '../../src/kernel/step.ts';
import type { File } from '../../src/kernel/vfs.ts';
import { bootKernel, call, sys } from '../_helpers/run.ts';

function* getAndPut(fd: number, gets: number): Gen<File | null> {
  const f = yield* fget(fd);
  if (f === null) return null;
  for (let i = 0; i < gets; i++) yield* get_file(f);
  for (let i = 0; i <= gets; i++) yield* fput(f);
  return f;
}

/** get_file on a file whose count already reached 0 (dead on file_ref counters). */
function getFileOnZero(spec: string) {
  const b = bootKernel(spec);
  const d = sys(b, sys_dup(0));
  const f = b.init.files?.fd_array[d] as File;
  f.f_count = 0;
  if (b.machine.variant.counter === 'file_ref') f.dead = true;
  sys(b, get_file(f));
  return { b, f };
}

test('get_file on a dead file: atomic_long resurrects it (0 -> 1), file_ref keeps it dead; both report addition on 0', () => {
  for (const [spec, count] of [
    ['v6.8', 1],
    ['v6.13', 0],
  ] as const) {
    const { b, f } = getFileOnZero(spec);
    assert.equal(f.dead ? 0 : f.f_count, count, spec);
    assert.equal(b.machine.violations[0]?.kind, 'refcount-addition-on-0', spec);
  }
});

test("get_file on a zero count says what each kernel prints: nothing before 6.10 (the model's check), a WARN from 6.10, file_ref_inc's from 6.13", () => {
  const titles: string[] = [];
  for (const spec of ['v6.8', 'v6.12', 'v6.13']) titles.push(getFileOnZero(spec).b.machine.violations[0]?.title ?? '');
  assert.match(titles[0] ?? '', /no kernel message before 6\.10: the model's check/);
  assert.equal(titles[1], 'struct file::f_count incremented from zero; use-after-free condition present!');
  assert.equal(titles[2], 'file_ref_inc() on a released file reference');
});

test('the last close runs __fput before close returns; the file slot is freed', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_mount('m')), 0);
  const fd = sys(b, sys_open('m/f', O_CREAT | O_RDWR));
  const d = sys(b, sys_dup(fd));
  const f = b.init.files?.fd_array[d] as File;
  assert.equal(f.f_count, 2, 'dup shares the open file description');
  assert.equal(sys(b, sys_close(fd)), 0);
  assert.equal(f.freed, false);
  assert.equal(sys(b, sys_close(d)), 0);
  assert.equal(f.freed, true);
  assert.equal(f.fputs, 1);
});

test('property: balanced gets and puts around any fd never free it, never go negative, never double-__fput', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 3 })), { maxLength: 20 }),
      (ops) => {
        const b = bootKernel();
        const fds = [0, 1, 2];
        for (const [which, gets] of ops) {
          const fd = which < 3 ? (fds[which] as number) : sys(b, sys_dup(which - 3));
          if (which >= 3) fds.push(fd);
          const r = call(b, getAndPut(fd, gets));
          assert.equal(r.kind, 'done');
        }
        const files = b.init.files?.fd_array.filter((f): f is File => f != null) ?? [];
        for (const f of new Set(files)) {
          assert.equal(f.f_count, files.filter((g) => g === f).length, 'one reference per fd');
          assert.equal(f.freed, false);
        }
        for (const fd of fds) assert.equal(sys(b, sys_close(fd)), 0);
        for (const f of files) assert.equal(f.freed && f.fputs === 1, true);
        assert.deepEqual(b.machine.violations, []);
      },
    ),
    { numRuns: 100 },
  );
});

test('a failed open gives its mount back at once (path_put, file_free): no __fput left in task_work to pin it', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_mount('m')), 0);
  assert.equal(sys(b, sys_mkfifo('m/p')), 0);
  // The raw bodies, without the return to user mode that would run task_work between them.
  const open = runCall(b.machine, b.init, sys_open('m/p', O_WRONLY | O_NONBLOCK));
  assert.deepEqual(open.kind === 'done' && open.value, -6); // ENXIO: no reader
  assert.equal(b.init.task_works.length, 0);
  const umount = runCall(b.machine, b.init, sys_umount('m', 0));
  assert.deepEqual(umount.kind === 'done' && umount.value, 0);
});

test('the last put of a detached mount queues cleanup_mnt as task_work: the superblock dies at return to user mode', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_mount('m')), 0);
  const fd = sys(b, sys_open('m/f', O_CREAT | O_RDWR));
  const file = b.init.files?.fd_array[fd] as File;
  const sb = file.f_path.mnt.mnt_sb;
  assert.equal(sys(b, sys_umount('m', MNT_DETACH)), 0);
  // The raw close body: __fput_sync drops the mount's last reference inside close().
  const close = runCall(b.machine, b.init, sys_close(fd));
  assert.deepEqual(close.kind === 'done' && close.value, 0);
  assert.deepEqual(
    b.init.task_works.map((w) => w.name),
    ['__cleanup_mnt'],
  );
  assert.equal(sb.shutdown, false);
  sys(b, task_work_run());
  assert.equal(sb.shutdown, true);
});
