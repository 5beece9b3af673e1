// Explorer (stateful): the canonical encoding of kernel state — objects by stable name, values by type-tagged words.
import type { Machine } from '../../kernel/machine.ts';
import { KObject, type Embedded } from '../../kernel/object.ts';
import { Task } from '../../kernel/task.ts';
import type { Violation } from '../../kernel/violation.ts';
import { normalisedTitle } from '../tally.ts';
import { Hash128, internString } from './hash.ts';

const enum Tag {
  Undef = 1,
  Null,
  False,
  True,
  Int,
  Float,
  Big,
  Str,
  Fn,
  Named,
  EmbeddedRef,
  Array,
  Map,
  Set,
  Obj,
  Back,
  Hidden,
  Machine,
  Inline,
}

/**
 * Fields that are not kernel state, by the class that declares them (a field of the same name elsewhere, such as
 * `Eventpoll.gen`, the loop-check generation, is state): `KObject`'s debug identities and stacks (reports only), the
 * explorer's per-object records and the slab bookkeeping `container`/`cache` (implied by the class and the
 * encoding); `Task`'s machine back-pointer and the driver's generators, model stack and pending step (they follow
 * from the thread's hidden state, which its observation history covers); `Machine`'s variant and step counters.
 */
const KOBJECT_SKIP: ReadonlySet<string> = new Set([
  'id',
  'slot',
  'allocStack',
  'allocThread',
  'freeStack',
  'xEpoch',
  'xStable',
  'xRec',
  'container',
  'cache',
]);
const TASK_SKIP: ReadonlySet<string> = new Set(['machine', 'gen', 'frames', 'stack', 'pending']);
const MACHINE_SKIP: ReadonlySet<string> = new Set(['variant', 'steps', 'nextId', 'frameObs']);

function skipped(o: object, k: string): boolean {
  if (!(o instanceof KObject)) return false;
  return KOBJECT_SKIP.has(k) || (o instanceof Task && TASK_SKIP.has(k));
}

/** Each class's field names with their interned ids, in the order its objects list them (most share one order). */
const shapes = new Map<unknown, { keys: string[]; ids: number[] }>();

const f64 = new Float64Array(1);
const f64i = new Int32Array(f64.buffer);

/**
 * Writes values into a `Hash128` canonically. Objects allocated through `machine.alloc` are written by their stable
 * name (`xStable`, given by `Names`); an embedded object (lock, wait queue) by (container, field) and its contents;
 * any other object or container inline, with back-references to objects met earlier in the same encoding (sharing
 * and cycles). `Machine` fields are written by `machine()` only.
 */
export class Encoder {
  readonly h = new Hash128();
  private seen = new Map<object, number>();
  /** The named object whose contents are being written (its embedded objects go inline). */
  private root: KObject | null = null;
  machineRef: Machine | null = null;

  begin(): void {
    this.h.reset();
    this.seen = new Map();
    this.root = null;
  }

  str(s: string): void {
    this.h.int(Tag.Str);
    this.h.int(internString(s));
  }

  value(v: unknown): void {
    const h = this.h;
    switch (typeof v) {
      case 'undefined':
        h.int(Tag.Undef);
        return;
      case 'boolean':
        h.int(v ? Tag.True : Tag.False);
        return;
      case 'number':
        if ((v | 0) === v && !Object.is(v, -0)) {
          h.int(Tag.Int);
          h.int(v);
        } else {
          f64[0] = v;
          h.int(Tag.Float);
          h.int(f64i[0] as number);
          h.int(f64i[1] as number);
        }
        return;
      case 'bigint':
        this.big(v);
        return;
      case 'string':
        this.str(v);
        return;
      case 'function':
        h.int(Tag.Fn);
        h.int(internString(v.name));
        return;
      case 'symbol':
        h.int(Tag.Str);
        h.int(internString(String(v)));
        return;
      case 'object':
        if (v === null) h.int(Tag.Null);
        else this.object(v);
        return;
    }
  }

