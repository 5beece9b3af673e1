// Models fs/file_table.c and include/linux/file_ref.h: f_count under both counter knobs, get_file, fput, __fput.
import { current } from './current.ts';
import { kfn } from './kfn.ts';
import { kthread_run } from './kthread.ts';
import type { Machine } from './machine.ts';
import type { CallbackHead } from './task.ts';
import { countRmw, rcuRmw, rmw, rd, type Counting, type Gen } from './step.ts';
import { eventpoll_release } from './eventpoll_release.ts';
import { dput } from './dcache.ts';
import { mntget, mntput } from './namespace.ts';
import { kfree } from './slab.ts';
import { task_work_add } from './task_work.ts';
import { File, FMODE_OPENED, type Dentry, type FileOperations, type Inode, type Mount } from './vfs.ts';

/** alloc_file / alloc_file_pseudo: a new opened file holding a reference on its mount and dentry. */
export const alloc_file = kfn(
  'alloc_file',
  function* (
    f_op: FileOperations,
    path: { mnt: Mount; dentry: Dentry },
    inode: Inode,
    flags: number,
    mode: number,
  ): Gen<File> {
    const m = current().machine;
    yield* mntget(path.mnt);
    const f = m.alloc('filp', new File(f_op, path, inode, flags, mode));
    return f;
  },
);

/** file_count: the number of references, 0 for a dying or dead file. */
export function* file_count(f: File): Gen<number> {
  yield rd(f, 'f_count');
  return f.dead ? 0 : Math.max(0, f.f_count);
}

/** f_count as a counting step finds it: none once the file is dead (file_ref) or its slot freed. */
const liveCount = (o: object): number | null => {
  const f = o as File;
  return f.freed || f.dead ? null : f.f_count;
};

/**
 * The counting steps on f_count (`Step.ctr`): from 1 up an increment (get_file, inc-not-zero, file_ref_get) adds one
 * and succeeds; from 2 up a put takes one away and is not the last. Below that the step is where lifetimes race: a
 * last put, an increment on zero, a get in a final put's NOREF window.
 */
const F_INC: Counting = { delta: 1, from: 1, count: liveCount };
const F_DEC: Counting = { delta: -1, from: 2, count: liveCount };

/** What a kernel prints for get_file on a zero atomic_long count (nothing before f6bdc7865ef4). */
const GET_FILE_ZERO = {
  silent: "f_count: addition on 0; use-after-free (no kernel message before 6.10: the model's check)",
  warn: 'struct file::f_count incremented from zero; use-after-free condition present!',
} as const;

/**
 * get_file: an unconditional increment; the caller must already hold a reference.
 * atomic_long: 0 -> 1 resurrects a dying file (WARNs since 6.10, f6bdc7865ef4); file_ref (file_ref_inc): a dead count
 * stays dead; a count in the NOREF window of a final put (0, not yet DEAD) is revived, with the same WARN.
 */
export const get_file = kfn('get_file', function* (f: File): Gen<File> {
  const m = current().machine;
  yield countRmw(f, 'f_count', F_INC);
  if (m.variant.counter === 'file_ref') {
    if (f.dead) m.report('refcount-addition-on-0', 'file_ref_inc() on a released file reference', f, false);
    else {
      if (f.f_count === 0) m.report('refcount-addition-on-0', 'file_ref_inc() on a released file reference', f, false);
      f.f_count++;
    }
  } else {
    if (f.f_count === 0) m.report('refcount-addition-on-0', GET_FILE_ZERO[m.variant.get_file_zero], f, false);
    f.f_count++;
  }
  return f;
});

/**
 * The "get unless dying" primitive: atomic_long_inc_not_zero (<= 6.12) or file_ref_get (6.13+).
 * `rcu` marks callers that may see a freed-and-recycled slot (fd lookups, get_file_active).
 */
export function* file_ref_get(f: File, rcu = false): Gen<boolean> {
  yield countRmw(f, 'f_count', F_INC, rcu);
  if (f.freed || f.dead) return false;
  // inc-not-zero fails at 0; file_ref_get's add succeeds in a final put's NOREF window (0, not yet DEAD).
  if (f.f_count <= 0 && current().machine.variant.counter !== 'file_ref') return false;
  f.f_count++;
  return true;
}

/** get_file_active(&ptr) (6.7+): inc-not-zero under RCU, then re-check that the pointer still names this file. */
export const get_file_active = kfn('get_file_active', function* (f: File): Gen<File | null> {
  return (yield* file_ref_get(f, true)) ? f : null;
});

/**
 * file_ref_put / atomic_long_dec_and_test: true when this put dropped the last reference.
 * file_ref: two steps, the decrement (to NOREF when last), then __file_ref_put's cmpxchg NOREF -> DEAD, which fails
 * if a get revived the count in between: then the getter's later put is the final one.
 */
function* file_ref_put(f: File): Gen<boolean> {
  const m = current().machine;
  yield countRmw(f, 'f_count', F_DEC);
  if (m.variant.counter === 'file_ref') {
    if (f.dead) {
      m.report('refcount-underflow', 'imbalanced put on file reference count', f, false);
      return false;
    }
    if (--f.f_count > 0) return false;
    if (!(yield* file_ref_noref_to_dead(f))) return false;
  } else {
    const n = --f.f_count;
    if (n < 0) {
      m.report('refcount-underflow', 'f_count: underflow; use-after-free', f, false);
      return false;
    }
    if (n > 0) return false;
  }
  return last_put(f);
}

/**
 * __file_ref_put's try_cmpxchg_release(NOREF -> DEAD). file_ref_put runs with preemption off on a
 * SLAB_TYPESAFE_BY_RCU file: if a reviver already put and freed it (or the slot was recycled), the cmpxchg reads a
 * count that is not NOREF and fails, with no use-after-free.
 */
