// Explorer (stateful): a state's identity — the heap by stable names, plus every thread's observation history.
import type { Machine } from '../../kernel/machine.ts';
import { baseObject, type KObject } from '../../kernel/object.ts';
import type { Step, StepKind } from '../../kernel/step.ts';
import type { Task } from '../../kernel/task.ts';
import { Encoder } from './encode.ts';
import { internString } from './hash.ts';

const KIND: Record<StepKind, number> = { read: 1, write: 2, rmw: 3, acquire: 4, release: 5, sleep: 6, free: 7 };

/** The histories of the threads at one point of an execution. */
export interface HistorySnapshot {
  readonly sig: Int32Array;
  readonly marks: readonly (string | null)[];
}

/**
 * Per thread, a 128-bit digest of everything the thread has observed since it started (its history `σ`). Kernel code
 * is deterministic given what it reads, and by the step discipline (DESIGN.md) a thread reads shared state only at
 * its steps: the object a step names (any of its fields: locations are not yet checked against fields), data under
 * a lock it holds (the lock's container is observed at the acquire), its own task (wake-ups, signals) and the
 * clock. So the digest of (its program, the contents of each step's object and of its task at each step) determines
 * its hidden generator state. See DESIGN.md, "Stateful exploration", for the argument and its limits.
 */
export class Histories {
  sig = new Int32Array(64 * 4);
  private readonly enc = new Encoder();
  /** The user-level state each initial thread's history started from (`Scenario.threadMark`). */
  readonly marks: (string | null)[] = [];
  /** Initial threads whose marks the scenario gives (the others keep their whole history). */
  mark: ((i: number) => string) | null = null;
  nInitial = 0;

  /** Initial thread `i`: its program is fixed by its index. */
  seed(i: number): void {
    this.ensure(i);
    const h = this.enc.h;
    h.reset();
    h.int(0x5eed);
    h.int(i);
    const mark = this.mark !== null && i < this.nInitial ? this.mark(i) : null;
    this.marks[i] = mark;
    if (mark !== null) h.int(internString(mark));
    h.finish(this.sig, i * 4);
  }

  /** A thread spawned by thread `parent` (-1: by the clock): its program follows from the spawner's history. */
  spawned(child: number, parent: number, comm: string): void {
    this.ensure(child);
    const h = this.enc.h;
    h.reset();
    h.int(0x5bab);
    h.int(internString(comm));
    if (parent >= 0) for (let j = 0; j < 4; j++) h.int(this.sig[parent * 4 + j] as number);
    h.finish(this.sig, child * 4);
  }

  /** Thread `ti` (`t`) is about to make step `s`: append what it will observe to its history. */
  observe(m: Machine, ti: number, t: Task, s: Step): void {
    // At a line boundary the thread's future follows from its mark: its history restarts there.
    if (this.mark !== null && ti < this.nInitial && this.marks[ti] !== this.mark(ti)) this.seed(ti);
    const enc = this.enc;
    enc.begin();
    enc.machineRef = m;
    const h = enc.h;
    for (let j = 0; j < 4; j++) h.int(this.sig[ti * 4 + j] as number);
    h.int(KIND[s.k]);
    enc.value(s.o);
    enc.str(s.f);
    h.int(s.rcu === true ? 1 : 0);
    const base = baseObject(s.o);
    if (base === m.globals) enc.machine(m);
    else enc.contents(base);
    if (base !== t) enc.contents(t);
    h.int(m.clock);
    h.finish(this.sig, ti * 4);
  }

  /** Every thread's history and mark at this point (a replay restores them instead of recomputing them). */
  snapshot(n: number): HistorySnapshot {
    return { sig: this.sig.slice(0, n * 4), marks: this.marks.slice(0, n) };
  }

  restore(s: HistorySnapshot): void {
    this.ensure(s.sig.length / 4);
    this.sig.set(s.sig);
    this.marks.length = 0;
    this.marks.push(...s.marks);
  }

  private ensure(i: number): void {
    if (this.sig.length < (i + 1) * 4) {
      const b = new Int32Array(Math.max(this.sig.length * 2, (i + 1) * 4));
      b.set(this.sig);
      this.sig = b;
    }
  }
}

/**
 * The fingerprint of a whole state: the multiset of (name, contents) of every object allocated so far (freed ones and
 * unreferenced ones included: detectors read them), the machine's own fields (clock, tasks, caches, deferred work,
 * timers, violations) and each thread's history, in `machine.tasks` order.
 */
export class Fingerprinter {
  private readonly enc = new Encoder();
  private readonly tmp = new Int32Array(4);
  private readonly sum = new Int32Array(4);
  /** Debug: the full encoding of the last fingerprint (objects sorted), when `full` is on. */
  full: string | null = null;
  constructor(private readonly keepFull = false) {}

  compute(m: Machine, allocated: readonly KObject[], h: Histories, out: Int32Array): void {
    const enc = this.enc;
    enc.machineRef = m;
    const sum = this.sum;
    sum.fill(0);
    const parts: string[] | null = this.keepFull ? [] : null;
    for (let i = 0; i < allocated.length; i++) {
      enc.begin();
      if (parts !== null) enc.h.words = [];
      enc.contents(allocated[i] as KObject);
      enc.h.finish(this.tmp, 0);
      for (let j = 0; j < 4; j++) sum[j] = ((sum[j] as number) + (this.tmp[j] as number)) | 0;
      if (parts !== null) parts.push((enc.h.words ?? []).join(','));
    }
    enc.begin();
    if (parts !== null) enc.h.words = [];
    enc.machine(m);
    const n = m.tasks.length;
    for (let i = 0; i < n; i++) {
      // A finished thread has no future: its mark (the values it returned) is all that is left of it.
      if ((m.tasks[i] as KObject & { done: boolean }).done) {
        const mark = h.mark !== null && i < h.nInitial ? h.mark(i) : '';
        enc.h.int(internString(mark));
      } else for (let j = 0; j < 4; j++) enc.h.int(h.sig[i * 4 + j] as number);
    }
    for (let j = 0; j < 4; j++) enc.h.int(sum[j] as number);
    enc.h.finish(out, 0);
    if (parts !== null) {
      parts.sort();
      this.full = `${(enc.h.words ?? []).join(',')}|${parts.join(';')}`;
      enc.h.words = null;
    }
  }
}
