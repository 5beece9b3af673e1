// Models mm/slub.c's free path: kfree / kmem_cache_free as a step, so a later access is a use-after-free.
import { current } from './current.ts';
import type { KObject } from './object.ts';
import type { Gen } from './step.ts';

export function* kfree(o: KObject): Gen {
  yield { k: 'free', o, f: '*' };
  current().machine.free(o);
}
