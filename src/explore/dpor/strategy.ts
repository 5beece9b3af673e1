// Explorer: the optimal-DPOR scheduler — wakeup trees + sleep sets over stateless re-execution.
import type { KObject } from '../../kernel/object.ts';
import type { Step } from '../../kernel/step.ts';
import type { Task } from '../../kernel/task.ts';
import type { AbandonReason, EndKind, ExecContext, Strategy } from '../engine.ts';
import type { HistorySnapshot } from '../stateful/state.ts';
import { DescSeq, DporCache, pathDescs, racingPrefix, reversal, Summary, wildcard, type Path } from './cache.ts';
import { EventStore, NO_VALUE, type Desc } from './events.ts';
import { StableIds } from './ids.ts';
import { blockedAcquires, haltRaces, haltsWithout, materialise, pendingRace } from './pending.ts';
import { pendingText, RaceProfile } from './profile.ts';
import { ValueBranches, viewNow } from './values.ts';
import { EventSeq, initialOf, insert, sameEvent, weakInitial, WuNode, type Seq } from './wakeup.ts';

/** One scheduling point of the current execution: its sleep set, its wakeup tree and the branch being explored. */
interface Node {
  readonly sleep: Desc[];
  readonly wut: WuNode;
  cur: WuNode | null;
  /** Stable ids of the threads enabled at the point (cached DPOR's conservative branches). */
  readonly en: number[] | null;
  /** Cached DPOR: the summary of the state at this point, when it was stored here. */
  readonly sum: Summary | null;
  /** Cached DPOR: the threads' histories at this point. */
  readonly hist: HistorySnapshot | null;
}

const NO_DESC: Desc = { t: -1, k: 0, loc: -1, base: -1, halt: false };
/** The free continuation's two passes: the thread that made the last event, then any. */
const LAST_FIRST = [true, false] as const;

/** Cached DPOR's default state limit (`--max-states`): past it the table stops growing, bounding its memory. */
const DEFAULT_MAX_STATES = 200_000;

/**
 * A subtree of the exploration (parallel and sharded DPOR, `../parallel/`): events before `depth` replay `prefix`
 * (indices in `machine.tasks`) and are never backtracked nor receive wakeup sequences; node `depth` starts with the
 * sleep set `sleep` builds from the threads' pending steps. Races are also processed for sleep-set-blocked
 * executions (an inherited sleep set without its wakeup tree can block). An inherited sleeping thread that is an
 * initial of a wakeup sequence is taken out of it when nothing else in it follows its events (the executions in which it
 * does not run before a halt or the end are not its sibling's), and vetoes the sequence otherwise; a weak initial that
 * does not occur in the sequence vetoes nothing (its sibling was explored by sleep-set DFS, which sends no wakeup
 * sequences back up). DESIGN.md, "Parallel and sharded exploration", argument 2.
 */
export interface SubtreeRoot {
  readonly depth: number;
  readonly prefix: readonly number[];
  sleep(ev: EventStore, tasks: readonly Task[]): Desc[];
}

/**
 * Optimal DPOR (Abdulla et al., JACM'17, Algorithm 2) made stateless: the stack of nodes survives between executions;
 * each execution replays the stack's branches up to the backtrack point, then follows the wakeup tree handed down,
 * then picks the first enabled thread not in the sleep set. At the end of each maximal execution every race e ⋖ e'
 * inserts notdep(e, E).e' into the wakeup tree before e unless a sleeping thread is a weak initial of it.
 * Clock advances are barriers; blocked acquires and the threads a halt cut off race as their pending steps.
 */
