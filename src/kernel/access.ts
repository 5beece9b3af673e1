// Models no kernel file: observation of every access kernel code makes to kernel objects' fields (a test mode).
//
// With an `AccessObserver` installed, every KObject (and the Machine) created from then on is a Proxy, and each read
// or write of one of its fields, or of a container created with it (an array, Map, Set or struct initialised in its
// constructor), is reported to the observer as (object, location, kind), in the terms a step uses: `obj` is the
// object a step names and `loc` its location (a field, or a location the class declares, see `Aliases`). Off (the
// default), nothing is wrapped: the only cost is one null test per KObject construction.
//
// What is not reported:
// - accesses while no task runs (set-up code outside a driver, outcome functions, detectors, the explorer);
// - the substrate's bookkeeping (KObject's identity and lifetime fields, a task's driver state, the machine's counters;
//   each class lists its own in `$bookkeeping`) and accessors/methods (only a field's own data property counts);
// - thread-local accesses: an object is local to the task that allocated it until it is published (stored into a
//   field or container of a shared object) or another task touches it, and a `Task` declares the fields only the task
//   itself uses (`$ownFields`). Objects created while no task runs are shared from the start.
import { peekCurrent } from './current.ts';
import { setObjectObserver, type KObject } from './object.ts';
import type { Lock } from './lock.ts';
import type { Loc } from './step.ts';
import type { Task } from './task.ts';

export type AccessKind = 'read' | 'write';

/** Receives every shared access to an observed object's kernel state (`src/kernel/audit.ts`; issue 15's fingerprints). */
export interface AccessObserver {
  /**
   * `task` (the running task) reads or writes location `loc` of `obj` (the object a step would name: `machine.globals`
   * for the machine's kernel fields). Called before a write takes effect, after a read's value is known.
   */
  access(task: Task, obj: KObject, loc: string, kind: AccessKind): void;
}

/**
 * Location names for a class's accesses: a field (or `field.sub` of a struct initialised with the object) maps to the
 * location its steps name, e.g. a wait queue's `entries` to `task_list`, a pipe's `bufs` to `head_tail`; a function
 * maps an array slot (its index) to a location, e.g. `fd_array` slot 3 to `fd[3]`. Unlisted paths are their own
 * location. A class declares the extra names in `$locations` (typed: step locations are `Loc<O>`).
 */
export type Aliases<O> = { readonly [path: string]: Loc<O> | ((index: string) => Loc<O>) | Via<O> };

/**
 * A field that is part of a location of another object: an epitem's `rdllink` is a link of its ep's `rdllist`. `on`
 * gets the object and the value read or stored; it returns null when the access is to private state (a link of a
 * scan's private txlist).
 */
export interface Via<O> {
  readonly on: (o: O, value: unknown) => KObject | null;
  readonly loc: string | ((t: Task) => string);
}

/**
 * `via((epi) => epi.ep, 'rdllist')`: the field is accessed as location `loc` of the object `on` returns (`loc` may
 * depend on the running task's variant).
 */
export function via<O, T extends KObject>(
  on: (o: O, value: unknown) => T | null,
  loc: Loc<T> | ((t: Task) => Loc<T>),
): Via<O> {
  return { on, loc };
}

/**
 * The lock that every access to a location holds (the kernel's "protected by" comments), e.g. a pipe's `readers` and
 * `writers` are only changed under `pipe->mutex`. The audit (`src/kernel/audit.ts`) accepts an access to such a
 * location without a step of its own while the task holds the lock, as long as no conflicting access is made without
 * the lock: the lock's own steps then order every pair of conflicting accesses.
 */
export type LockedBy<O> = { readonly [loc: string]: (o: O, t: Task) => Lock };

/** What a class may declare, as static members, for the observation. */
export interface ClassDecl {
  readonly $aliases?: Aliases<never>;
  readonly $bookkeeping?: readonly string[];
  readonly $ownFields?: readonly string[];
  readonly $lockedBy?: LockedBy<never>;
}

/** The observation declarations of an object's class. */
export function classDecl(o: object): ClassDecl {
  return (o.constructor ?? {}) as ClassDecl;
}

/**
 * Declares `o` thread-local again: its last reference is gone and only the current task can reach it (a dentry being
 * killed by its last dput). No cost when the observation is off.
 */
export function declareLocal(o: KObject): void {
  if (observer === null) return;
  const meta = metas.get(o);
  const t = peekCurrent();
  if (meta !== undefined && t !== null) meta.owner.task = t;
}

/** KObject's own fields: identity, slab placement, lifetime and the explorer's records. Never kernel state. */
const KOBJECT_BOOKKEEPING = new Set([
  'id',
  'slot',
  'cache',
  'container',
  'freed',
  'recycledBy',
  'allocStack',
  'allocThread',
  'freeStack',
  'freeThread',
  'rcuDeferred',
  'xEpoch',
  'xStable',
  'xRec',
]);

