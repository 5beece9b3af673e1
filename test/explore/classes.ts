// Test helper: Mazurkiewicz trace-class keys of executions, to check that DPOR explores each class exactly once.
import type { Step } from '../../src/kernel/step.ts';
import type { Task } from '../../src/kernel/task.ts';
import { DfsStrategy } from '../../src/explore/dfs.ts';
import { DporStrategy } from '../../src/explore/dpor/strategy.ts';
import { EventStore, type Desc } from '../../src/explore/dpor/events.ts';
import type { StableIds } from '../../src/explore/dpor/ids.ts';
import { Engine, IntLog, type AbandonReason, type ExecContext, type Strategy } from '../../src/explore/engine.ts';
import type { Scenario } from '../../src/explore/scenario.ts';

/** Wraps a strategy and records every execution's events with stable identities (shared `ids`). */
class Recorder implements Strategy {
  readonly ev: EventStore;
  readonly clocks: number[] = [];
  readonly onAlloc: (obj: Parameters<NonNullable<Strategy['onAlloc']>>[0]) => void;
  constructor(
    readonly inner: Strategy,
    ids: StableIds,
  ) {
    this.ev = new EventStore(ids);
    const mine = this.ev.onAlloc;
    const theirs = inner.onAlloc;
    this.onAlloc = theirs === null ? mine : (o) => (mine(o), theirs(o));
  }
  get abandon(): AbandonReason {
    return this.inner.abandon;
  }
  prepare(): void {
    this.ev.reset();
    this.clocks.length = 0;
    this.inner.prepare();
  }
  begin(ctx: ExecContext): void {
    this.ev.begin(ctx);
    this.inner.begin(ctx);
  }
  pick(enabled: readonly Task[], idx: readonly number[], n: number, pos: number): number {
    return this.inner.pick(enabled, idx, n, pos);
  }
  before(ti: number, s: Step, pos: number): void {
    this.ev.add(pos, ti, s);
    this.inner.before(ti, s, pos);
  }
  halted(pos: number): void {
    this.ev.evHalt[pos] = 1;
    this.inner.halted(pos);
  }
  visible(ti: number, pos: number): void {
    this.inner.visible?.(ti, pos);
  }
  spawned(child: number, parent: number): void {
    this.ev.spawn(child, parent);
    this.inner.spawned(child, parent);
  }
  clock(pos: number): void {
    this.clocks.push(pos);
    this.ev.barrier();
    this.inner.clock(pos);
  }

  /**
   * The trace class of the execution just run, under the explorer's dependency relation on event descriptors
   * (clock advances and halts are ordered with everything): each event with its causal past as a vector clock.
   */
  key(n: number): string {
    const ev = this.ev;
    const ds: Desc[] = [];
    for (let j = 0; j < n; j++) ds.push(ev.desc(j));
    const vcs: Map<number, number>[] = [];
    const count = new Map<number, number>();
    const out: string[] = [];
    let barrier = new Map<number, number>();
    let ci = 0;
    for (let j = 0; j < n; j++) {
      while (ci < this.clocks.length && (this.clocks[ci] as number) <= j) {
        barrier = new Map(barrier);
        for (let i = 0; i < j; i++)
          for (const [t, c] of vcs[i] as Map<number, number>) barrier.set(t, Math.max(barrier.get(t) ?? 0, c));
        ci++;
      }
      const d = ds[j] as Desc;
      const vc = new Map(barrier);
      for (let i = 0; i < j; i++) {
        if (!ev.dep(d, i) && !d.halt) continue;
        for (const [t, c] of vcs[i] as Map<number, number>) vc.set(t, Math.max(vc.get(t) ?? 0, c));
      }
      const own = (count.get(d.t) ?? 0) + 1;
      count.set(d.t, own);
      vc.set(d.t, own);
      vcs.push(vc);
      const past = [...vc]
        .sort((a, b) => a[0] - b[0])
        .map(([t, c]) => `${t}=${c}`)
        .join(',');
      out.push(`${d.t}#${own}:${d.k}:${d.loc}:${d.base}:${d.halt ? 'H' : ''}<${past}>`);
    }
    return out.sort().join(' ');
  }
}

/** Class keys of every complete execution of a mode; null if it did not finish within `cap` executions. */
export function classKeys(sc: Scenario, mode: 'naive' | 'dpor', ids: StableIds, cap: number): string[] | null {
  const dfs = mode === 'naive' ? new DfsStrategy() : null;
  const dpor = mode === 'dpor' ? new DporStrategy() : null;
  const rec = new Recorder((dfs ?? dpor) as Strategy, ids);
  const engine = new Engine(sc, rec);
  const choices = new IntLog();
  const keys: string[] = [];
  for (let runs = 0; runs < cap; runs++) {
    const r = engine.execute({ choices, lockdep: null, trace: null });
    if (r.end !== 'abandoned') keys.push(rec.key(r.events));
    const more = dfs !== null ? dfs.next() : (dpor as DporStrategy).next(r.end, r.events);
    if (!more) return keys;
  }
  return null;
}