export class DporStrategy implements Strategy {
  readonly ids = new StableIds();
  readonly ev = new EventStore(this.ids);
  private readonly nodes: Node[] = [];
  private len = 0;
  private divergence = 0;
  private nextSleep: Desc[] = [];
  private nextWut: WuNode | null = null;
  private readonly lastEnabled: number[] = [];
  private nEnabled = 0;
  private ctx: ExecContext | null = null;
  abandon: AbandonReason = 'redundant';
  readonly onAlloc: (obj: KObject) => void;
  /** State caching (`cache.ts`), or null for plain optimal DPOR. */
  readonly cache: DporCache | null;
  /** Where the last execution was cut at a cached state, and that state's summary. */
  private hitPos = -1;
  private hit: Summary | null = null;
  /** Positions of this execution's clock advances (a barrier before the event at that position). */
  private readonly barriers: number[] = [];
  /** The event from which histories are recomputed (its node's snapshot restored first); -1: from the start. */
  private liveFrom = -1;
  /** Descriptors of this execution's events, computed on demand. */
  private descs: Desc[] = [];
  /** Wakeup-tree insertions (for statistics). */
  insertions = 0;
  private readonly floor: number;
  /** The sleep entries inherited at the subtree root (identity; propagation keeps the objects). */
  private readonly inherited = new Set<Desc>();
  /** Of those, the counting steps (`Step.ctr`): the thread index and what the step adds from where (`staysAsleep`). */
  private readonly inheritedCtr = new Map<
    Desc,
    { readonly ti: number; readonly delta: number; readonly from: number; readonly site: number }
  >();
  /** How many times the exploration started again with more pairs of counting sites plain (`restart`). */
  restarts = 0;
  /** Value branches (`values.ts`), or null (not asked for, or turned off: `next`). */
  values: ValueBranches | null;
  /** Why value branches were (or, until `next`, are to be) turned off: `dropValues`, a halt; null while on. */
  valuesOff: 'halt' | 'infeasible' | null = null;
  /** The races processed, by site (`--races`), or null. */
  readonly profile: RaceProfile | null;

  constructor(
    private readonly root: SubtreeRoot | null = null,
    opts: {
      readonly cache?: boolean;
      readonly threadMark?: (i: number) => string;
      readonly maxStates?: number;
      readonly counting?: boolean;
      readonly views?: boolean;
      readonly values?: boolean;
      readonly profile?: boolean;
    } = {},
  ) {
    this.profile = opts.profile === true ? new RaceProfile() : null;
    this.ev.profiling = this.profile !== null;
    // Cached DPOR keeps summaries across executions, which a restart (below) would have to drop: it does not count.
    this.ev.counting = opts.cache !== true && (opts.counting ?? true);
    this.ev.readers = opts.cache !== true;
    this.ev.views = opts.views ?? true;
    this.ev.values = opts.values === true && this.ev.views && opts.cache !== true && root === null;
    this.values = this.ev.values ? new ValueBranches(this.ev) : null;
    this.floor = root?.depth ?? 0;
    this.divergence = this.floor;
    const cache =
      opts.cache === true && root === null
        ? new DporCache(opts.threadMark ?? null, opts.maxStates ?? DEFAULT_MAX_STATES)
        : null;
    this.cache = cache;
    const evAlloc = this.ev.onAlloc;
    this.onAlloc =
      cache === null
        ? evAlloc
        : (obj: KObject): void => {
            evAlloc(obj);
            cache.onAlloc(obj);
          };
  }

  prepare(): void {
    this.ev.reset();
    this.ev.minRacePos = this.divergence;
    this.cache?.reset();
    this.hitPos = -1;
    this.hit = null;
    this.barriers.length = 0;
    this.values?.reset();
    // A new array per execution: summaries' paths keep the old ones.
    this.descs = [];
    if (this.cache !== null) this.liveFrom = this.firstLive();
  }

  begin(ctx: ExecContext): void {
    this.ctx = ctx;
    this.ev.begin(ctx);
    this.cache?.begin(ctx);
    if (this.len === 0) {
      this.nextSleep = [];
      this.nextWut = null;
    }
  }