/** A wrapped object: a KObject (or the Machine) itself, or a container reached from one of its fields. */
interface Meta {
  readonly target: object;
  /** The object steps name (the KObject's proxy; `machine.globals` for the machine). */
  readonly root: () => KObject;
  /** '' for the object itself, else the field path of the container (`fd_array`, `cb_in`). */
  readonly path: string;
  readonly decl: ClassDecl;
  /** The state of the object the container belongs to (shared with its containers). */
  readonly owner: { task: Task | null; readonly creator: Task | null; readonly self: object };
  /** A container taken out of its field (`list = epi.pwqlist; epi.pwqlist = []`): no longer the object's state. */
  detached: boolean;
}

let observer: AccessObserver | null = null;
const metas = new WeakMap<object, Meta>();
/** The wrapper of each wrapped raw object, so that one object is always seen through one proxy. */
const wrappers = new WeakMap<object, object>();

/**
 * Installs (or, with null, removes) the access observer. Objects created while one is installed are observed for as
 * long as they live; install it before booting the machine.
 */
export function setAccessObserver(o: AccessObserver | null): void {
  observer = o;
  setObjectObserver(o === null ? null : (obj) => wrapRoot(obj, null));
}

/** Wraps a Machine (its kernel fields are named on `machine.globals`); identity when no observer is installed. */
export function observeMachine<M extends { readonly globals: KObject }>(m: M): M {
  if (observer === null) return m;
  return wrapRoot(m, () => m.globals);
}

/** Wraps a KObject (`root` null: steps name the object itself) or the Machine. */
function wrapRoot<T extends object>(target: T, root: (() => KObject) | null): T {
  const owner = { task: peekCurrent(), creator: peekCurrent(), self: target as object };
  const meta: Meta = {
    target,
    root: root ?? (() => p as unknown as KObject),
    path: '',
    decl: classDecl(target),
    owner,
    detached: false,
  };
  const p = new Proxy(target, handler as ProxyHandler<T>);
  metas.set(p, meta);
  wrappers.set(target, p);
  // A Machine's fields exist before it is wrapped: adopt its containers now.
  const rec = target as Record<string, unknown>;
  for (const k of Object.keys(target)) rec[k] = adopt(meta, k, rec[k], true);
  owner.self = p;
  return p;
}

