// Explorer: DPOR's registry of objects and locations in one execution, named by interleaving-independent identities.
import { Embedded, baseObject, type KObject } from '../../kernel/object.ts';
import { viewOf } from '../../kernel/step.ts';
import type { CountSegment } from './counting.ts';
import { StableIds } from './ids.ts';

/** An object touched in this execution. */
export interface ObjRec {
  readonly stable: number;
  /** The record of the allocation (the container for embedded objects). */
  readonly base: ObjRec | null;
  readonly own: LocRec[];
  /** Base objects only: every location of the allocation, embedded objects' included. */
  readonly locs: LocRec[];
  /** The event that freed the allocation, or -1. */
  freedAt: number;
}

/** A location (object, field) and its accesses so far in this execution. */
export interface LocRec {
  readonly f: string;
  readonly stable: number;
  readonly baseStable: number;
  lastWrite: number;
  lastAcq: number;
  /** The acquisition of the last exclusive holder (a writer, a spinlock or mutex owner), or -1. */
  wAcq: number;
  /** Acquisitions not yet released (an rwlock's readers hold it together). */
  held: number;
  /** An rwlock's read-side events (`K_RDACQ`, `K_RDREL`) since the last write of the lock: they commute. */
  readonly rds: number[];
  /** Number of valid entries in `rds`. */
  nrd: number;
  readonly reads: number[];
  /** Number of valid entries in `reads`. */
  nr: number;
  /** The counting events (`Step.ctr`) since the last ordinary write, in order; `reads` are kept across them. */
  readonly grp: number[];
  /** Number of valid entries in `grp`. */
  ng: number;
  /** Whether the counting events in `grp` commute (created with the first one). */
  seg: CountSegment | null;
  /** The view its object's class declares for it (`Step.view`), or null. */
  readonly view: ((o: KObject) => unknown) | null;
  /** The view reads not yet ordered before a write (a write that left the view alone is not ordered after them). */
  readonly vreads: number[];
  /** Number of valid entries in `vreads`. */
  nv: number;
  /** The last write that changed the view (or the free, or -1): what a view read is ordered after. */
  lastChange: number;
}

/** Epochs of all executions in this thread: an object's `xEpoch` names the execution its `xRec`/`xStable` belong to. */
let lastEpoch = 0;

/**
 * Objects are named when allocated (see `StableIds`); embedded objects by (container, field); `machine.globals` has
 * its own name; anything else shares one name. The records live on the objects themselves (`KObject.xRec`, stamped
 * with this execution's epoch) so that finding one is a field load, not a Map lookup: an object is claimed by the
 * first registry that sees it (objects are new in every execution). Objects another registry claimed (two observers
 * of one execution, as the tests' recorder) or stamped by an earlier execution are kept in Maps instead.
 */
export class Locations {
  private epoch = ++lastEpoch;
  private objs = new Map<KObject, ObjRec>();
  private allocStable = new Map<KObject, number>();
  private setupAlloc = 0;
  private clockAlloc = 0;
  globals: KObject | null = null;

  constructor(readonly ids: StableIds) {}

  /** Forgets the previous execution. */
  reset(): void {
    this.epoch = ++lastEpoch;
    // New Maps, not clear(): a cleared Map links to its successor (DESIGN.md, "Performance notes").
    this.objs = new Map();
    this.allocStable = new Map();
    this.setupAlloc = 0;
    this.clockAlloc = 0;
    this.globals = null;
  }

  /** Does this execution's record of `o` live on the object? Claims an object nobody has stamped yet. */
  private claims(o: KObject): boolean {
    if (o.xEpoch === this.epoch) return true;
    if (o.xEpoch !== 0) return false;
    o.xEpoch = this.epoch;
    o.xStable = -1;
    o.xRec = null;
    return true;
  }

  /** `obj` is the n-th allocation of thread `owner` (a stable id). */
  allocated(obj: KObject, owner: number, n: number): void {
    const id = this.ids.child(owner, n);
    if (this.claims(obj)) obj.xStable = id;
    else this.allocStable.set(obj, id);
  }

  /** `obj` was allocated by the setup or by the virtual clock. */
  allocatedBy(obj: KObject, clock: boolean): void {
    if (clock) this.allocated(obj, StableIds.CLOCK, ++this.clockAlloc);
    else this.allocated(obj, StableIds.SETUP, ++this.setupAlloc);
  }

  /** The name given to an allocated object (threads are). */
  nameOf(obj: KObject): number | undefined {
    if (obj.xEpoch === this.epoch) return obj.xStable >= 0 ? obj.xStable : undefined;
    return this.allocStable.get(obj);
  }

  obj(o: KObject): ObjRec {
    const mine = this.claims(o);
    if (mine) {
      if (o.xRec !== null) return o.xRec as ObjRec;
    } else {
      const r = this.objs.get(o);
      if (r !== undefined) return r;
    }
    let base: ObjRec | null = null;
    let stable: number;
    if (o.container !== null) {
      base = this.obj(baseObject(o));
      stable = this.ids.embed(base.stable, o instanceof Embedded ? o.field : '?');
    } else if (o === this.globals) stable = StableIds.GLOBALS;
    else stable = (mine ? (o.xStable >= 0 ? o.xStable : undefined) : this.allocStable.get(o)) ?? StableIds.UNTRACKED;
    const r: ObjRec = { stable, base, own: [], locs: [], freedAt: -1 };
    if (mine) o.xRec = r;
    else this.objs.set(o, r);
    return r;
  }

  /** The record of location (o, f), created on first use in this execution. */
  loc(o: KObject, f: string): LocRec {
    const r = this.obj(o);
    const own = r.own;
    for (let i = 0; i < own.length; i++) if ((own[i] as LocRec).f === f) return own[i] as LocRec;
    const b = r.base ?? r;
    const l: LocRec = {
      f,
      stable: this.ids.loc(r.stable, f),
      baseStable: b.stable,
      lastWrite: b.freedAt,
      lastAcq: -1,
      wAcq: -1,
      held: 0,
      rds: [],
      nrd: 0,
      reads: [],
      nr: 0,
      grp: [],
      ng: 0,
      seg: null,
      view: viewOf(o, f),
      vreads: [],
      nv: 0,
      lastChange: b.freedAt,
    };
    own.push(l);
    b.locs.push(l);
    return l;
  }
}