  pick(_enabled: readonly Task[], idx: readonly number[], n: number, pos: number): number {
    const st = this.ev.thrStable;
    for (let k = 0; k < n; k++) this.lastEnabled[k] = idx[k] as number;
    this.nEnabled = n;
    const root = this.root;
    if (root !== null && pos <= this.floor) {
      if (pos < this.floor) {
        for (let k = 0; k < n; k++) if (idx[k] === root.prefix[pos]) return k;
        this.abandon = 'blocked';
        return -1;
      }
      if (this.len <= pos) {
        this.nextSleep = root.sleep(this.ev, this.ctx?.machine.tasks ?? []);
        this.inherited.clear();
        this.inheritedCtr.clear();
        const tasks = this.ctx?.machine.tasks ?? [];
        for (const q of this.nextSleep) {
          this.inherited.add(q);
          const ti = tasks.findIndex((_, i) => st[i] === q.t);
          const c = tasks[ti]?.pending?.ctr;
          if (c !== undefined) {
            const site = this.ev.pairs.siteOf((tasks[ti] as Task).stack, c);
            this.inheritedCtr.set(q, { ti, delta: c.delta, from: c.from, site });
          }
        }
        this.nextWut = null;
      }
    }
    let node: Node;
    if (pos < this.len) node = this.nodes[pos] as Node;
    else {
      let sum: Summary | null = null;
      let en: number[] | null = null;
      const cache = this.cache;
      if (cache !== null) {
        en = [];
        for (let k = 0; k < n; k++) en.push(st[idx[k] as number] as number);
        if (n > 1 && cache.worthCaching()) {
          sum = this.cacheLookup(cache, pos);
          if (sum === null) {
            this.abandon = 'merged';
            return -1;
          }
        }
      }
      // Only a point with two or more enabled threads can become a divergence point: only those keep histories.
      const hist = cache === null || n < 2 ? null : cache.snapshot();
      node = { sleep: this.nextSleep, wut: this.nextWut ?? new WuNode(-1, NO_DESC), cur: null, en, sum, hist };
      this.nodes[pos] = node;
      this.len = pos + 1;
      if (node.wut.ch.length > 0) node.cur = node.wut.ch[0] as WuNode;
      else return this.freeContinuation(node, _enabled, idx, n, pos);
    }
    const target = (node.cur as WuNode).t;
    for (let k = 0; k < n; k++) if (st[idx[k] as number] === target) return k;
    this.abandon = 'blocked';
    return -1;
  }

  /**
   * The free continuation at a new node without a wakeup tree: the thread that made the last event while it is enabled
   * and awake, else the first such thread. After a reversal that moved a thread's event up, that thread goes on instead
   * of handing back to the thread it was moved past (which, when that thread halts, would stop every execution one
   * event later). -1 (sleep-set blocked) when every enabled thread is asleep.
   */
  private freeContinuation(
    node: Node,
    enabled: readonly Task[],
    idx: readonly number[],
    n: number,
    pos: number,
  ): number {
    const st = this.ev.thrStable;
    const last = pos > 0 ? (this.ev.evT[pos - 1] as number) : -1;
    for (const lastOnly of LAST_FIRST)
      for (let k = 0; k < n; k++) {
        if (lastOnly && idx[k] !== last) continue;
        const t = st[idx[k] as number] as number;
        const d = this.awake(node.sleep, t, enabled[k] as Task);
        if (d !== null) {
          node.cur = new WuNode(t, d);
          node.wut.ch.push(node.cur);
          return k;
        }
      }
    this.abandon = 'redundant';
    return -1;
  }

  /**
   * The branch of the free continuation for thread `t` (task `task`), or null when its next event is asleep. Under value
   * branches a view read is two events: the value it reads now, else the other one, unless both are asleep.
   */
  private awake(sleep: readonly Desc[], t: number, task: Task): Desc | null {
    const s = task.pending;
    if (this.values === null || s === null || s.view !== true) return sleep.some((q) => q.t === t) ? null : NO_DESC;
    const now = viewNow(s);
    for (const val of [now, !now]) {
      const d: Desc = { ...NO_DESC, t, view: true, val };
      if (!sleep.some((q) => q.t === t && sameEvent(q, d))) return d;
    }
    return null;
  }

  orderAfter(e: number): void {
    this.ev.after = e;
  }