function wrappable(v: unknown): v is object {
  if (typeof v !== 'object' || v === null || metas.has(v) || ArrayBuffer.isView(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto !== Promise.prototype;
}

/** An array, Map, Set or plain object (an object literal). */
function container(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null || Array.isArray(v) || v instanceof Map || v instanceof Set;
}

/** Wraps a container stored in a field while its object is being initialised (the container is the object's own). */
function adopt(meta: Meta, key: string, v: unknown, init: boolean): unknown {
  if (!init || !wrappable(v) || (meta.path === '' && bookkeeping(meta.decl, key))) return v;
  // A struct embedded in the object (a class instance in a field) is its state; one met deeper down (a wait entry
  // in a poll table's list) is an object of its own, which the observation does not follow.
  if (meta.path !== '' && !container(v)) return v;
  // Elements of a list or set are objects of their own (an eppoll_entry on an epitem's pwqlist), not wrapped: their
  // identity must stay the one other references hold.
  if (Array.isArray(meta.target)) return v;
  const known = wrappers.get(v);
  if (known !== undefined) return known;
  const path = meta.path === '' ? key : `${meta.path}.${key}`;
  const child: Meta = { target: v, root: meta.root, path, decl: meta.decl, owner: meta.owner, detached: false };
  const p = new Proxy(v, v instanceof Map || v instanceof Set ? collectionHandler : handler);
  metas.set(p, child);
  wrappers.set(v, p);
  if (!(v instanceof Map || v instanceof Set)) {
    const rec = v as Record<string, unknown>;
    for (const k of Object.keys(v)) rec[k] = adopt(child, k, rec[k], true);
  }
  return p;
}

function bookkeeping(decl: ClassDecl, key: string): boolean {
  return KOBJECT_BOOKKEEPING.has(key) || decl.$bookkeeping?.includes(key) === true;
}

/** The location of an access to `key` of the wrapped object, or null when it is not kernel state. */
function location(meta: Meta, key: string | symbol): string | Via<never> | null {
  if (typeof key === 'symbol' || meta.detached) return null;
  const { decl, path } = meta;
  if (path === '') {
    if (bookkeeping(decl, key)) return null;
    if (!Object.prototype.hasOwnProperty.call(meta.target, key)) return null;
    return named(decl, key, null);
  }
  if (Array.isArray(meta.target)) return named(decl, path, /^\d+$/.test(key) ? key : null);
  return named(decl, `${path}.${key}`, null);
}

function named(decl: ClassDecl, path: string, index: string | null): string | Via<never> {
  const a = decl.$aliases?.[path];
  if (a === undefined) return path;
  if (typeof a === 'function') return index === null ? path : a(index as never);
  return a;
}

/** Set while the observer runs: what it reads (labels for its messages) is not kernel code's access. */
let reporting = false;

/** Reports the access unless it is thread-local; a task touching another task's local object publishes it. */
function report(meta: Meta, loc: string | Via<never>, kind: AccessKind, value?: unknown): void {
  const t = peekCurrent();
  if (t === null || observer === null || reporting) return;
  const owner = meta.owner;
  if (owner.task !== null) {
    if (owner.task === t) return;
    publish(owner.self);
  }
  if (
    typeof loc === 'string' &&
    (owner.self === t || owner.creator === t) &&
    meta.decl.$ownFields?.includes(loc) === true
  )
    return;
  reporting = true;
  try {
    if (typeof loc === 'string') observer.access(t, meta.root(), loc, kind);
    else {
      const on = loc.on(meta.root() as never, value);
      if (on !== null) observer.access(t, on, typeof loc.loc === 'string' ? loc.loc : loc.loc(t), kind);
    }
  } finally {
    reporting = false;
  }
}

/** Marks a local object shared, with every local object it reaches (its fields, containers and their elements). */
function publish(v: unknown): void {
  const stack: unknown[] = [v];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const x = stack.pop();
    if (typeof x !== 'object' || x === null || seen.has(x)) continue;
    seen.add(x);
    const meta = metas.get(x);
    if (meta === undefined) continue;
    if (meta.path === '') {
      if (meta.owner.task === null) continue;
      meta.owner.task = null;
    }
    const raw = meta.target;
    if (raw instanceof Map) for (const [k, val] of raw) stack.push(k, val);
    else if (raw instanceof Set) for (const val of raw) stack.push(val);
    else for (const k of Object.keys(raw)) stack.push((raw as Record<string, unknown>)[k]);
  }
}

/** A container replaced in its field stops being the object's state. */
function detach(meta: Meta, key: string, old: unknown): void {
  if (typeof old !== 'object' || old === null) return;
  const m = metas.get(old);
  if (m !== undefined && m.owner === meta.owner && m.path === key) m.detached = true;
}

/** A store of `v` into a shared object publishes `v`. */
function stored(meta: Meta, v: unknown): void {
  if (meta.owner.task === null && typeof v === 'object' && v !== null) publish(v);
}

const handler: ProxyHandler<object> = {
  get(target, key, receiver) {
    const v: unknown = Reflect.get(target, key, receiver);
    const meta = metas.get(receiver as object);
    if (meta !== undefined && typeof v !== 'function') {
      const loc = location(meta, key);
      if (loc !== null) report(meta, loc, 'read', v);
    }
    return v;
  },
  set(target, key, v, receiver) {
    const meta = metas.get(receiver as object);
    if (meta === undefined) return Reflect.set(target, key, v, receiver);
    const loc = location(meta, key);
    if (loc !== null) report(meta, loc, 'write', v);
    if (meta.path !== '' || !bookkeeping(meta.decl, String(key))) stored(meta, v);
    if (meta.path === '' && typeof key === 'string') detach(meta, key, Reflect.get(target, key) as unknown);
    const init = meta.owner.task !== null && typeof key === 'string';
    const val = adopt(meta, String(key), v, init);
    // A data property is stored on the raw object (with the proxy as receiver, the store would come back through
    // `defineProperty` and adopt the value as at initialisation); an accessor runs with the proxy as `this`.
    const d = Reflect.getOwnPropertyDescriptor(target, key);
    if (d !== undefined && d.set !== undefined) return Reflect.set(target, key, val, receiver);
    return Reflect.set(target, key, val);
  },
  defineProperty(target, key, desc) {
    // Class field initialisers: the object is being constructed, its containers are its own.
    const meta = metas.get(wrappers.get(target) ?? target);
    if (meta !== undefined && typeof key === 'string' && 'value' in desc) {
      return Reflect.defineProperty(target, key, { ...desc, value: adopt(meta, key, desc.value, true) });
    }
    return Reflect.defineProperty(target, key, desc);
  },
  deleteProperty(target, key) {
    const meta = metas.get(wrappers.get(target) ?? target);
    const loc = meta === undefined ? null : location(meta, key);
    if (meta !== undefined && loc !== null) report(meta, loc, 'write');
    return Reflect.deleteProperty(target, key);
  },
};

const READ_METHODS = new Set(['get', 'has', 'keys', 'values', 'entries', 'forEach']);

/** Maps and Sets: their methods work on internal slots, so the proxy hands out methods bound to the raw collection. */
const collectionHandler: ProxyHandler<Map<unknown, unknown> | Set<unknown>> = {
  get(target, key, receiver) {
    const meta = metas.get(receiver as object) as Meta;
    if (meta.detached) {
      const raw: unknown = Reflect.get(target, key, target);
      return typeof raw === 'function' ? (raw as (...a: unknown[]) => unknown).bind(target) : raw;
    }
    if (key === 'size') {
      report(meta, named(meta.decl, meta.path, null), 'read');
      return target.size;
    }
    const v: unknown = Reflect.get(target, key, target);
    if (typeof v !== 'function') return v;
    const fn = v as (...a: unknown[]) => unknown;
    const kind: AccessKind = READ_METHODS.has(String(key)) || key === Symbol.iterator ? 'read' : 'write';
    return (...args: unknown[]): unknown => {
      report(meta, named(meta.decl, meta.path, null), kind);
      if (kind === 'write') for (const a of args) stored(meta, a);
      return fn.apply(target, args);
    };
  },
};
