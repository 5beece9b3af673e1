// Explorer: lockdep — lock acquisition order per lock class (container kind + field), kept across executions.
import type { Lock } from '../kernel/lock.ts';
import type { Step } from '../kernel/step.ts';
import type { Task } from '../kernel/task.ts';

/** Where an ordering edge `from -> to` was first seen: the task, its model stack and the execution index. */
export interface LockEdge {
  readonly from: string;
  readonly to: string;
  readonly thread: string;
  readonly stack: readonly string[];
  readonly execution: number;
}

/** A lock-order inversion: the new edge and the existing chain back from its target to its source. */
export interface LockCycle {
  readonly edge: LockEdge;
  readonly chain: readonly LockEdge[];
}

/** Class names by container kind and field, built once (no string building per acquisition). */
const classes = new Map<string, Map<string, string>>();

/** The class of a lock as lockdep keys it: the struct it is embedded in and its field (`struct file.f_lock`). */
export function lockClass(l: Lock): string {
  const kind = l.kind;
  let byField = classes.get(kind);
  if (byField === undefined) {
    byField = new Map();
    classes.set(kind, byField);
  }
  let c = byField.get(l.field);
  if (c === undefined) {
    c = `${kind}.${l.field}`;
    byField.set(l.field, c);
  }
  return c;
}

/**
 * The dependency graph of lock classes. `acquire` adds `held -> new` for every lock the task holds; an edge that
 * closes a cycle yields a `LockCycle` (reported once per cycle). Same-class nesting is ignored (the kernel annotates
 * it with subclasses).
 */
export class LockDep {
  private readonly edges = new Map<string, Map<string, LockEdge>>();
  private held = new Map<Task, Lock[]>();
  private readonly reported = new Set<string>();
  /** Cycles found during the current execution, collected by the explorer at its end. */
  readonly found: LockCycle[] = [];
  private readonly foundKeys: string[] = [];
  /** Edges first seen during the current execution, in order (merged across subtrees by `parallel/`). */
  readonly added: LockEdge[] = [];
  execution = 0;

  /** Observes a step about to execute: lock acquisitions and releases (other steps do not concern lockdep). */
  step(t: Task, s: Step): void {
    if (s.k === 'acquire') this.acquire(t, s.o as Lock);
    else if (s.k === 'release') this.release(t, s.o as Lock);
  }

  /** Starts a new execution: held locks are per execution, edges persist. */
  reset(execution: number): void {
    this.held = new Map(); // not clear(): see src/explore/DESIGN.md, "Performance notes" (cleared Maps chain executions)
    this.found.length = 0;
    this.foundKeys.length = 0;
    this.added.length = 0;
    this.execution = execution;
  }

  /**
   * Forgets what the current execution added: it was not one the kernel can run (DPOR's value branches explore such
   * executions of the choice program for their races; `dpor/values.ts`).
   */
  undo(): void {
    for (const e of this.added) this.edges.get(e.from)?.delete(e.to);
    for (const k of this.foundKeys) this.reported.delete(k);
    this.found.length = 0;
    this.foundKeys.length = 0;
    this.added.length = 0;
  }

  acquire(t: Task, l: Lock): void {
    let h = this.held.get(t);
    if (h === undefined) {
      h = [];
      this.held.set(t, h);
    }
    // A mutex's failed fast-path try, then its wait: lockdep records the acquisition once, at the try.
    if (h.includes(l)) return;
    if (h.length > 0) {
      const to = lockClass(l);
      for (const prev of h) this.edge(lockClass(prev), to, t);
    }
    h.push(l);
  }

  release(t: Task, l: Lock): void {
    const h = this.held.get(t);
    if (h === undefined) return;
    const i = h.lastIndexOf(l);
    if (i >= 0) h.splice(i, 1);
  }

  private edge(from: string, to: string, t: Task): void {
    if (from === to) return;
    let out = this.edges.get(from);
    if (out === undefined) {
      out = new Map();
      this.edges.set(from, out);
    } else if (out.has(to)) return;
    this.addEdge({ from, to, thread: t.comm, stack: [...t.stack], execution: this.execution }, out);
  }

  /** Records a new edge (seen here or in another subtree's exploration) and reports the cycle it closes. */
  addEdge(e: LockEdge, out?: Map<string, LockEdge>): void {
    const { from, to } = e;
    let o = out ?? this.edges.get(from);
    if (o === undefined) {
      o = new Map();
      this.edges.set(from, o);
    } else if (out === undefined && o.has(to)) return;
    o.set(to, e);
    this.added.push(e);
    const chain = this.path(to, from);
    if (chain === null) return;
    const key = [...chain.map((c) => c.from), from].sort().join('|');
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.foundKeys.push(key);
    this.found.push({ edge: e, chain });
  }

  /** A path of recorded edges from `a` to `b`, or null. */
  private path(a: string, b: string): LockEdge[] | null {
    const seen = new Set<string>([a]);
    const prev = new Map<string, LockEdge>();
    const queue = [a];
    for (let i = 0; i < queue.length; i++) {
      const n = queue[i] as string;
      for (const [to, e] of this.edges.get(n) ?? []) {
        if (seen.has(to)) continue;
        seen.add(to);
        prev.set(to, e);
        if (to === b) {
          const out: LockEdge[] = [];
          for (let c = b; c !== a;) {
            const pe = prev.get(c) as LockEdge;
            out.unshift(pe);
            c = pe.from;
          }
          return out;
        }
        queue.push(to);
      }
    }
    return null;
  }
}