  before(ti: number, s: Step, pos: number): void {
    const cache = this.cache;
    if (cache !== null) {
      // Replayed events' histories are those stored with the divergence point's node.
      if (pos === this.liveFrom) cache.restore((this.nodes[pos] as Node).hist as HistorySnapshot);
      cache.before(ti, s, pos >= this.liveFrom || this.liveFrom < 0);
    }
    const ev = this.ev;
    if (this.values !== null && s.view === true && pos >= this.floor)
      this.values.place(this.ctx as ExecContext, ti, s, pos, (this.nodes[pos] as Node).cur?.d ?? NO_DESC);
    if (s.ctr !== undefined)
      ev.ctrSite = ev.pairs.siteOf(((this.ctx as ExecContext).machine.tasks[ti] as Task).stack, s.ctr);
    ev.add(pos, ti, s);
    this.profile?.site(pos, (this.ctx as ExecContext).machine.tasks[ti] as Task, s);
    if (pos < this.floor) return;
    if (pos < this.len - 1) {
      // A replayed event: the inherited counting steps kept asleep across it are counted in its segment again (the
      // counting events after the divergence are judged with them, as in the execution that made the node).
      if (this.inheritedCtr.size > 0)
        for (const q of (this.nodes[pos] as Node).sleep) if (ev.dep(q, pos)) this.staysAsleep(q, pos);
      return;
    }
    const node = this.nodes[pos] as Node;
    const cur = node.cur as WuNode;
    cur.d = ev.desc(pos);
    // Value branches: a view read at a new node is also explored returning each value it could return by running
    // earlier (later values come from its races with the changes after it, `EventStore.futureRaces`).
    if (ev.evView[pos] === 1) for (const val of ev.evCover[pos] as unknown[]) this.valueBranch(pos, { ...cur.d, val });
    const sleep: Desc[] = [];
    for (const q of node.sleep) if (!ev.dep(q, pos) || this.staysAsleep(q, pos)) sleep.push(q);
    this.nextSleep = sleep;
    this.nextWut = cur;
  }

  /**
   * An inherited sleeping counting step stays asleep across another thread's counting event on its count when the two
   * commute with the sleeping step counted in the segment (as if it could run anywhere in it): DPOR's later decisions
   * on that count then account for it (DESIGN.md, "Parallel and sharded exploration").
   */
  private staysAsleep(q: Desc, pos: number): boolean {
    const c = this.inheritedCtr.get(q);
    return c !== undefined && this.ev.keepAsleep(pos, q, c.ti, c.delta, c.from, c.site);
  }

  visible(ti: number, pos: number): void {
    this.ev.thrVis[ti] = pos;
  }

  halted(pos: number): void {
    this.ev.evHalt[pos] = 1;
    const node = this.nodes[pos];
    if (node !== undefined && node.cur !== null) node.cur.d = this.ev.desc(pos);
  }

  spawned(child: number, parent: number): void {
    this.ev.spawn(child, parent);
    this.cache?.spawned(child, parent);
  }

  clock(pos: number): void {
    this.barriers.push(pos);
    blockedAcquires(this.ev, this.ctx?.machine.tasks ?? [], pos, true);
    this.ev.barrier();
    this.nextSleep = [];
  }

  /**
   * After an execution: add the wakeup sequences of its races (maximal executions only), then backtrack to the
   * deepest node with an unexplored branch. Returns false when the exploration is complete.
   */
  next(end: EndKind, events: number): boolean {
    this.ev.settle();
    if (this.ev.pairs.unsafe.length > 0) return this.restart();
    // A halted execution's outcome is a prefix, which the value branches' choice program does not always cover (a
    // state lost on the toy fuzz): at the first halt the exploration starts again without them (DESIGN.md). So it
    // does when the explorer gives up on them (`dropValues`).
    if ((end === 'halt' || this.valuesOff !== null) && this.values !== null) {
      this.valuesOff ??= 'halt';
      this.values = null;
      this.ev.values = false;
      return this.restart();
    }
    const merged = end === 'abandoned' && this.abandon === 'merged';
    if (merged) this.races('done', this.hitPos);
    else if (end !== 'abandoned' || (this.root !== null && this.abandon === 'redundant')) this.races(end, events);
    if (this.cache !== null) this.summarise(end, merged ? this.hitPos : events);
    const nodes = this.nodes;
    for (let d = this.len - 1; d >= this.floor; d--) {
      const node = nodes[d] as Node;
      if (node.cur !== null) {
        node.sleep.push(node.cur.d);
        const i = node.wut.ch.indexOf(node.cur);
        if (i >= 0) node.wut.ch.splice(i, 1);
      }
      const first = node.wut.ch[0];
      if (first === undefined && node.sum !== null) this.closeSummary(d);
      if (first !== undefined) {
        node.cur = first;
        this.len = d + 1;
        this.divergence = d;
        return true;
      }
    }
    this.len = 0;
    this.divergence = this.floor;
    return false;
  }

