// Explorer: the optimal-DPOR scheduler — wakeup trees + sleep sets over stateless re-execution.
import type { Step } from '../../kernel/step.ts';
import type { Task } from '../../kernel/task.ts';
import type { AbandonReason, EndKind, ExecContext, Strategy } from '../engine.ts';
import { EventStore, type Desc } from './events.ts';
import { StableIds } from './ids.ts';
import { blockedAcquires, haltRaces, haltsWithout, materialise, pendingRace } from './pending.ts';
import { initialOf, insert, weakInitial, WuNode } from './wakeup.ts';

/** One scheduling point of the current execution: its sleep set, its wakeup tree and the branch being explored. */
interface Node {
  readonly sleep: Desc[];
  readonly wut: WuNode;
  cur: WuNode | null;
}

const NO_DESC: Desc = { t: -1, k: 0, loc: -1, base: -1, halt: false };

/**
 * A subtree of the exploration (parallel and sharded DPOR, `../parallel/`): events before `depth` replay `prefix`
 * (indices in `machine.tasks`) and are never backtracked nor receive wakeup sequences; node `depth` starts with the
 * sleep set `sleep` builds from the threads' pending steps. Races are also processed for sleep-set-blocked
 * executions (an inherited sleep set without its wakeup tree can block), and an inherited sleeping thread vetoes a
 * wakeup sequence only when it is an initial of it (every extension then has it as a weak initial, so its sibling
 * covers them); a weak initial that does not occur in the sequence does not (its sibling was explored by sleep-set
 * DFS, which sends no wakeup sequences back up).
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
  readonly onAlloc = this.ev.onAlloc;
  /** Wakeup-tree insertions (for statistics). */
  insertions = 0;
  private readonly floor: number;
  /** The sleep entries inherited at the subtree root (identity; propagation keeps the objects). */
  private readonly inherited = new Set<Desc>();

  constructor(private readonly root: SubtreeRoot | null = null) {
    this.floor = root?.depth ?? 0;
    this.divergence = this.floor;
  }

  prepare(): void {
    this.ev.reset();
    this.ev.minRacePos = this.divergence;
  }

  begin(ctx: ExecContext): void {
    this.ctx = ctx;
    this.ev.begin(ctx);
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
        for (const q of this.nextSleep) this.inherited.add(q);
        this.nextWut = null;
      }
    }
    let node: Node;
    if (pos < this.len) node = this.nodes[pos] as Node;
    else {
      node = { sleep: this.nextSleep, wut: this.nextWut ?? new WuNode(-1, NO_DESC), cur: null };
      this.nodes[pos] = node;
      this.len = pos + 1;
      if (node.wut.ch.length > 0) node.cur = node.wut.ch[0] as WuNode;
      else {
        for (let k = 0; k < n; k++) {
          const t = st[idx[k] as number] as number;
          if (!node.sleep.some((q) => q.t === t)) {
            node.cur = new WuNode(t, NO_DESC);
            node.wut.ch.push(node.cur);
            return k;
          }
        }
        this.abandon = 'redundant';
        return -1;
      }
    }
    const target = (node.cur as WuNode).t;
    for (let k = 0; k < n; k++) if (st[idx[k] as number] === target) return k;
    this.abandon = 'blocked';
    return -1;
  }

  before(ti: number, s: Step, pos: number): void {
    const ev = this.ev;
    ev.add(pos, ti, s);
    if (pos < this.len - 1 || pos < this.floor) return;
    const node = this.nodes[pos] as Node;
    const cur = node.cur as WuNode;
    cur.d = ev.desc(pos);
    const sleep: Desc[] = [];
    for (const q of node.sleep) if (!ev.dep(q, pos)) sleep.push(q);
    this.nextSleep = sleep;
    this.nextWut = cur;
  }

  halted(pos: number): void {
    this.ev.evHalt[pos] = 1;
    const node = this.nodes[pos];
    if (node !== undefined && node.cur !== null) node.cur.d = this.ev.desc(pos);
  }

  spawned(child: number, parent: number): void {
    this.ev.spawn(child, parent);
  }

  clock(pos: number): void {
    blockedAcquires(this.ev, this.ctx?.machine.tasks ?? [], pos, true);
    this.ev.barrier();
    this.nextSleep = [];
  }

  /**
   * After an execution: add the wakeup sequences of its races (maximal executions only), then backtrack to the
   * deepest node with an unexplored branch. Returns false when the exploration is complete.
   */
  next(end: EndKind, events: number): boolean {
    if (end !== 'abandoned' || (this.root !== null && this.abandon === 'redundant')) this.races(end, events);
    const nodes = this.nodes;
    for (let d = this.len - 1; d >= this.floor; d--) {
      const node = nodes[d] as Node;
      if (node.cur !== null) {
        node.sleep.push(node.cur.d);
        const i = node.wut.ch.indexOf(node.cur);
        if (i >= 0) node.wut.ch.splice(i, 1);
      }
      const first = node.wut.ch[0];
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
        if (p !== ht && s !== null && !(tasks[p] as Task).done) pendingRace(ev, h, p, s, n);
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
      const halt = ev.evHalt[j] as number;
      if (halt === 1 && !haltsWithout(ev, j, e)) ev.evHalt[j] = 0;
      this.insertAt(e, v);
      ev.evHalt[j] = halt;
    }
    for (let r = 0; r < ev.virtual.length; r++) {
      const vr = ev.virtual[r] as (typeof ev.virtual)[number];
      if (vr.stale || vr.e < this.floor) continue;
      materialise(ev, vr, n);
      v.length = 0;
      this.notdep(vr.e, vr.end, v);
      v.push(n);
      this.insertAt(vr.e, v);
    }
  }

  /** The events after `e` and before `end` that do not happen after `e`. */
  private notdep(e: number, end: number, out: number[]): void {
    const ev = this.ev;
    for (let x = e + 1; x < end; x++) if (!ev.hb(e, x)) out.push(x);
  }

  private insertAt(e: number, v: number[]): void {
    const node = this.nodes[e] as Node;
    for (const q of node.sleep)
      if (this.inherited.has(q) ? initialOf(this.ev, q, v) : weakInitial(this.ev, q, v)) return;
    if (insert(this.ev, node.wut, v.slice())) this.insertions++;
  }
}
