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

/** Index in `v` of thread `t`'s first event, or -1. */
function firstOf(ev: EventStore, v: readonly number[], t: number): number {
  for (let i = 0; i < v.length; i++) if (ev.thrStable[ev.evT[v[i] as number] as number] === t) return i;
  return -1;
}

/** Is `v[k]` an initial of `v`: no earlier event of `v` happens before it? */
function initialAt(ev: EventStore, v: readonly number[], k: number): boolean {
  const x = v[k] as number;
  for (let i = 0; i < k; i++) if (ev.hb(v[i] as number, x)) return false;
  return true;
}

function independentOfAll(ev: EventStore, d: Desc, v: readonly number[]): boolean {
  for (let i = 0; i < v.length; i++) if (ev.dep(d, v[i] as number)) return false;
  return true;
}

/**
 * Is thread `d.t` (whose next event is `d`) a weak initial of `v`? Either its first event in `v` has no
 * happens-before predecessor in `v`, or it does not occur in `v` and is independent of all of it.
 */
export function weakInitial(ev: EventStore, d: Desc, v: readonly number[]): boolean {
  const k = firstOf(ev, v, d.t);
  return k >= 0 ? initialAt(ev, v, k) : independentOfAll(ev, d, v);
}

/** Is thread `d.t` an initial of `v`: it occurs in `v` and its first event there has no predecessor in `v`? */
export function initialOf(ev: EventStore, d: Desc, v: readonly number[]): boolean {
  const k = firstOf(ev, v, d.t);
  return k >= 0 && initialAt(ev, v, k);
}

/**
 * insert_[E](v, wut): walk down from the root taking, at each node, the first child whose thread is a weak initial of
 * what remains of `v` (consuming that thread's first event when it occurs in `v`). Reaching a leaf, or consuming all
 * of `v`, means an existing branch already covers `v`; otherwise the rest of `v` becomes a new branch.
 */
export function insert(ev: EventStore, root: WuNode, v: number[]): boolean {
  let node = root;
  const rem = v;
  for (;;) {
    if (rem.length === 0) return false;
    if (node !== root && node.ch.length === 0) return false;
    let next: WuNode | null = null;
    for (const c of node.ch) {
      const k = firstOf(ev, rem, c.t);
      if (k >= 0) {
        if (initialAt(ev, rem, k)) {
          rem.splice(k, 1);
          next = c;
          break;
        }
      } else if (independentOfAll(ev, c.d, rem)) {
        next = c;
        break;
      }
    }
    if (next === null) {
      for (const j of rem) {
        const n = new WuNode(ev.thrStable[ev.evT[j] as number] as number, ev.desc(j));
        node.ch.push(n);
        node = n;
      }
      return true;
    }
    node = next;
  }
}