  /**
   * Asks the exploration to start again as plain DPOR after this execution: the explorer's guard when the choice
   * program's infeasible runs outnumber the real executions (DESIGN.md, "Value branches").
   */
  dropValues(): void {
    if (this.values !== null) this.valuesOff = 'infeasible';
  }

  /**
   * An execution found two counting events left unordered that do not commute (`CountingPairs.unsafe`): the relation the
   * tree was built with was wrong for it, so the exploration starts again from the root with their pair of sites plain. Outcomes
   * found so far stay (they were reached); the explorer resets their counts (`restarts`).
   */
  private restart(): boolean {
    for (const l of this.ev.pairs.unsafe) this.ev.pairs.plain.add(l);
    this.nodes.length = 0;
    this.len = 0;
    this.divergence = this.floor;
    this.nextSleep = [];
    this.nextWut = null;
    this.restarts++;
    return true;
  }

  private races(end: EndKind, n: number): void {
    const ev = this.ev;
    const tasks = this.ctx?.machine.tasks ?? [];

    if (end === 'halt' && n > 0) {
      const h = n - 1;
      const ht = ev.evT[h] as number;
      haltRaces(ev, h);
      for (let k = 0; k < this.nEnabled; k++) {
        const p = this.lastEnabled[k] as number;
        const s = (tasks[p] as Task).pending;
        if (p !== ht && s !== null && !(tasks[p] as Task).done) pendingRace(ev, h, [p, tasks[p] as Task], s, n);
      }
      blockedAcquires(ev, tasks, h, false);
    } else if (end === 'stuck') blockedAcquires(ev, tasks, n, false);
    const v: number[] = [];
    const div = this.divergence;
    for (let r = 0; r < ev.nRaces; r++) {
      const e = ev.raceE[r] as number;
      const j = ev.raceJ[r] as number;
      if (j < div || e < this.floor) continue;
      v.length = 0;
      this.notdep(e, j, v);
      v.push(j);
      // A view read's race with a change (value branches): the read then runs after it, returning its view there.
      const val = ev.raceV[r];
      if (val !== NO_VALUE) {
        ev.viewCopy(e, n, val);
        v.push(n);
      }
      const halt = ev.evHalt[j] as number;
      if (halt === 1 && !haltsWithout(ev, j, e)) ev.evHalt[j] = 0;
      const had = this.insertions;
      this.insertAt(e, v);
      ev.evHalt[j] = halt;
      const prof = this.profile;
      if (prof !== null) prof.race(prof.text(e), prof.text(j), this.insertions > had);
    }
    for (let r = 0; r < ev.virtual.length; r++) {
      const vr = ev.virtual[r] as (typeof ev.virtual)[number];
      if (vr.stale || vr.e < this.floor) continue;
      materialise(ev, vr, n);
      v.length = 0;
      this.notdep(vr.e, vr.end, v);
      v.push(n);
      const had = this.insertions;
      this.insertAt(vr.e, v);
      const prof = this.profile;
      if (prof !== null) {
        const vs = vr.site;
        const site = typeof vs === 'number' ? prof.text(vs) : vs === null ? '?' : pendingText(vs.t, vs.s);
        prof.race(prof.text(vr.e), site, this.insertions > had);
      }
    }
  }

