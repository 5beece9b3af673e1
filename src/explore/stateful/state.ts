// Explorer (stateful): a state's identity — the heap by stable names, plus every thread's observation history.
import type { FrameObserver, KCall } from '../../kernel/kfn.ts';
import type { Machine } from '../../kernel/machine.ts';
import { baseObject, type KObject } from '../../kernel/object.ts';
import { viewOf, type Step, type StepKind } from '../../kernel/step.ts';
import type { Task } from '../../kernel/task.ts';
import { Encoder } from './encode.ts';
import { type Hash128, internString } from './hash.ts';

/**
 * What a load, store or atomic observes: the field's value, or only what its caller uses of it by the step's own
 * contract (the same the DPOR relation relies on): a view read its view, a counting step whether the count is at
 * least its `from` (below it, the value).
 */
function observed(enc: Encoder, s: Step): void {
  if (s.view === true) {
    const view = viewOf(s.o, s.f);
    if (view !== null) {
      enc.h.int(0x71e3);
      enc.value(view(s.o));
      return;
    }
  }
  const c = s.ctr;
  if (c !== undefined) {
    const n = c.count(s.o);
    if (n !== null && n >= c.from) {
      enc.h.int(0x0c7d);
      return;
    }
  }
  enc.value((s.o as unknown as Record<string, unknown>)[s.f]);
}

const KIND: Record<StepKind, number> = { read: 1, write: 2, rmw: 3, acquire: 4, release: 5, sleep: 6, free: 7 };

/** The histories of the threads at one point of an execution. */
export interface HistorySnapshot {
  /** Per thread, its frames' digests (4 lanes each, bottom first). */
  readonly frames: readonly Int32Array[];
  readonly marks: readonly (string | null)[];
}

const EMPTY = new Int32Array(0);

/**
 * Per thread, a stack of 128-bit digests, one per `kfn` frame in progress (bottom: the thread's program), of what
 * the frame has observed since it started: its history `σ`. Kernel code is deterministic given what it reads, and by
 * the step discipline (DESIGN.md) a thread reads shared state only at its steps: the object a step names, data under
 * a lock it holds (the lock's container is observed at the acquire), its own task (wake-ups, signals) and the clock.
 * A frame starts from its function and arguments; when it returns, what it leaves its caller is its return value,
 * its arguments' contents (a callee may fill an array it was given) and the heap, so the caller's digest takes
 * (function, arguments, value) and the callee's own observations are forgotten: two interleavings in which a call
 * observed different things but returned the same merge there. See DESIGN.md, "Stateful exploration".
 */
export class Histories implements FrameObserver {
  /** Per thread, its frames' digests, 4 lanes each; `depth[i]` is the top frame. */
  private fr: Int32Array[] = [];
  private depth: number[] = [];
  /** Per thread, the call records of its frames above the bottom one (this execution's: not snapshotted). */
  private calls: KCall[][] = [];
  private readonly enc = new Encoder();
  private m: Machine | null = null;
  /** The user-level state each initial thread's history started from (`Scenario.threadMark`). */
  readonly marks: (string | null)[] = [];
  /** Initial threads whose marks the scenario gives (the others keep their whole history). */
  mark: ((i: number) => string) | null = null;
  nInitial = 0;
  /** Frames are hashed only past the replayed prefix (a replayed event's histories come from a snapshot). */
  live = true;

  /** Starts a new execution on `m`: every thread's stack empty. */
  attach(m: Machine): void {
    this.m = m;
    this.live = true;
    for (let i = 0; i < this.calls.length; i++) {
      (this.calls[i] as KCall[]).length = 0;
      this.depth[i] = 0;
    }
  }

  /** Initial thread `i`: its program is fixed by its index. Only its bottom frame restarts (at a line boundary). */
  seed(i: number): void {
    this.ensure(i, 0);
    const h = this.enc.h;
    h.reset();
    h.int(0x5eed);
    h.int(i);
    const mark = this.mark !== null && i < this.nInitial ? this.mark(i) : null;
    this.marks[i] = mark;
    if (mark !== null) h.int(internString(mark));
    h.finish(this.fr[i] as Int32Array, 0);
  }

  /** A thread spawned by thread `parent` (-1: by the clock): its program follows from the spawner's history. */
  spawned(child: number, parent: number, comm: string): void {
    this.ensure(child, 0);
    const h = this.enc.h;
    h.reset();
    h.int(0x5bab);
    h.int(internString(comm));
    if (parent >= 0) this.digestInto(parent, h);
    this.depth[child] = 0;
    (this.calls[child] as KCall[]).length = 0;
    h.finish(this.fr[child] as Int32Array, 0);
  }

