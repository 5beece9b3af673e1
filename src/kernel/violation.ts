// Models lib/refcount.c's and mm/kasan's reports: the typed bug reports the detectors raise.
import type { KObject } from './object.ts';

/** Every detector's kind, as named in the explorer's reports. */
export type ViolationKind =
  | 'use-after-free'
  | 'refcount-addition-on-0'
  | 'refcount-underflow'
  | 'double-fput'
  | 'bug-on'
  | 'deadlock'
  | 'lock-order'
  | 'hung-task'
  | 'leak'
  /** Observation, not a bug: ep_item_poll reported events of a file whose last reference was already gone (f_count 0). */
  | 'event-from-dying-file'
  /** Observation, not a bug: ep_item_poll skipped a registered file because its count was 0 (the pin failed). */
  | 'event-dropped-dying-file';

/** A detector's finding: what, where (thread, step index, model stack) and on which object. */
export interface Violation {
  readonly kind: ViolationKind;
  /** One-line summary, e.g. `f_count: addition on 0; use-after-free`. */
  readonly title: string;
  readonly thread: string;
  /**
   * When it fired: the machine's step count from boot; the explorer's results (check, replay, the report) renumber
   * it as the event index of the execution (the trace's `pos`).
   */
  readonly step: number;
  readonly stack: readonly string[];
  readonly object: string;
  readonly objectKind: string;
  /** Fatal violations (memory safety, BUG_ON, deadlock) end the execution. */
  readonly fatal: boolean;
  readonly allocated?: { readonly thread: string; readonly stack: readonly string[] };
  readonly freed?: { readonly thread: string; readonly stack: readonly string[] };
  /** For use-after-free: the object now occupying the slot, when the slot was recycled. */
  readonly recycledBy?: string;
  /** The object's cache is SLAB_TYPESAFE_BY_RCU (struct file): a real KASAN does not flag accesses to its freed slots. */
  readonly typesafeByRcu?: boolean;
}

/** Thrown inside kernel code when a fatal violation stops the machine (kernel BUG / KASAN panic). */
const HALT_BRAND = Symbol.for('epoll-lab/KernelHalt');

export class KernelHalt {
  readonly [HALT_BRAND] = true;
  constructor(readonly violation: Violation) {}
  static is(e: unknown): e is KernelHalt {
    return typeof e === 'object' && e !== null && HALT_BRAND in e;
  }
}

/** Describes an object for a violation record. */
export function objectFields(o: KObject): Pick<Violation, 'object' | 'objectKind' | 'typesafeByRcu'> {
  return o.cache?.typesafeByRcu === true
    ? { object: o.label, objectKind: o.kind, typesafeByRcu: true }
    : { object: o.label, objectKind: o.kind };
}
