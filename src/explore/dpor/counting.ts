// Explorer: counting steps (`Step.ctr`): reference-count updates DPOR leaves unordered while their count stays high.
import type { Counting } from '../../kernel/step.ts';

/**
 * The counting events of one location since its last ordinary write (a segment), with what decides which pairs of
 * them commute. Per thread it keeps the sum of its deltas so far and their lowest prefix sum (0 for none); per event
 * its thread, the sum of its thread's deltas before it (`pre`), its delta, `from` and site. Two events `e` (thread
 * t) and `f` (thread u) of different threads commute when in every program-order arrangement of the segment in which
 * they are adjacent each finds the count at or above its `from` in either order: the count there is at least the start, plus `pre` of both, plus the other threads' lowest prefix
 * sums (`need`). Those sums only fall as the segment grows, so a pair found to commute is kept (`keep`) and checked
 * again whenever one falls (`advance`). DESIGN.md, "Counting steps".
 */
export class CountSegment {
  private start = 0;
  /** Per thread index: the sum of its deltas so far and their lowest prefix sum (0 for none). */
  private sum: number[] = [];
  private low: number[] = [];
  private readonly threads: number[] = [];
  /** The sum of `low` over the segment's threads. */
  private lows = 0;
  /** Per event of the segment (in `LocRec.grp` order). */
  readonly t: number[] = [];
  readonly pre: number[] = [];
  readonly delta: number[] = [];
  readonly from: number[] = [];
  readonly site: number[] = [];
  /** Pairs found to commute, while `lows` less their threads' `low` stays at or above `need` (and their plain key). */
  private readonly pt: number[] = [];
  private readonly pu: number[] = [];
  private readonly pneed: number[] = [];
  private readonly pkey: number[] = [];
  private np = 0;
  /** Sleeping steps counted in the segment without running (`EventStore.keepAsleep`). */
  readonly virtual: unknown[] = [];

  /** Starts a new segment at the count its first event found. */
  open(start: number): void {
    this.start = start;
    this.threads.length = 0;
    this.lows = 0;
    this.t.length = 0;
    this.pre.length = 0;
    this.delta.length = 0;
    this.from.length = 0;
    this.site.length = 0;
    this.np = 0;
    this.virtual.length = 0;
  }

  /** The sum of thread `t`'s deltas in the segment so far. */
  prefix(t: number): number {
    return this.threads.includes(t) ? (this.sum[t] as number) : 0;
  }

  private lowOf(t: number): number {
    return this.threads.includes(t) ? (this.low[t] as number) : 0;
  }

  /**
   * How low the other threads' lowest prefix sums may fall (their sum) before a step of thread `t` (its thread's
   * sum before it `pt`, adding `de` from `fe`) and one of thread `u` (`pu`, `df`, `ff`) stop commuting.
   */
  need(pt: number, de: number, fe: number, pu: number, df: number, ff: number): number {
    return Math.max(fe - Math.min(0, df), ff - Math.min(0, de)) - this.start - pt - pu;
  }

  /** The other threads' lowest prefix sums, summed, for a pair of threads `t` and `u`. */
  others(t: number, u: number): number {
    return this.lows - this.lowOf(t) - this.lowOf(u);
  }

  /** Records a pair of threads `t` and `u` found to commute (`need`), under its plain key. */
  keep(t: number, u: number, need: number, key: number): void {
    const i = this.np++;
    this.pt[i] = t;
    this.pu[i] = u;
    this.pneed[i] = need;
    this.pkey[i] = key;
  }

  /** Adds thread `t`'s event (its `pre` is the thread's sum now). */
  push(t: number, delta: number, from: number, site: number): void {
    this.t.push(t);
    this.pre.push(this.prefix(t));
    this.delta.push(delta);
    this.from.push(from);
    this.site.push(site);
  }

  /**
   * Thread `t`'s sum moves by `delta` (`virtual`: only its lowest prefix sum, for a sleeping step counted in without
   * running). Returns the plain key of a kept pair that no longer commutes, or -1.
   */
  advance(t: number, delta: number, virtual = false): number {
    if (!this.threads.includes(t)) {
      this.threads.push(t);
      this.sum[t] = 0;
      this.low[t] = 0;
    }
    const s = (this.sum[t] as number) + delta;
    if (!virtual) this.sum[t] = s;
    const l0 = this.low[t] as number;
    if (s >= l0) return -1;
    this.low[t] = s;
    this.lows += s - l0;
    for (let i = 0; i < this.np; i++) {
      const a = this.pt[i] as number;
      const b = this.pu[i] as number;
      if (a !== t && b !== t && this.others(a, b) < (this.pneed[i] as number)) return this.pkey[i] as number;
    }
    return -1;
  }
}

/** How many counting sites `pairKey` tells apart. */
const MAX_SITES = 1024;

