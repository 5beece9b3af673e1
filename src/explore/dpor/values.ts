// Explorer: value branches of optimal DPOR — a view read as a choice of the value it returns, placed afterwards.
import type { Step } from '../../kernel/step.ts';
import { viewOf } from '../../kernel/step.ts';
import type { Task } from '../../kernel/task.ts';
import type { ExecContext } from '../engine.ts';
import type { Desc, EventStore } from './events.ts';

/** The view after change `i` of a site's location (-1: before the first). */
const viewAfter = (s: ReadSite, i: number): unknown => (i < 0 ? s.init : s.post[i]);

/** The view a view read (`Step.view`) would return if it ran now. */
export function viewNow(s: Step): unknown {
  const f = viewOf(s.o, s.f);
  return f === null ? undefined : f(s.o);
}

/** A view read of this execution: its position, the changes of its location it may follow, and the values there. */
interface ReadSite {
  readonly r: number;
  /** Its thread's next event, or -1. */
  readonly next: number;
  /** The positions of its location's changes (`EventStore.viewLog`), empty when the view never changed. */
  readonly at: readonly number[];
  /** The views before the first change and after each. */
  readonly init: unknown;
  readonly post: readonly unknown[];
  /** The read may run after change `lo` (-1: before the first) up to, not including, change `hi`. */
  readonly lo: number;
  readonly hi: number;
}

/** A placement of an execution's view reads: per read, the change after which it runs (-1: before the first). */
export interface Placement {
  readonly sites: readonly ReadSite[];
  readonly pick: Int32Array;
}

/**
 * Value branches (DESIGN.md, "Value branches"). Under `EventStore.values` a view read depends on no store: DPOR explores
 * the program in which each view read returns a value of its choice (the event is the pair thread, value):
 *
 * - at a node where a read runs, every value it could return by running earlier is a branch (`EventStore.pastViews`),
 *   and each later change to a new value races with it, the reversal running it after that change
 *   (`EventStore.futureRaces`); `place` gives the read the value of the branch followed, else its view now;
 * - an execution in which some read returned a value other than its view where it ran is kept only if the reads can
 *   be placed where the kernel returns those values (`placement`: each after a change that leaves its value and before
 *   the next, closing no cycle with happens-before); `order` then gives its events in an order the kernel runs.
 */
export class ValueBranches {
  /** Did a read of this execution return a value other than its view at its position? */
  forced = false;
  /** Per position of a view read, the view when it ran. */
  private now = new Map<number, unknown>();

  constructor(private readonly ev: EventStore) {}

  reset(): void {
    this.forced = false;
    this.now = new Map();
  }

  /** Task `ti`'s view read `s` is event `pos`; `d` is the branch the strategy follows there (its value, if a read). */
  place(ctx: ExecContext, ti: number, s: Step, pos: number, d: Desc): void {
    const ev = this.ev;
    const now = viewNow(s);
    if (typeof now !== 'boolean') throw new Error(`epoll-lab bug: value branches need boolean views (${s.f})`);
    const v = d.view === true && d.t === ev.thrStable[ti] ? d.val : now;
    (ctx.machine.tasks[ti] as Task).viewValue = v;
    ev.nextVal = v;
    ev.nextNow = now;
    this.now.set(pos, now);
    if (!Object.is(v, now)) this.forced = true;
  }

  /**
   * A placement of the view reads of an execution of `n` events in which each returns its value and happens-before
   * gains no cycle; null when there is none (the execution is one of the choice program only). `order` then gives the
   * events in an order the kernel can run them.
   */
  placement(n: number): Placement | null {
    this.ev.settle();
    const sites: ReadSite[] = [];
    for (let r = 0; r < n; r++) {
      const site = this.ev.evHalt[r] === 1 ? null : this.site(r, n);
      if (site !== null) sites.push(site);
    }
    const cands = sites.map((s) => {
      const c: number[] = [];
      for (let i = s.lo; i < s.hi; i++) if (Object.is(viewAfter(s, i), this.ev.evVal[s.r])) c.push(i);
      return c;
    });
    if (cands.some((c) => c.length === 0)) return null;
    const pick = new Int32Array(sites.length);
    return this.assign(sites, cands, pick, 0) ? { sites, pick } : null;
  }

  /** The read site of event `r`, or null when it is no view read. */
  private site(r: number, n: number): ReadSite | null {
    const ev = this.ev;
    if (ev.evView[r] !== 1) return null;
    const t = ev.evT[r] as number;
    let next = -1;
    for (let x = r + 1; x < n; x++)
      if (ev.evT[x] === t) {
        next = x;
        break;
      }
    const log = ev.viewLog.get(ev.evLoc[r] as number);
    if (log === undefined) return { r, next, at: [], init: this.now.get(r), post: [], lo: -1, hi: 0 };
    const at = log.at;
    return { r, next, at, init: log.init, post: log.post, lo: this.lower(r, at), hi: this.upper(next, at) };
  }

