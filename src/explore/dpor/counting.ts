// Explorer: counting steps (`Step.ctr`): reference-count updates DPOR leaves unordered while their count stays high.

/**
 * The counting events of one location since its last ordinary write (a segment), and whether it is safe: every
 * arrangement of them that keeps each thread's in program order, started from the count the first one found, keeps
 * every one at or above its `from` (so each adds its `delta` and its caller goes on alike, whatever the order).
 * The worst count an event can find is the start, plus its own thread's deltas before it, plus for every other thread
 * the lowest prefix sum of that thread's deltas; kept per thread, each event costs one check per thread of the
 * segment. DESIGN.md, "Counting steps".
 */
export class CountSegment {
  private start = 0;
  /** Per thread index: the sum of its deltas so far, their lowest prefix sum (0 for none), its tightest margin. */
  private sum: number[] = [];
  private low: number[] = [];
  private margin: number[] = [];
  private readonly threads: number[] = [];
  /** The sum of `low` over the segment's threads. */
  private lows = 0;
  safe = true;
  /** Sleeping steps counted in the segment without running (`EventStore.keepAsleep`). */
  readonly virtual: unknown[] = [];

  /** How many threads have events in the segment. */
  get width(): number {
    return this.threads.length;
  }

  /** Starts a new segment at the count its first event found. */
  open(start: number): void {
    this.start = start;
    this.threads.length = 0;
    this.lows = 0;
    this.safe = true;
    this.virtual.length = 0;
  }

  /** Would the segment stay safe with thread `t`'s event added? (`add` without adding.) */
  safeWith(t: number, delta: number, from: number): boolean {
    if (!this.safe) return false;
    const known = this.threads.includes(t);
    const s = known ? (this.sum[t] as number) : 0;
    const low0 = known ? (this.low[t] as number) : 0;
    const marginT = Math.min(known ? (this.margin[t] as number) : Number.POSITIVE_INFINITY, s - from);
    const lowT = Math.min(low0, s + delta);
    const lows = this.lows + lowT - low0;
    if (this.start + marginT + lows - lowT < 0) return false;
    for (const u of this.threads)
      if (u !== t && this.start + (this.margin[u] as number) + lows - (this.low[u] as number) < 0) return false;
    return true;
  }

  /** Adds thread `t`'s event (the count it found does not matter: only the start and the deltas). */
  add(t: number, delta: number, from: number): boolean {
    const { sum, low, margin } = this;
    if (!this.threads.includes(t)) {
      this.threads.push(t);
      sum[t] = 0;
      low[t] = 0;
      margin[t] = Number.POSITIVE_INFINITY;
    }
    const s = sum[t] as number;
    margin[t] = Math.min(margin[t] as number, s - from);
    sum[t] = s + delta;
    const l = Math.min(low[t] as number, s + delta);
    this.lows += l - (low[t] as number);
    low[t] = l;
    if (!this.safe) return false;
    for (const u of this.threads)
      if (this.start + (margin[u] as number) + this.lows - (low[u] as number) < 0) {
        this.safe = false;
        return false;
      }
    return true;
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