  /**
   * Cached DPOR at a new scheduling point worth caching: the node's fresh summary when the state is new (or cannot be
   * pruned), or null when the state's subtree is explored and the current sleep set includes the one it was explored
   * under. Then the prefix events a summarised event may race with get every enabled thread as a branch.
   */
  private cacheLookup(cache: DporCache, pos: number): Summary | null {
    const key = cache.fingerprint();
    const sleep = this.nextSleep.map((q) => q.t);
    const s = cache.table.get(key);
    if (s === undefined) {
      const fresh = new Summary(sleep);
      // Past the state limit the table stops growing: the exploration goes on as plain DPOR below new states.
      if (cache.table.size < cache.maxStates) cache.table.set(key, fresh);
      return fresh;
    }
    if (!s.complete || !s.sleep.every((t) => sleep.includes(t))) return new Summary(sleep);
    cache.hits++;
    this.hitPos = pos;
    this.hit = s;
    const ev = this.ev;
    const descs = this.descsUpTo(pos);
    const first = new Map<number, number>();
    descs.forEach((d, p) => {
      if (!first.has(d.t)) first.set(d.t, p);
    });
    for (const [e, i] of racingPrefix(ev, s, this.floor, pos)) {
      // Flanagan and Godefroid's branch for every event the subtree may race with: its witness path is one of many
      // executions below the state, and another may race where this one does not (the 1,000-program fuzz found
      // such a lost state when only the witness's reversal was inserted).
      this.expand(e, (s.descs[i] as Desc).t);
      const path = s.paths[i] ?? null;
      if (path === null || this.barriers.some((b) => b > e && b < pos)) continue;
      // The witness's own reversal too: it leads to the reordering DPOR would have made, sooner.
      const v = reversal(descs[e] as Desc, descs.slice(e + 1, pos), pathDescs(path));
      if (v !== 'none' && v !== 'unknown' && this.allExist(e, v, first)) this.insertSeq(e, new DescSeq(v));
    }
    return null;
  }

  /**
   * Do the threads of `v` all exist at node `e` (an event before it, enabled or asleep there)? Descriptors carry no
   * spawn edges: a sequence with a thread spawned later is left to the conservative branch.
   */
  private allExist(e: number, v: readonly Desc[], first: ReadonlyMap<number, number>): boolean {
    const node = this.nodes[e] as Node;
    return v.every(
      (d) => node.en?.includes(d.t) === true || node.sleep.some((q) => q.t === d.t) || (first.get(d.t) ?? Infinity) < e,
    );
  }

  /** The descriptors of this execution's events before `n` (computed once per execution). */
  private descsUpTo(n: number): Desc[] {
    const descs = this.descsFilled(n);
    return descs.length > n ? descs.slice(0, n) : descs;
  }

  /** This execution's descriptor array, filled up to at least `n` (paths keep a reference to it). */
  private descsFilled(n: number): Desc[] {
    const descs = this.descs;
    for (let p = descs.length; p < n; p++) descs.push(this.ev.desc(p));
    return descs;
  }

  /** Histories are recomputed from the deepest stored snapshot at or above the divergence point (-1: the start). */
  private firstLive(): number {
    let live = this.len === 0 ? 0 : Math.min(this.divergence, this.len - 1);
    while (live > 0 && (this.nodes[live] as Node).hist === null) live--;
    return live === 0 && (this.nodes[0]?.hist ?? null) === null ? -1 : live;
  }

  /** A value branch at node `r`: its view read returning another value, unless node `r` has or had that event. */
  private valueBranch(r: number, d: Desc): void {
    const node = this.nodes[r] as Node;
    const same = (q: Desc): boolean => q.t === d.t && sameEvent(q, d);
    if ((node.cur !== null && same(node.cur.d)) || node.sleep.some(same) || node.wut.ch.some((c) => same(c.d))) return;
    node.wut.ch.push(new WuNode(d.t, d));
    this.insertions++;
  }

  /** Gives node `e` thread `t` as a branch if it is enabled there, else every enabled thread (not asleep, not yet one). */
  private expand(e: number, t: number): void {
    const node = this.nodes[e] as Node;
    if (node.en === null) return;
    for (const u of node.en.includes(t) ? [t] : node.en) {
      if (node.cur?.t === u || node.sleep.some((q) => q.t === u) || node.wut.ch.some((c) => c.t === u)) continue;
      node.wut.ch.push(new WuNode(u, NO_DESC));
      (this.cache as DporCache).expansions++;
    }
  }

