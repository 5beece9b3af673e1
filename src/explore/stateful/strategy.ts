// Explorer (stateful): depth-first search over states with a visited table, replaying a path to reach a state.
import type { Step } from '../../kernel/step.ts';
import type { Task } from '../../kernel/task.ts';
import type { AbandonReason, ExecContext, Strategy } from '../engine.ts';
import { Names } from './names.ts';
import { Fingerprinter, Histories, type HistorySnapshot } from './state.ts';
import { StateTable } from './table.ts';

/** A scheduling point of the current DFS path with two or more enabled threads. */
interface Node {
  /** Enabled threads at the point. */
  readonly n: number;
  /** The alternative being explored (index into the enabled list). */
  cur: number;
  /** Every thread's history at the point (the replay does not recompute them). */
  readonly sig: HistorySnapshot;
}

/** Options of the stateful search. */
export interface StatefulOptions {
  /** Stop storing states past this many (the search ends bound-reached). */
  readonly maxStates?: number;
  /** Debug: keep every state's full encoding and count fingerprint collisions (slow, memory-hungry). */
  readonly checkCollisions?: boolean;
}

/**
 * Stateful DFS (design A0 of stateful-exploration.md): at every new scheduling point the state's fingerprint goes into
 * the table; a state already there is not expanded again (its subtree was, or is being, explored: with histories in
 * the identity no state repeats along a path, so the state graph is a DAG). Generators cannot be copied, so every
 * execution re-runs the setup and replays the DFS path to the deepest point with an unexplored alternative, then
 * goes on live; the histories at that point come from the node, not from a recomputation.
 */
export class StatefulStrategy implements Strategy {
  readonly abandon: AbandonReason = 'redundant';
  readonly names = new Names();
  readonly onAlloc = this.names.onAlloc;
  private readonly hist = new Histories();
  private readonly fp: Fingerprinter;
  readonly table: StateTable;
  private readonly key = new Int32Array(4);
  private readonly stack: Node[] = [];
  private ctx: ExecContext | null = null;
  /** Depth (branch-point index) whose alternative the current execution explores; below it, replay. */
  private target = -1;
  private depth = 0;
  private live = true;
  /** States found already visited (each one a pruned subtree). */
  merged = 0;
  /** Moves executed live (edges of the state graph explored). */
  transitions = 0;
  /** The state limit was reached. */
  full = false;
  collisions = 0;
  private readonly encodings: Map<string, string> | null;

  constructor(private readonly opts: StatefulOptions = {}) {
    this.fp = new Fingerprinter(opts.checkCollisions === true);
    this.table = new StateTable();
    this.encodings = opts.checkCollisions === true ? new Map() : null;
  }

  get states(): number {
    return this.table.size;
  }

  prepare(): void {
    this.names.reset();
  }

  begin(ctx: ExecContext): void {
    this.ctx = ctx;
    this.names.running();
    this.depth = 0;
    this.live = this.target < 0;
    this.hist.attach(ctx.machine);
    this.hist.live = this.live;
    ctx.machine.frameObs = this.hist;
    const n = ctx.machine.tasks.length;
    for (let i = 0; i < n; i++) this.hist.seed(i);
  }

  pick(_enabled: readonly Task[], _idx: readonly number[], n: number): number {
    if (n === 1) return 0;
    const d = this.depth++;
    if (d <= this.target && !this.live) {
      const node = this.stack[d] as Node;
      if (node.n !== n) throw new Error('epoll-lab bug: a replayed path met another scheduling point (nondeterminism)');
      if (d === this.target) {
        this.hist.restore(node.sig);
        this.live = true;
        this.hist.live = true;
      }
      return node.cur;
    }
    const m = (this.ctx as ExecContext).machine;
    this.fp.compute(m, this.names.allocated, this.hist, this.key);
    if (this.encodings !== null) this.checkCollision();
    if (this.opts.maxStates !== undefined && this.table.size >= this.opts.maxStates) {
      this.full = true;
      return -1;
    }
    if (!this.table.add(this.key, 0)) {
      this.merged++;
      return -1;
    }
    this.stack.push({ n, cur: 0, sig: this.hist.snapshot(m.tasks.length) });
    return 0;
  }

  before(ti: number, s: Step): void {
    if (!this.live) return;
    this.transitions++;
    const ctx = this.ctx as ExecContext;
    this.hist.observe(ctx.machine, ti, ctx.machine.tasks[ti] as Task, s);
  }

  halted(): void {}

  spawned(child: number, parent: number): void {
    const m = (this.ctx as ExecContext).machine;
    this.hist.spawned(child, parent, (m.tasks[child] as Task).comm);
  }

  clock(): void {}

  /** Moves to the next alternative of the deepest unfinished point; false when the search is over. */
  next(): boolean {
    if (this.full) return false;
    for (let d = this.stack.length - 1; d >= 0; d--) {
      const node = this.stack[d] as Node;
      if (node.cur + 1 < node.n) {
        node.cur++;
        this.stack.length = d + 1;
        this.target = d;
        return true;
      }
    }
    this.stack.length = 0;
    return false;
  }

  /** Bytes of the visited table and the DFS stack's history snapshots. */
  get bytes(): number {
    let b = this.table.bytes;
    for (const n of this.stack) for (const f of n.sig.frames) b += f.byteLength + 16;
    return b;
  }

  private checkCollision(): void {
    const k = `${this.key[0]},${this.key[1]},${this.key[2]},${this.key[3]}`;
    const full = this.fp.full ?? '';
    const prev = (this.encodings as Map<string, string>).get(k);
    if (prev === undefined) (this.encodings as Map<string, string>).set(k, full);
    else if (prev !== full) this.collisions++;
  }
}