  /** Index of the last change in the past of read `r` (-1: none). */
  private lower(r: number, at: readonly number[]): number {
    // The clocks, not `hb`: a halting read is ordered after everything before it only for its races.
    const ev = this.ev;
    for (let i = at.length - 1; i >= 0; i--)
      if ((at[i] as number) < r && ev.before(at[i] as number, ev.clocks, r * ev.W)) return i;
    return -1;
  }

  /** Index of the first change that is the thread's next event `next` or after it in happens-before (`at.length`: none). */
  private upper(next: number, at: readonly number[]): number {
    if (next < 0) return at.length;
    for (let i = 0; i < at.length; i++) {
      const c = at[i] as number;
      if (c === next || (c > next && this.ev.hb(next, c))) return i;
    }
    return at.length;
  }

  /** Chooses a candidate for sites `k..` such that the placements close no cycle (backtracking). */
  private assign(sites: readonly ReadSite[], cands: readonly number[][], pick: Int32Array, k: number): boolean {
    if (k === sites.length) return true;
    for (const c of cands[k] as number[]) {
      pick[k] = c;
      if (!this.cycleThrough(sites, pick, k) && this.assign(sites, cands, pick, k + 1)) return true;
    }
    return false;
  }

  /** Must read `x` (placed at `pick[x]`) come before read `y` in every order? */
  private edge(sites: readonly ReadSite[], pick: Int32Array, x: number, y: number): boolean {
    const ev = this.ev;
    const sx = sites[x] as ReadSite;
    const sy = sites[y] as ReadSite;
    const cy = (pick[y] as number) >= 0 ? (sy.at[pick[y] as number] as number) : -1;
    const before = (p: number): boolean => (cy >= 0 && (p === cy || ev.hb(p, cy))) || ev.hb(p, sy.r);
    const nx = (pick[x] as number) + 1;
    if (nx < sx.at.length && before(sx.at[nx] as number)) return true;
    return before(sx.r);
  }

  /** Does a cycle of "must come before" among sites `0..k` pass through site `k`? */
  private cycleThrough(sites: readonly ReadSite[], pick: Int32Array, k: number): boolean {
    const seen = new Uint8Array(k + 1);
    const stack = [k];
    while (stack.length > 0) {
      const x = stack.pop() as number;
      for (let y = 0; y <= k; y++) {
        if (y === x || !this.edge(sites, pick, x, y)) continue;
        if (y === k) return true;
        if (seen[y] === 0) {
          seen[y] = 1;
          stack.push(y);
        }
      }
    }
    return false;
  }

  /** A topological order of the `n` events: happens-before, each read after its change and before the next one. */
  order(n: number, { sites, pick }: Placement): number[] {
    const ev = this.ev;
    const W = ev.W;
    const byThread = new Map<number, number[]>();
    for (let j = 0; j < n; j++) {
      const t = ev.evT[j] as number;
      let a = byThread.get(t);
      if (a === undefined) byThread.set(t, (a = []));
      a[(ev.evL[j] as number) - 1] = j;
    }
    const succ: number[][] = Array.from({ length: n }, () => []);
    const indeg = new Int32Array(n);
    const edge = (a: number, b: number): void => {
      (succ[a] as number[]).push(b);
      indeg[b] = (indeg[b] as number) + 1;
    };
    const halt = n > 0 && ev.evHalt[n - 1] === 1 ? n - 1 : -1;
    for (let j = 0; j < n; j++) {
      if (j === halt) continue;
      for (const [t, evs] of byThread) {
        const l = t === ev.evT[j] ? (ev.evL[j] as number) - 1 : (ev.clocks[j * W + t] as number);
        const p = l > 0 ? evs[l - 1] : undefined;
        if (p !== undefined && p !== j) edge(p, j);
      }
    }
    sites.forEach((s, k) => {
      const i = pick[k] as number;
      if (i >= 0) edge(s.at[i] as number, s.r);
      if (i + 1 < s.at.length) edge(s.r, s.at[i + 1] as number);
    });
    // Kahn's algorithm, taking the earliest ready event: the order stays close to the execution's.
    const out: number[] = [];
    const ready: number[] = [];
    for (let j = 0; j < n; j++) if (j !== halt && indeg[j] === 0) ready.push(j);
    while (ready.length > 0) {
      let m = 0;
      for (let q = 1; q < ready.length; q++) if ((ready[q] as number) < (ready[m] as number)) m = q;
      const j = ready.splice(m, 1)[0] as number;
      out.push(j);
      for (const b of succ[j] as number[]) {
        indeg[b] = (indeg[b] as number) - 1;
        if (indeg[b] === 0 && b !== halt) ready.push(b);
      }
    }
    if (halt >= 0) out.push(halt);
    if (out.length !== n) throw new Error('epoll-lab bug: value branches placed the view reads in a cycle');
    return out;
  }
}
