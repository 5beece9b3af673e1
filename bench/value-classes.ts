// Bench (by hand): how many of DPOR's executions a reads-value-from reduction could merge, on the scaling series.
//
//   node --import tsx bench/value-classes.ts [N...]      (default: 2 3 4; 5 takes minutes)
//
// An execution's value class is, per thread, the sequence of its steps with the value each read or read-modify-write
// saw (the view, for a view read). Executions of one class have threads that behave alike, so a reduction that
// identifies executions whose reads return the same values (Agarwal et al., CAV 2021) could run about one execution
// per class. This counts classes among the executions DPOR (with the symmetry reduction) runs: an estimate of that
// reduction's gain, not a sound reduction. Objects are named by kind, so the classes are if anything too coarse.
// Three finer keys say where the gap between executions and value classes is: lock acquisitions keyed also by the
// thread that last released the lock ("+ lock owner"); every read, read-modify-write and acquisition keyed also by the
// thread whose step last wrote its location (reads-from classes); and the same except view reads, which keep only
// their view ("reads-from, views by value").
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DporStrategy } from '../src/explore/dpor/strategy.ts';
import { Engine, IntLog, type AbandonReason, type ExecContext, type Strategy } from '../src/explore/engine.ts';
import { SymmetryGate } from '../src/explore/symmetry.ts';
import type { KObject } from '../src/kernel/object.ts';
import type { Step } from '../src/kernel/step.ts';
import type { Task } from '../src/kernel/task.ts';
import { parseVariant } from '../src/kernel/variant.ts';
import { compileLitmus } from '../src/litmus/compile.ts';
import { parseLitmus } from '../src/litmus/parse.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

/** A short, execution-independent text of a value a step reads. */
function text(v: unknown): string {
  if (v === null || typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.length}]`;
  const o = v as { kind?: string; size?: number };
  return o.kind ?? (o.size !== undefined ? `{${o.size}}` : '{}');
}

/** The class keys recorded per step: values; + lock owner; reads-from; reads-from with view reads by value. */
const KEYS = 4;

/** DPOR, with each thread's steps and the values they read (and whose writes they read) recorded per execution. */
class Recording implements Strategy {
  /** Per key, per thread: its steps. */
  threads: string[][][] = [];
  /** Per object and location: the thread whose step last wrote it in this execution. */
  private writer = new Map<object, Map<string, number>>();
  constructor(readonly dpor: DporStrategy) {}
  get abandon(): AbandonReason {
    return this.dpor.abandon;
  }
  get onAlloc(): ((obj: KObject) => void) | null {
    return this.dpor.onAlloc;
  }
  prepare(): void {
    this.threads = Array.from({ length: KEYS }, () => []);
    this.writer = new Map();
    this.dpor.prepare();
  }
  begin(ctx: ExecContext): void {
    this.dpor.begin(ctx);
  }
  pick(enabled: readonly Task[], idx: readonly number[], n: number, pos: number): number {
    return this.dpor.pick(enabled, idx, n, pos);
  }
  before(ti: number, s: Step, pos: number): void {
    const o = s.o as KObject & Record<string, unknown>;
    const views = (o.constructor as { $views?: Record<string, (x: KObject) => unknown> }).$views;
    const view = s.view === true ? views?.[s.f] : undefined;
    const reads = s.k === 'read' || s.k === 'rmw';
    const seen = !reads ? '' : view !== undefined ? `view ${String(view(o))}` : text(o[s.f]);
    let w = this.writer.get(o);
    if (w === undefined) this.writer.set(o, (w = new Map()));
    const from = ` from ${w.get(s.f) ?? -1}`;
    const step = `${s.k} ${o.kind}.${s.f} ${seen}`;
    const rf = reads || s.k === 'acquire' ? step + from : step;
    const keys = [step, s.k === 'acquire' ? step + from : step, rf, view !== undefined ? step : rf];
    keys.forEach((k, i) => ((this.threads[i] as string[][])[ti] ??= []).push(k));
    if (s.k !== 'read') w.set(s.f, ti);
    this.dpor.before(ti, s, pos);
  }
  halted(pos: number): void {
    this.dpor.halted(pos);
  }
  visible(ti: number, pos: number): void {
    this.dpor.visible(ti, pos);
  }
  spawned(child: number, parent: number): void {
    this.dpor.spawned(child, parent);
  }
  clock(pos: number): void {
    this.dpor.clock(pos);
  }
  orderAfter(e: number): void {
    this.dpor.orderAfter(e);
  }
}

function measure(waiters: number): void {
  const file = join(HERE, 'litmus', 'scaling', `i1-waiters-${waiters}.litmus`);
  const p = parseLitmus(readFileSync(file, 'utf8'), { file });
  const v = parseVariant('v6.9');
  if (!p.ok || !v.ok) throw new Error(`bench: ${file} does not parse`);
  const c = compileLitmus(p.test, v.variant);
  if (!c.ok) throw new Error(`bench: ${file} does not compile`);
  const sc = c.compiled.scenario;
  const rec = new Recording(new DporStrategy(null));
  const engine = new Engine(sc, rec, sc.symmetry === undefined ? null : new SymmetryGate(sc.symmetry));
  const classes = Array.from({ length: KEYS }, () => new Set<string>());
  let executions = 0;
  const t0 = performance.now();
  for (;;) {
    const res = engine.execute({ choices: new IntLog(), lockdep: null, trace: null });
    if (res.end !== 'abandoned' && !res.gated) {
      executions++;
      rec.threads.forEach((th, i) => classes[i]?.add(th.map((t) => t.join(';')).join('|')));
    }
    if (!rec.dpor.next(res.end, res.events)) break;
  }
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  const [value, lock, rf, rfViews] = classes.map((c) => c.size);
  console.log(
    `${waiters} waiters: ${executions} executions, ${value} value classes (${lock} + lock owner; ${rf} reads-from, ` +
      `${rfViews} reads-from with view reads by value) (${s} s)`,
  );
}

const args = process.argv.slice(2).map(Number);
for (const n of args.length > 0 ? args : [2, 3, 4]) measure(n);
