// Explorer (stateful): stable object names — the n-th allocation of the setup, the clock or a named thread.
import { peekCurrent } from '../../kernel/current.ts';
import type { KObject } from '../../kernel/object.ts';
import { StableIds } from '../dpor/ids.ts';

/**
 * Names every object `machine.alloc` hands out by who allocated it: (owner, n), the owner being the setup, the
 * virtual clock or the allocating thread (itself named this way). A thread's allocations depend only on its own
 * history, so two interleavings that reach one state name its objects alike and no renaming pass is needed. The
 * name lives in `KObject.xStable` (the field DPOR uses for the same purpose; the two never run together).
 * Also keeps every allocation of the execution: the fingerprint covers objects nothing references any more (a leak).
 */
export class Names {
  private readonly ids = new StableIds();
  private counts = new Map<number, number>();
  readonly allocated: KObject[] = [];
  /** Allocations with no running thread: the setup's before `begin`, the clock's after. */
  private noThreadOwner: number = StableIds.SETUP;

  reset(): void {
    this.counts = new Map();
    this.allocated.length = 0;
    this.noThreadOwner = StableIds.SETUP;
  }

  /** The threads start: an allocation outside any thread is now the clock's (irq threads of expired timers). */
  running(): void {
    this.noThreadOwner = StableIds.CLOCK;
  }

  readonly onAlloc = (obj: KObject): void => {
    const t = peekCurrent();
    const owner = t !== null && t.xStable >= 0 ? t.xStable : this.noThreadOwner;
    const n = this.counts.get(owner) ?? 0;
    this.counts.set(owner, n + 1);
    obj.xStable = this.ids.child(owner, n);
    this.allocated.push(obj);
  };
}