  /** Has initial thread `i` moved to another line (or finished one) since its history last restarted? */
  markChanged(i: number): boolean {
    return this.mark !== null && i < this.nInitial && this.marks[i] !== this.mark(i);
  }

  /** Thread `ti` (`t`) is about to make step `s`: append what it will observe to its top frame's history. */
  observe(m: Machine, ti: number, t: Task, s: Step): void {
    // At a line boundary the thread's future follows from its mark: its history restarts there.
    if (this.mark !== null && ti < this.nInitial && this.marks[ti] !== this.mark(ti)) this.seed(ti);
    const enc = this.enc;
    enc.begin();
    enc.machineRef = m;
    const h = enc.h;
    const fr = this.fr[ti] as Int32Array;
    const o = (this.depth[ti] as number) * 4;
    for (let j = 0; j < 4; j++) h.int(fr[o + j] as number);
    h.int(KIND[s.k]);
    enc.value(s.o);
    enc.str(s.f);
    h.int(s.rcu === true ? 1 : 0);
    const base = baseObject(s.o);
    const k = s.k;
    if ((k === 'read' || k === 'write' || k === 'rmw') && s.f in s.o) {
      // A load or store touches the field its step names (the audited step discipline): its value is all it reads.
      observed(enc, s);
    } else if (base === m.globals) enc.machine(m);
    else enc.contents(base);
    if (base !== t) enc.contents(t);
    h.int(m.clock);
    h.finish(fr, o);
  }

  call(t: object, c: KCall): void {
    const ti = this.index(t);
    (this.calls[ti] as KCall[]).push(c);
    const d = (this.depth[ti] as number) + 1;
    this.depth[ti] = d;
    this.ensure(ti, d);
    if (!this.live) return;
    const enc = this.enc;
    enc.begin();
    enc.machineRef = this.m;
    enc.h.int(0xca11);
    enc.str(c.name);
    for (const a of c.args) enc.value(a);
    enc.h.finish(this.fr[ti] as Int32Array, d * 4);
  }

  ret(t: object, value: unknown): void {
    const ti = this.index(t);
    const c = (this.calls[ti] as KCall[]).pop();
    const d = (this.depth[ti] as number) - 1;
    this.depth[ti] = d;
    if (!this.live || c === undefined) return;
    const enc = this.enc;
    enc.begin();
    enc.machineRef = this.m;
    const h = enc.h;
    const fr = this.fr[ti] as Int32Array;
    for (let j = 0; j < 4; j++) h.int(fr[d * 4 + j] as number);
    h.int(0x4e7);
    enc.str(c.name);
    for (const a of c.args) enc.value(a);
    enc.value(value);
    h.finish(fr, d * 4);
  }

  reset(t: object): void {
    const ti = this.index(t);
    if (ti < 0) return;
    this.ensure(ti, 0);
    (this.calls[ti] as KCall[]).length = 0;
    this.depth[ti] = 0;
  }

  /** Thread `i`'s whole stack of digests, written into `h`. */
  digestInto(i: number, h: Hash128): void {
    const fr = this.fr[i] as Int32Array;
    const n = ((this.depth[i] as number) + 1) * 4;
    h.int(n);
    for (let j = 0; j < n; j++) h.int(fr[j] as number);
  }

  /** Every thread's histories and mark at this point (a replay restores them instead of recomputing them). */
  snapshot(n: number): HistorySnapshot {
    const frames: Int32Array[] = [];
    for (let i = 0; i < n; i++) {
      const fr = this.fr[i];
      frames.push(fr === undefined ? EMPTY : fr.slice(0, ((this.depth[i] as number) + 1) * 4));
    }
    return { frames, marks: this.marks.slice(0, n) };
  }

  restore(s: HistorySnapshot): void {
    s.frames.forEach((f, i) => {
      if (f.length === 0) return;
      this.ensure(i, f.length / 4 - 1);
      (this.fr[i] as Int32Array).set(f);
      this.depth[i] = f.length / 4 - 1;
    });
    this.marks.length = 0;
    this.marks.push(...s.marks);
  }

  private index(t: object): number {
    return (this.m as Machine).tasks.indexOf(t as Task);
  }

  /** Room for thread `i`'s frames up to `d`. */
  private ensure(i: number, d: number): void {
    while (this.fr.length <= i) {
      this.fr.push(new Int32Array(32 * 4));
      this.depth.push(0);
      this.calls.push([]);
    }
    const fr = this.fr[i] as Int32Array;
    if (fr.length < (d + 1) * 4) {
      const b = new Int32Array(Math.max(fr.length * 2, (d + 1) * 4));
      b.set(fr);
      this.fr[i] = b;
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
      } else h.digestInto(i, enc.h);
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