/** The key of a pair of counting sites on a location (`CountingPairs.plain`), whichever order they come in. */
function pairKey(loc: number, a: number, b: number): number {
  return (loc * MAX_SITES + Math.min(a, b)) * MAX_SITES + Math.max(a, b);
}

/**
 * Which pairs of counting sites DPOR orders, decided over the whole exploration: a pair starts unordered and becomes
 * plain when an execution shows two of its events that do not commute in their segment. DESIGN.md, "Counting steps".
 */
export class CountingPairs {
  /** Pairs of sites whose counting events on a location are ordered for the rest of the exploration (`pairKey`). */
  readonly plain = new Set<number>();
  /** Pairs left unordered that this execution showed do not commute: the exploration must restart with them plain. */
  readonly unsafe: number[] = [];
  /** Pairs of sites whose counting events were left unordered (in any execution of the exploration). */
  private readonly mixed = new Set<number>();
  private readonly sites = new Map<string, number>();
  /** `siteOf`'s cache by function, caller, delta and from: no key string built per event. */
  private readonly byFrame = new Map<string, Map<string, Map<number, Map<number, number>>>>();

  /**
   * A small number naming a counting step's site: the modelled function making it and its caller (the task's `kfn`
   * stack), with what it declares. Sites past `MAX_SITES` share one number (their pairs are made plain together).
   */
  siteOf(stack: readonly string[], c: Counting): number {
    const n = stack.length;
    const fn = stack[n - 1] ?? '';
    const caller = stack[n - 2] ?? '';
    let byCaller = this.byFrame.get(fn);
    if (byCaller === undefined) this.byFrame.set(fn, (byCaller = new Map()));
    let byDelta = byCaller.get(caller);
    if (byDelta === undefined) byCaller.set(caller, (byDelta = new Map()));
    let byFrom = byDelta.get(c.delta);
    if (byFrom === undefined) byDelta.set(c.delta, (byFrom = new Map()));
    let id = byFrom.get(c.from);
    if (id === undefined) {
      const key = `${fn}<${caller}:${c.delta}:${c.from}`;
      id = this.sites.get(key);
      if (id === undefined) this.sites.set(key, (id = Math.min(this.sites.size, MAX_SITES - 1)));
      byFrom.set(c.from, id);
    }
    return id;
  }

  /**
   * Must a counting event of thread `t` at `site` (its thread's sum before it `pt`, adding `delta` from `from`) on
   * location `loc` be ordered after the segment's event `i` of another thread? Yes when their pair of sites is plain,
   * or becomes plain now because some arrangement of the segment so far takes one of the two below its `from` in one
   * of the two orders (and when events of that pair were left unordered before, in any execution, the relation the
   * exploration was built with was wrong: `unsafe`, a restart). Otherwise the pair is left unordered and kept, to be
   * checked again as the segment grows (`advance`).
   */
  ordered(
    seg: CountSegment,
    loc: number,
    i: number,
    t: number,
    pt: number,
    delta: number,
    from: number,
    site: number,
  ): boolean {
    const key = pairKey(loc, site, seg.site[i] as number);
    if (this.plain.has(key)) return true;
    const u = seg.t[i] as number;
    const need = seg.need(pt, delta, from, seg.pre[i] as number, seg.delta[i] as number, seg.from[i] as number);
    if (seg.others(t, u) >= need) {
      seg.keep(t, u, need, key);
      this.mixed.add(key);
      return false;
    }
    if (this.mixed.has(key)) this.unsafe.push(key);
    this.plain.add(key);
    return true;
  }

  /** Thread `t`'s sum in `seg` moves by `delta` (`CountSegment.advance`); a kept pair that stops commuting is `unsafe`. */
  advance(seg: CountSegment, t: number, delta: number, virtual = false): void {
    const failed = seg.advance(t, delta, virtual);
    if (failed >= 0) this.unsafe.push(failed);
  }
}

/**
 * Follows a DPOR strategy's restarts (`DporStrategy.restart`) for a table of outcome counts: at each restart the
 * outcomes stay (they were reached) and their counts start again from 0, so that they count the final exploration's
 * executions; at its end, an outcome it did not reach again is a bug of the counting argument.
 */
export class RestartWatch {
  private seen = 0;
  constructor(private readonly counts: ReadonlyMap<string, { count: number }>) {}

  /** After the strategy's `next()`: zeroes the counts if it restarted. */
  after(restarts: number): void {
    if (restarts === this.seen) return;
    this.seen = restarts;
    for (const o of this.counts.values()) o.count = 0;
  }

  /** At the end of the exploration: the message for an outcome not reached again, or null. */
  lost(): string | null {
    for (const [k, o] of this.counts)
      if (o.count === 0) return `epoll-lab bug: DPOR restarted with plain counts and did not reach ${k} again`;
    return null;
  }
}
