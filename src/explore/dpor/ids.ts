// Explorer: interleaving-independent identities of threads, objects and locations, stable across executions.

/**
 * Objects are named by who allocated them: (owner, n) = the n-th allocation of the owner, where the owner is the
 * allocating thread (itself named this way), the setup or the virtual clock. A thread's allocations do not depend on
 * how it is interleaved with independent threads, so equivalent executions give an object the same identity (as
 * Nidhugg's symbolic addresses). Embedded objects are (container, field); locations are (object, field).
 */
export class StableIds {
  static readonly SETUP = 0;
  static readonly CLOCK = 1;
  static readonly GLOBALS = 2;
  /** Objects that were never allocated through `machine.alloc`: they share one identity (over-approximate). */
  static readonly UNTRACKED = 3;
  private nextObj = 4;
  private nextLoc = 0;
  private readonly children: (number[] | undefined)[] = [];
  private readonly embedded: (Map<string, number> | undefined)[] = [];
  private readonly locs: (Map<string, number> | undefined)[] = [];

  /** The n-th object allocated by `owner`. */
  child(owner: number, n: number): number {
    let a = this.children[owner];
    if (a === undefined) {
      a = [];
      this.children[owner] = a;
    }
    let id = a[n];
    if (id === undefined) {
      id = this.nextObj++;
      a[n] = id;
    }
    return id;
  }

  /** The object embedded in `container` as `field`. */
  embed(container: number, field: string): number {
    let m = this.embedded[container];
    if (m === undefined) {
      m = new Map();
      this.embedded[container] = m;
    }
    let id = m.get(field);
    if (id === undefined) {
      id = this.nextObj++;
      m.set(field, id);
    }
    return id;
  }

  /** The location `field` of object `obj`. */
  loc(obj: number, field: string): number {
    let m = this.locs[obj];
    if (m === undefined) {
      m = new Map();
      this.locs[obj] = m;
    }
    let id = m.get(field);
    if (id === undefined) {
      id = this.nextLoc++;
      m.set(field, id);
    }
    return id;
  }
}
