// Models mm/slub.c's free path (kfree / kmem_cache_free as a step, so a later access is a use-after-free) and
// kernel/rcu's kfree_rcu.
import { current } from './current.ts';
import type { KObject } from './object.ts';
import type { Gen } from './step.ts';

export function* kfree(o: KObject): Gen {
  yield { k: 'free', o, f: '*' };
  current().machine.free(o);
}

/**
 * kfree_rcu: the object is gone for every ordinary access at once, but a reader inside rcu_read_lock() that found it
 * before may still read it until the grace period ends, which the model never ends (the slot is not reused).
 */
export function* kfree_rcu(o: KObject): Gen {
  yield { k: 'free', o, f: '*' };
  current().machine.free(o, true);
}
