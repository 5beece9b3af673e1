// Explorer: an rwlock's read side in DPOR — which reader acquisitions a writer's acquisition can be moved before.
import type { EventStore } from './events.ts';
import { K_RDACQ, K_RDREL } from './kinds.ts';
import type { LocRec } from './locations.ts';

/**
 * Would another reader still hold lock `l` where read acquisition `r` is undone, with every event not after it kept
 * (the wakeup sequence of a race with `r`)? One whose acquisition is not after `r` and whose release is, or who has
 * not released: a writer cannot take the lock there, and that order is reached through the race that moves the other
 * reader's release (or through the race with its own acquisition). DESIGN.md, "DPOR".
 */
function readerHolds(ev: EventStore, r: number, l: LocRec): boolean {
  for (let i = 0; i < l.nrd; i++) {
    const a = l.rds[i] as number;
    if (a === r || ev.evK[a] !== K_RDACQ || ev.hb(r, a)) continue;
    let rel = -1;
    for (let q = i + 1; q < l.nrd && rel < 0; q++) {
      const x = l.rds[q] as number;
      if (ev.evK[x] === K_RDREL && ev.evT[x] === ev.evT[a]) rel = x;
    }
    if (rel < 0 || ev.hb(r, rel)) return true;
  }
  return false;
}

/**
 * `clock` (a thread's, before its acquisition joined anything) joined with the read-side events of `l` that stay
 * where read acquisition `r` is undone (those not after it, of other threads): the acquisition undoing `r` still
 * comes after those readers' sections, or the wakeup sequence would let it run ahead of them.
 */
function afterReaders(ev: EventStore, clock: Int32Array, r: number, l: LocRec): Int32Array {
  const W = ev.W;
  for (let i = 0; i < l.nrd; i++) {
    const x = l.rds[i] as number;
    if (x === r || ev.evT[x] === ev.evT[r] || ev.hb(r, x)) continue;
    for (let u = 0; u < W; u++) {
      const c = ev.clocks[x * W + u] as number;
      if (c > (clock[u] as number)) clock[u] = c;
    }
  }
  return clock;
}

/**
 * The reader acquisitions of lock `l` that thread `p`'s writer acquisition (made, or blocked at the end) races with:
 * those of other threads not in its past whose undoing leaves no reader holding the lock (`readerHolds`), each with
 * the writer's clock for that race (`afterReaders`). DESIGN.md, "DPOR".
 */
export function readerRaces(ev: EventStore, l: LocRec, p: number): [number, Int32Array][] {
  const out: [number, Int32Array][] = [];
  for (let i = 0; i < l.nrd; i++) {
    const r = l.rds[i] as number;
    if (ev.evK[r] !== K_RDACQ || ev.evT[r] === p || ev.before(r, ev.thr, p * ev.W) || readerHolds(ev, r, l)) continue;
    out.push([r, afterReaders(ev, ev.row(p), r, l)]);
  }
  return out;
}