  /**
   * Adds this execution's new events (from the divergence point) to the deepest open summary at or above each, the
   * hit state's summary to the deepest open one above the cut, and a wildcard for each thread cut off with a pending
   * step at the end of a maximal execution.
   */
  private summarise(end: EndKind, upTo: number): void {
    const ev = this.ev;
    const descs = this.descsFilled(upTo);
    let cur: Summary | null = null;
    let at = 0;
    for (let p = 0; p < upTo; p++) {
      const s = (this.nodes[p] as Node | undefined)?.sum ?? null;
      if (s !== null) {
        cur = s;
        at = p;
      }
      if (p >= this.divergence && cur !== null) cur.add(descs[p] as Desc, this.path(descs, at, p + 1));
    }
    if (cur === null) return;
    if (end === 'abandoned') {
      if (this.hit !== null) cur.addAll(this.hit, this.path(descs, at, upTo));
      return;
    }
    const tasks = this.ctx?.machine.tasks ?? [];
    const st = ev.thrStable;
    for (let i = 0; i < tasks.length; i++) {
      const t = tasks[i] as Task;
      if (!t.done && t.pending !== null) cur.add(wildcard(st[i] as number), null);
    }
  }

  /** The descriptors of events [from, to), or null when a clock barrier falls between them. */
  private path(descs: readonly Desc[], from: number, to: number): Path | null {
    if (this.barriers.some((b) => b > from && b < to)) return null;
    return { arr: descs, from, to, next: null };
  }

  /** Node `d`'s subtree is explored: its summary is complete and flows into the next summary above it. */
  private closeSummary(d: number): void {
    const s = (this.nodes[d] as Node).sum as Summary;
    if (s.complete) return;
    s.complete = true;
    for (let a = d - 1; a >= 0; a--) {
      const up = (this.nodes[a] as Node).sum;
      if (up !== null) {
        up.addAll(s, this.path(this.descsFilled(d), a, d));
        return;
      }
    }
  }

  /** The events after `e` and before `end` that do not happen after `e`. */
  private notdep(e: number, end: number, out: number[]): void {
    const ev = this.ev;
    for (let x = e + 1; x < end; x++) if (!ev.hb(e, x)) out.push(x);
  }

  /**
   * Inserts the wakeup sequence `v` (event positions) at node `e`. An inherited sleeping thread that is an initial of
   * `v` covers the extensions of `v` in which it runs (its sibling subtree) but not those a halt or a stuck end cuts
   * before it runs: `v` without its events, when no other event of `v` follows one of them, is inserted instead.
   */
  private insertAt(e: number, v: number[]): void {
    const node = this.nodes[e] as Node;
    for (const q of node.sleep) {
      if (!this.inherited.has(q)) continue;
      if (!initialOf(new EventSeq(this.ev, v), q)) continue;
      const rest = this.without(v, q.t);
      if (rest === null) return;
      this.insertAt(e, rest);
      return;
    }
    this.insertSeq(e, new EventSeq(this.ev, v.slice()));
  }

  /** `v` without thread `t`'s events, or null when its last event is one or another event happens after one. */
  private without(v: readonly number[], t: number): number[] | null {
    const ev = this.ev;
    const st = ev.thrStable;
    if (st[ev.evT[v[v.length - 1] as number] as number] === t) return null;
    const out: number[] = [];
    const gone: number[] = [];
    for (const x of v) {
      if (st[ev.evT[x] as number] === t) {
        gone.push(x);
        continue;
      }
      // The clocks, not `hb`: a halting event is ordered after everything before it only for its races.
      for (const g of gone) if (ev.before(g, ev.clocks, x * ev.W)) return null;
      out.push(x);
    }
    return out;
  }

  /** Inserts a wakeup sequence at node `e` unless a thread asleep there is a weak initial of it (an inherited one: an
   * initial; see `insertAt`). */
  private insertSeq(e: number, s: Seq): void {
    const node = this.nodes[e] as Node;
    for (const q of node.sleep) if (this.inherited.has(q) ? initialOf(s, q) : weakInitial(s, q)) return;
    if (insert(s, node.wut)) this.insertions++;
  }
}
