// Models no single kernel file: the step protocol every modelled kernel function yields before touching shared state.
import { current } from './current.ts';
import type { KObject } from './object.ts';

/**
 * What a step does to shared kernel state.
 * - `read` / `write`: a plain load or store of one field.
 * - `rmw`: an atomic read-modify-write (atomic_long_inc, cmpxchg, ...).
 * - `acquire` / `release`: a lock operation; `acquire` is enabled only while the lock is free.
 * - `sleep`: schedule(); enabled only once the task's state is back to TASK_RUNNING.
 * - `free`: the object is returned to its cache.
 */
export type StepKind = 'read' | 'write' | 'rmw' | 'acquire' | 'release' | 'sleep' | 'free';

/**
 * One shared-state access, yielded before it happens. The access must happen when the thread resumes, before it
 * yields its next step, and touch the field the step names: otherwise DPOR orders the wrong event (DESIGN.md, "What
 * kernel code must do for DPOR to be correct").
 */
export interface Step {
  readonly k: StepKind;
  /** The object accessed (for locks: the lock; for sleep: the task). */
  readonly o: KObject;
  /** The field, lock or list name. */
  readonly f: string;
  /**
   * Set for accesses made under rcu_read_lock(): legal on a freed slot of a SLAB_TYPESAFE_BY_RCU cache and on an
   * object freed by kfree_rcu.
   */
  readonly rcu?: boolean;
  /**
   * Set on an `acquire` that runs even while the lock is held: mutex_lock's fast-path cmpxchg of the owner word. When
   * the lock is held the code queues as a waiter and then waits with a plain `acquire`. DPOR treats it as an `rmw`
   * of the lock (an always-enabled write), so it races with the holder's acquire and release like any other write.
   */
  readonly try?: boolean;
  /**
   * Set on the `acquire` and `release` of an rwlock's read side (read_lock/read_unlock): readers hold the lock
   * together and exclude only a writer; a writer's plain `acquire` waits for every reader. DPOR keeps two read
   * acquisitions dependent (sound, less reduced).
   */
  readonly shared?: boolean;
  /**
   * Set on an `rmw` of a reference count whose effect and whose caller's next moves depend on the count only through
   * whether it is at least `Counting.from`: such steps commute with one another while the count stays there, and DPOR
   * does not order them (see `Counting`).
   */
  readonly ctr?: Counting;
  /**
   * Set on a `read` whose caller depends only on the location's _view_: the function its object's class declares for
   * the location in `$views` (as `ep_events_available` uses only whether the ready list is empty). DPOR then orders
   * the read after the last write that changed the view, not after the last write (see `Views`).
   */
  readonly view?: true;
}

/**
 * What a class declares for reads made with `Step.view`: per location, a function of the object giving the part of
 * the location such a read's caller uses (a boolean, a number: compared with `Object.is`). The function must read only
 * fields of that location, so that only steps naming the location change its value. DESIGN.md, "Views".
 */
export type Views<O> = { readonly [L in Loc<O>]?: (o: O) => unknown };

/** The view `o`'s class declares for location `f` (its static `$views`), or null. */
export function viewOf(o: KObject, f: string): ((o: KObject) => unknown) | null {
  const views = (o.constructor as { $views?: Record<string, ((o: KObject) => unknown) | undefined> }).$views;
  return views?.[f] ?? null;
}

/**
 * What a counting step declares: from `from` up it adds `delta` and its caller then does the same thing whatever the
 * count was; below `from` anything may happen (a last put, an increment on zero). A contract on the kernel code that
 * the explorer checks where it can (the count after a step taken at `from` or above is the count before plus
 * `delta`); DESIGN.md, "Counting steps".
 */
export interface Counting {
  readonly delta: number;
  readonly from: number;
  /** The count the step finds, or null outside the counting regime (a dead or freed file): then an ordinary rmw. */
  count(o: KObject): number | null;
}

/** A modelled kernel function: a generator yielding steps and returning the C function's result. */
export type Gen<T = void> = Generator<Step, T, void>;

/**
 * The locations a step may name on an object of type `O`: its own fields (not the substrate's bookkeeping that every
 * `KObject` has), or a location the type declares in its `$locations` member: an array slot (`fd[3]`), a field of an
 * embedded struct (`cb_in.active`), one name for several fields (a pipe's `head_tail`), or a list by its kernel name
 * (a wait queue's `task_list`). `src/kernel/access.ts` maps each declared name to the fields it stands for.
 * A typo or a field the type does not have fails the typecheck (test/kernel/step-locations.typecheck.ts).
 */
export type Loc<O> =
  | (Exclude<keyof O, keyof KObject | '$locations'> & string)
  | (O extends { readonly $locations?: infer L } ? L & string : never);

export const rd = <O extends KObject>(o: O, f: Loc<O>): Step => ({ k: 'read', o, f });
export const wr = <O extends KObject>(o: O, f: Loc<O>): Step => ({ k: 'write', o, f });
export const rmw = <O extends KObject>(o: O, f: Loc<O>): Step => ({ k: 'rmw', o, f });
/** An atomic access made under rcu_read_lock() to an object whose slot may already have been freed or recycled. */
export const rcuRmw = <O extends KObject>(o: O, f: Loc<O>): Step => ({ k: 'rmw', o, f, rcu: true });
/** A counting `rmw` (`Step.ctr`), under rcu_read_lock() when `rcu` (as `rcuRmw`). */
export const countRmw = <O extends KObject>(o: O, f: Loc<O>, c: Counting, rcu = false): Step =>
  rcu ? { k: 'rmw', o, f, rcu: true, ctr: c } : { k: 'rmw', o, f, ctr: c };
/** A `read` whose caller uses only the location's declared view (`Step.view`, the class's `$views`). */
export const rdView = <O extends KObject>(o: O, f: Loc<O>): Step => ({ k: 'read', o, f, view: true });
/**
 * What a view read (`rdView`, just made) returns to its caller: the location's view now, unless the explorer placed
 * the read elsewhere (`Task.viewValue`: DPOR's value branches, DESIGN.md "Value branches"), then the view there.
 */
export function viewRead<O extends KObject>(o: O, f: Loc<O>): unknown {
  const t = current();
  const v = t.viewValue;
  if (v !== NO_VIEW) {
    t.viewValue = NO_VIEW;
    return v;
  }
  return (viewOf(o, f) as (o: KObject) => unknown)(o);
}

/** `Task.viewValue` when no value is placed. */
export const NO_VIEW: unique symbol = Symbol('no view value');

export const rcuRd = <O extends KObject>(o: O, f: Loc<O>): Step => ({ k: 'read', o, f, rcu: true });
export const rcuWr = <O extends KObject>(o: O, f: Loc<O>): Step => ({ k: 'write', o, f, rcu: true });