function* file_ref_noref_to_dead(f: File): Gen<boolean> {
  yield rcuRmw(f, 'f_count');
  if (f.freed || f.dead || f.f_count !== 0) return false;
  f.dead = true;
  return true;
}

/** Counts the zeroes of a file: a second one schedules a second __fput. */
function last_put(f: File): boolean {
  f.zeroes++;
  if (f.zeroes > 1)
    current().machine.report(
      'double-fput',
      `second __fput scheduled for ${f.label} (its count reached 0 again)`,
      f,
      false,
    );
  return true;
}

/**
 * file_ref_put_close (6.15, e83588458f65): close's put tries one cmpxchg ONEREF -> DEAD first, so a sole reference
 * dies in one step with no NOREF window; otherwise the ordinary put.
 */
function* file_ref_put_close(f: File): Gen<boolean> {
  const m = current().machine;
  if (m.variant.counter !== 'file_ref' || m.variant.close_put !== 'oneref_cmpxchg') return yield* file_ref_put(f);
  yield countRmw(f, 'f_count', F_DEC);
  if (!f.dead && f.f_count === 1) {
    f.f_count = 0;
    f.dead = true;
    return last_put(f);
  }
  if (f.dead) {
    m.report('refcount-underflow', 'imbalanced put on file reference count', f, false);
    return false;
  }
  if (--f.f_count > 0) return false;
  if (!(yield* file_ref_noref_to_dead(f))) return false;
  return last_put(f);
}

/** ____fput: the task_work / delayed-work callback. */
function ____fput(f: File): Gen {
  return __fput(f);
}

/**
 * fput: drop a reference; the last one schedules __fput as task_work on the putting task (TWA_RESUME), or on
 * delayed_fput_list for irq and kthread context (or a task past exit_task_work).
 */
export const fput = kfn('fput', function* (f: File): Gen {
  if (!(yield* file_ref_put(f))) return;
  // file_free: a file that never opened (a failed do_dentry_open) already gave its path back; it is freed in place
  // (93faf426e3cc, 6.7; before, the free itself went through task_work, which nothing can observe).
  if ((f.f_mode & FMODE_OPENED) === 0) return yield* kfree(f);
  const t = current();
  if (t.context === 'user') {
    if (yield* task_work_add(new FputWork(f))) return;
  }
  yield* delayed_fput_add(f);
});

/**
 * A put whose last reference always goes to delayed_fput_list (the `epi_unpin=delayed_fput` candidate fix: what fput
 * does for kthreads, for a caller that must not leave the release on its own task_work).
 */
export const fput_delayed = kfn('fput_delayed', function* (f: File): Gen {
  if (yield* file_ref_put(f)) yield* delayed_fput_add(f);
});

/** __fput_sync / fput_close_sync: close(2)'s final put runs __fput in the closer, before close returns (6.6+). */
export const __fput_sync = kfn('__fput_sync', function* (f: File): Gen {
  if (yield* file_ref_put_close(f)) yield* __fput(f);
});

/** file->f_task_work: the callback_head of a deferred __fput (a class: queueing it creates no closure). */
class FputWork implements CallbackHead {
  readonly name = '____fput';
  constructor(private readonly f: File) {}
  func(): Gen {
    return ____fput(this.f);
  }
}

/** task_work_run: at return to user (and at exit), run queued works, most recently added first. */
export const task_work_run = kfn('task_work_run', function* (): Gen {
  const t = current();
  for (;;) {
    yield rmw(t, 'task_works');
    const works = t.task_works;
    if (works.length === 0) return;
    t.task_works = [];
    for (const w of works) yield* w.func();
  }
});

/** exit_task_work: run what is queued and refuse further works. */
export const exit_task_work = kfn('exit_task_work', function* (): Gen {
  yield* task_work_run();
  const t = current();
  yield rmw(t, 'task_works');
  t.task_works_closed = true;
});

/** llist_add to delayed_fput_list; the first addition schedules delayed_fput_work on a kworker. */
function* delayed_fput_add(f: File): Gen {
  const m = current().machine;
  yield rmw(m.globals, 'delayed_fput_list');
  m.delayed_fput_list.push(f);
  if (!m.delayed_fput_work_pending) {
    m.delayed_fput_work_pending = true;
    schedule_work(m, 'delayed_fput', delayed_fput);
  }
}

/** queue_work: run `fn` on a fresh kworker thread. */
export function schedule_work(m: Machine, name: string, fn: () => Gen): void {
  kthread_run(m, `kworker/u:${m.workers++}+${name}`, 'kworker', fn);
}

/** delayed_fput: the kworker drains delayed_fput_list. */
const delayed_fput = kfn('delayed_fput', function* (): Gen {
  const m = current().machine;
  yield rmw(m.globals, 'delayed_fput_list');
  const list = m.delayed_fput_list.splice(0);
  m.delayed_fput_work_pending = false;
  for (const f of list) yield* __fput(f);
});

/**
 * __fput in kernel order: eventpoll_release first, f_op->release, dput (d_release), mntput (unpins the mount),
 * then the file slot goes back to the SLAB_TYPESAFE_BY_RCU filp cache.
 */
export const __fput = kfn('__fput', function* (f: File): Gen {
  f.fputs++;
  if ((f.f_mode & FMODE_OPENED) !== 0) {
    yield* eventpoll_release(f);
    if (f.f_op.release !== undefined) yield* f.f_op.release(f.f_inode, f);
  }
  yield* dput(f.f_path.dentry);
  yield* mntput(f.f_path.mnt);
  yield* kfree(f);
});
