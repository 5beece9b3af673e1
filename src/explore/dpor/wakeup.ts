// Explorer: wakeup trees and sleep sets of optimal DPOR (Abdulla, Aronis, Jonsson, Sagonas, POPL'14 / JACM'17).
import type { Desc, EventStore } from './events.ts';

/** A wakeup-tree node: the thread to run next and its event; children are continuations, explored in order. */
export class WuNode {
  readonly ch: WuNode[] = [];
  constructor(
    readonly t: number,
    public d: Desc,
  ) {}
}

/**
 * A sequence of events for the wakeup-tree operations: events of the current execution (`EventSeq`) or descriptors
 * of events that were not run in it (`DescSeq` in `cache.ts`, cached DPOR's summaries). Indices are positions in it.
 */
export interface Seq {
  readonly length: number;
  /** Stable thread of event `i`. */
  thread(i: number): number;
  desc(i: number): Desc;
  /** Is event `i` a view read under value branches (`Desc.view`)? Asked before `desc`, which may allocate. */
  view(i: number): boolean;
  /** Does event `i` happen before event `k` (i < k)? */
  hb(i: number, k: number): boolean;
  /** Are descriptor `d` (another thread's next event) and event `i` dependent? */
  dep(d: Desc, i: number): boolean;
}

/** Events of the current execution, by position in the event store. */
export class EventSeq implements Seq {
  constructor(
    private readonly ev: EventStore,
    private readonly v: readonly number[],
  ) {}
  get length(): number {
    return this.v.length;
  }
  thread(i: number): number {
    return this.ev.thrStable[this.ev.evT[this.v[i] as number] as number] as number;
  }
  desc(i: number): Desc {
    return this.ev.desc(this.v[i] as number);
  }
  view(i: number): boolean {
    return this.ev.evView[this.v[i] as number] === 1;
  }
  hb(i: number, k: number): boolean {
    return this.ev.hb(this.v[i] as number, this.v[k] as number);
  }
  dep(d: Desc, i: number): boolean {
    return this.ev.dep(d, this.v[i] as number);
  }
}

/**
 * Are two descriptors of one thread's next event the same event? Always, except for value branches: a view read is
 * the event of reading its value (`Desc.val`), and two values are two events.
 */
export function sameEvent(a: Desc, b: Desc): boolean {
  if (a.view !== true && b.view !== true) return true;
  return a.view === b.view && Object.is(a.val, b.val);
}

/** Is event `i` of `s` the event `d` describes (its thread's, so the same unless a view read's value differs)? */
function sameAt(s: Seq, i: number, d: Desc): boolean {
  return (d.view !== true && !s.view(i)) || sameEvent(s.desc(i), d);
}

/** Index in `rem` (indices into `s`) of thread `t`'s first event, or -1. */
function firstOf(s: Seq, rem: readonly number[], t: number): number {
  for (let i = 0; i < rem.length; i++) if (s.thread(rem[i] as number) === t) return i;
  return -1;
}

/** Is `rem[k]` an initial of `rem`: no earlier event of `rem` happens before it? */
function initialAt(s: Seq, rem: readonly number[], k: number): boolean {
  const x = rem[k] as number;
  for (let i = 0; i < k; i++) if (s.hb(rem[i] as number, x)) return false;
  return true;
}

function independentOfAll(s: Seq, d: Desc, rem: readonly number[]): boolean {
  for (let i = 0; i < rem.length; i++) if (s.dep(d, rem[i] as number)) return false;
  return true;
}

const indices = (s: Seq): number[] => Array.from({ length: s.length }, (_, i) => i);

/** Index of thread `t`'s first event in the whole of `s`, or -1 (no index array: the sleep-set checks are hot). */
function firstIn(s: Seq, t: number): number {
  for (let i = 0; i < s.length; i++) if (s.thread(i) === t) return i;
  return -1;
}

function noPredecessor(s: Seq, k: number): boolean {
  for (let i = 0; i < k; i++) if (s.hb(i, k)) return false;
  return true;
}

/**
 * Is thread `d.t` (whose next event is `d`) a weak initial of `s`? Either its first event in `s` has no
 * happens-before predecessor in `s`, or it does not occur in `s` and is independent of all of it.
 */
export function weakInitial(s: Seq, d: Desc): boolean {
  const k = firstIn(s, d.t);
  if (k >= 0) return sameAt(s, k, d) && noPredecessor(s, k);
  // A view read under value branches is one of the thread's possible next events: an extension may take another.
  if (d.view === true) return false;
  for (let i = 0; i < s.length; i++) if (s.dep(d, i)) return false;
  return true;
}

/** Is thread `d.t` an initial of `s`: it occurs in `s` and its first event there has no predecessor in `s`? */
export function initialOf(s: Seq, d: Desc): boolean {
  const k = firstIn(s, d.t);
  return k >= 0 && sameAt(s, k, d) && noPredecessor(s, k);
}

/**
 * insert_[E](v, wut): walk down from the root taking, at each node, the first child whose thread is a weak initial of
 * what remains of `v` (consuming that thread's first event when it occurs in `v`). Reaching a leaf, or consuming all
 * of `v`, means an existing branch already covers `v`; otherwise the rest of `v` becomes a new branch.
 */
export function insert(s: Seq, root: WuNode): boolean {
  let node = root;
  const rem = indices(s);
  for (;;) {
    if (rem.length === 0) return false;
    if (node !== root && node.ch.length === 0) return false;
    let next: WuNode | null = null;
    for (const c of node.ch) {
      const k = firstOf(s, rem, c.t);
      if (k >= 0) {
        if (sameAt(s, rem[k] as number, c.d) && initialAt(s, rem, k)) {
          rem.splice(k, 1);
          next = c;
          break;
        }
      } else if (c.d.view !== true && independentOfAll(s, c.d, rem)) {
        next = c;
        break;
      }
    }
    if (next === null) {
      for (const j of rem) {
        const n = new WuNode(s.thread(j), s.desc(j));
        node.ch.push(n);
        node = n;
      }
      return true;
    }
    node = next;
  }
}
