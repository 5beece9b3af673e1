// Models no kernel file: the step-discipline audit, a test mode checking each shared access against the pending step.
import { classDecl, setAccessObserver, type AccessKind, type AccessObserver } from './access.ts';
import { baseObject, type KObject } from './object.ts';
import type { Step } from './step.ts';
import type { Task } from './task.ts';

/** One access that its thread's pending step does not announce. */
export interface Mismatch {
  /** The kernel function making the access (innermost `kfn` name). */
  readonly fn: string;
  readonly thread: string;
  /** `struct file.f_pos` (the object's kind and the location). */
  readonly location: string;
  readonly access: AccessKind;
  /** The pending step (`read file#3.f_ep`), or `no step` before a call's first step. */
  readonly step: string;
}

/** `read file.f_pos in do_sys_read under write struct eventpoll.rdllist`: one line of the audit's report. */
export function formatMismatch(m: Mismatch): string {
  return `${m.access} ${m.location} in ${m.fn} (${m.thread}) under ${m.step}`;
}

interface LockState {
  lockless: boolean;
  locklessWrite: boolean;
  read: Mismatch | null;
  write: Mismatch | null;
}

function describe(s: Step | null): string {
  if (s === null) return 'no step';
  return `${s.k} ${s.o.kind}.${s.f}`;
}

/** Does step `s` announce an access of kind `kind` to location `loc` of `obj`? */
export function announces(s: Step | null, obj: KObject, loc: string, kind: AccessKind): boolean {
  if (s === null) return false;
  switch (s.k) {
    case 'free':
      return baseObject(s.o) === baseObject(obj);
    case 'acquire':
    case 'release':
      // The lock's own state (its owner) changes with the lock operation.
      return s.o === obj;
    case 'sleep':
      return s.o === obj && s.f === loc && kind === 'read';
    case 'read':
      return s.o === obj && s.f === loc && kind === 'read';
    case 'write':
    case 'rmw':
      return s.o === obj && s.f === loc;
  }
}

/**
 * The audit: every write of shared kernel state must be announced by the thread's pending step (same object, same
 * location, a write or rmw step); every read too (a read, write or rmw step), except reads of a location nobody writes
 * once it is shared (an immutable field: `f_op`, `ep`, a lock's address), which need no step. A read is therefore
 * judged when the execution first writes its location, before or after it. Each distinct mismatch is kept once.
 */
export class StepAudit implements AccessObserver {
  readonly mismatches: Mismatch[] = [];
  private readonly seen = new Set<string>();
  /** Locations of each object written while shared. */
  private readonly written = new WeakMap<KObject, Set<string>>();
  /** Unannounced reads of locations not (yet) written while shared. */
  private readonly reads = new WeakMap<KObject, Map<string, Mismatch>>();
  /** Locations a lock protects: whether some access was made without it, and the first unannounced ones under it. */
  private readonly lockState = new WeakMap<KObject, Map<string, LockState>>();

  access(t: Task, obj: KObject, loc: string, kind: AccessKind): void {
    const s = t.pending;
    const ok = announces(s, obj, loc, kind);
    const lock = classDecl(obj).$lockedBy?.[loc];
    if (lock !== undefined) {
      const l = lock(obj as never, t);
      // Under an rwlock held for reading (rwlock-era ep->lock) the access is announced like any shared one; it is not
      // lockless to a write holder, which excludes readers. (Readers are counted, not named: an access by a thread
      // that holds nothing while another reads is judged the same way, a known looseness.)
      if (l.owner !== t && l.readers > 0) {
        if (!ok) this.record(this.mismatch(t, obj, loc, kind, s));
        return;
      }
      if (this.locked(t, obj, loc, kind, ok, l.owner === t)) return;
    }
    if (kind === 'write') {
      let w = this.written.get(obj);
      if (w === undefined) this.written.set(obj, (w = new Set()));
      if (!w.has(loc)) {
        w.add(loc);
        const r = this.reads.get(obj)?.get(loc);
        if (r !== undefined) this.record(r);
      }
      if (!ok) this.record(this.mismatch(t, obj, loc, kind, s));
      return;
    }
    if (ok) return;
    const m = this.mismatch(t, obj, loc, kind, s);
    if (this.written.get(obj)?.has(loc) === true) {
      this.record(m);
      return;
    }
    let r = this.reads.get(obj);
    if (r === undefined) this.reads.set(obj, (r = new Map()));
    if (!r.has(loc)) r.set(loc, m);
  }

  /**
   * A location a lock protects: an unannounced access under the lock is a mismatch only once the execution also makes
   * a conflicting access without the lock (then the lock does not order the pair). Returns true when it judged the
   * access (an unannounced one under the lock).
   */
  private locked(t: Task, obj: KObject, loc: string, kind: AccessKind, ok: boolean, held: boolean): boolean {
    let byLoc = this.lockState.get(obj);
    if (byLoc === undefined) this.lockState.set(obj, (byLoc = new Map()));
    let st = byLoc.get(loc);
    if (st === undefined) byLoc.set(loc, (st = { lockless: false, locklessWrite: false, read: null, write: null }));
    if (!held) {
      st.lockless = true;
      if (st.write !== null) this.record(st.write);
      if (kind === 'write') {
        st.locklessWrite = true;
        if (st.read !== null) this.record(st.read);
      }
      return false;
    }
    if (ok) return false;
    const m = this.mismatch(t, obj, loc, kind, t.pending);
    if (kind === 'write') {
      if (st.lockless) this.record(m);
      else st.write ??= m;
    } else if (st.locklessWrite) this.record(m);
    else st.read ??= m;
    return true;
  }

  private mismatch(t: Task, obj: KObject, loc: string, kind: AccessKind, s: Step | null): Mismatch {
    return {
      fn: t.stack.at(-1) ?? '(entry)',
      thread: t.comm,
      location: `${obj.kind}.${loc}`,
      access: kind,
      step: describe(s),
    };
  }

  private record(m: Mismatch): void {
    const key = `${m.fn}|${m.location}|${m.access}|${m.step}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.mismatches.push(m);
  }
}

/**
 * Runs `fn` with the audit installed (objects created inside are observed) and returns its mismatches with `fn`'s
 * result. Not re-entrant.
 */
export function withStepAudit<T>(fn: () => T): { readonly result: T; readonly mismatches: readonly Mismatch[] } {
  const audit = new StepAudit();
  setAccessObserver(audit);
  try {
    return { result: fn(), mismatches: audit.mismatches };
  } finally {
    setAccessObserver(null);
  }
}
