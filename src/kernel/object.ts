// Models mm/slab_common.c as far as lifetimes go: caches, slots, kmem_cache_free and SLAB_TYPESAFE_BY_RCU reuse.

/** Wraps each new KObject for the access observation (src/kernel/access.ts); null (no cost) otherwise. */
let objectObserver: ((o: KObject) => KObject) | null = null;

export function setObjectObserver(fn: ((o: KObject) => KObject) | null): void {
  objectObserver = fn;
}

/** A kernel object whose lifetime the substrate tracks. */
export class KObject {
  /** Unique within one kernel, in allocation order. */
  declare id: number;
  /** Slot index inside its cache; a freed slot can be handed to a new object of the same cache. */
  declare slot: number;
  declare cache: KmemCache | null;
  /** For an embedded object (a lock or wait queue inside a struct): the struct whose lifetime it shares. */
  declare container: KObject | null;
  declare freed: boolean;
  /** The object that was later allocated in this object's slot, if any. */
  declare recycledBy: KObject | null;
  declare allocStack: readonly string[];
  declare allocThread: string;
  declare freeStack: readonly string[] | null;
  declare freeThread: string;
  /** Freed by kfree_rcu: RCU readers (steps marked `rcu`) may still read it. */
  declare rcuDeferred: boolean;
  /**
   * Instrumentation, not kernel state: the explorer's per-execution record of the object (src/explore/dpor/
   * locations.ts), valid while `xEpoch` is that execution's epoch — a field instead of a Map lookup on every step.
   */
  declare xEpoch: number;
  declare xStable: number;
  declare xRec: unknown;
  constructor() {
    // Plain assignments, not field initialisers: class fields are defined through a store that goes megamorphic
    // across the many KObject subclasses, making every allocation about 10x slower (the explorer re-creates every
    // object once per execution).
    this.id = 0;
    this.slot = 0;
    this.cache = null;
    this.container = null;
    this.freed = false;
    this.rcuDeferred = false;
    this.recycledBy = null;
    this.allocStack = [];
    this.allocThread = '';
    this.freeStack = null;
    this.freeThread = '';
    this.xEpoch = 0;
    this.xStable = -1;
    this.xRec = null;
    // The access audit's proxy (src/kernel/access.ts): subclasses initialise their fields through it.
    if (objectObserver !== null) return objectObserver(this);
  }
  /** Short type name used in reports (`struct file`, `struct eventpoll`, ...). */
  get kind(): string {
    return this.cache?.name ?? 'object';
  }
  /** Human label such as `file#3` used in traces and reports. */
  get label(): string {
    return `${this.cache?.short ?? 'obj'}#${this.id}`;
  }
}

/** A lock, wait queue or list head embedded in another object; it is freed when its container is. */
export class Embedded extends KObject {
  constructor(
    container: KObject,
    readonly field: string,
  ) {
    super();
    this.container = container;
  }
  override get kind(): string {
    return this.container?.kind ?? 'object';
  }
  override get label(): string {
    return `${this.container?.label ?? '?'}.${this.field}`;
  }
}

/** The object whose allocation an access really touches (the container for embedded objects). */
export function baseObject(o: KObject): KObject {
  return o.container ?? o;
}

/** A slab cache. `typesafeByRcu` caches (the filp cache since 6.7) may hand a freed slot to a new object at once. */
export class KmemCache {
  private readonly freeSlots: number[] = [];
  /** The object in each slot (dense slot indices: an array, not a Map). */
  private readonly occupant: KObject[] = [];
  private nextSlot = 0;
  constructor(
    readonly name: string,
    readonly short: string,
    readonly typesafeByRcu: boolean,
  ) {}
  /** Picks a slot (LIFO reuse, as SLUB does) and records the previous occupant's recycling. */
  place(obj: KObject): void {
    const reused = this.freeSlots.pop();
    const slot = reused ?? this.nextSlot++;
    if (reused !== undefined) {
      const prev = this.occupant[slot];
      if (prev !== undefined) prev.recycledBy = obj;
    }
    obj.slot = slot;
    obj.cache = this;
    this.occupant[slot] = obj;
  }
  release(obj: KObject): void {
    this.freeSlots.push(obj.slot);
  }
}