  private big(v: bigint): void {
    const h = this.h;
    h.int(Tag.Big);
    const neg = v < 0n;
    let x = neg ? -v : v;
    h.int(neg ? 1 : 0);
    do {
      h.int(Number(BigInt.asUintN(32, x)) | 0);
      x >>= 32n;
    } while (x > 0n);
    h.int(-1);
  }

  private object(o: object): void {
    const h = this.h;
    if (o instanceof KObject && o.xStable >= 0 && o !== this.root) {
      h.int(Tag.Named);
      h.int(o.xStable);
      return;
    }
    if (o === this.machineRef) {
      h.int(Tag.Machine);
      return;
    }
    const back = this.seen.get(o);
    if (back !== undefined) {
      h.int(Tag.Back);
      h.int(back);
      return;
    }
    this.seen.set(o, this.seen.size);
    if (o instanceof KObject && o.container !== null) {
      // An embedded lock or wait queue: named by (container, field), its contents inline wherever it is met.
      h.int(Tag.EmbeddedRef);
      h.int(o.container.xStable);
      h.int(internString((o as Embedded).field ?? ''));
    }
    if (Array.isArray(o)) {
      h.int(Tag.Array);
      h.int(o.length);
      for (let i = 0; i < o.length; i++) this.value(o[i]);
    } else if (o instanceof Map) {
      h.int(Tag.Map);
      h.int(o.size);
      for (const [k, v] of o) {
        this.value(k);
        this.value(v);
      }
    } else if (o instanceof Set) {
      h.int(Tag.Set);
      h.int(o.size);
      for (const v of o) this.value(v);
    } else if (isHidden(o)) {
      h.int(Tag.Hidden);
    } else this.fields(o);
  }

  /** An object's own fields in insertion order (class fields and constructor assignments), less the skipped. */
  private fields(o: object): void {
    const h = this.h;
    h.int(Tag.Obj);
    const ctor = o.constructor;
    let shape = shapes.get(ctor);
    if (shape === undefined) {
      shape = { keys: [], ids: [] };
      shapes.set(ctor, shape);
    }
    h.int(internString(ctor?.name ?? ''));
    const rec = o as Record<string, unknown>;
    let i = 0;
    for (const k in rec) {
      let id: number;
      if (shape.keys[i] === k) id = shape.ids[i] as number;
      else {
        id = skipped(o, k) ? 0 : internString(k);
        shape.keys[i] = k;
        shape.ids[i] = id;
      }
      i++;
      if (id === 0) continue;
      h.int(id);
      this.value(rec[k]);
    }
  }

  /** The contents of a named (or anonymous) kernel object, its embedded objects inline. */
  contents(o: KObject): void {
    const prev = this.root;
    this.root = o;
    this.h.int(Tag.Inline);
    this.h.int(o.xStable);
    this.seen.set(o, this.seen.size);
    this.fields(o);
    this.root = prev;
  }

  /** The machine's own fields: clock, tasks, caches, lists, counters; violations by kind, title and fatality. */
  machine(m: Machine): void {
    const rec = m as unknown as Record<string, unknown>;
    this.h.int(Tag.Machine);
    const prev = this.root;
    this.root = m.globals;
    for (const k in rec) {
      if (MACHINE_SKIP.has(k)) continue;
      this.h.int(internString(k));
      if (k === 'violations') this.violations(m.violations);
      else if (k === 'globals') this.contents(m.globals);
      else this.value(rec[k]);
    }
    this.root = prev;
  }

  private violations(vs: readonly Violation[]): void {
    this.h.int(Tag.Array);
    this.h.int(vs.length);
    for (const v of vs) {
      this.str(v.kind);
      this.str(normalisedTitle(v.title));
      this.h.int(v.fatal ? 1 : 0);
    }
  }
}

/** Generators and iterators: their state is not readable (a thread's is covered by its observation history). */
function isHidden(o: object): boolean {
  const tag = (o as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag];
  return tag === 'Generator' || tag === 'AsyncGenerator';
}
