// Models fs/dcache.c and fs/inode.c: dget, dput (d_release on the last put of an unhashed dentry), iput.
import { kfn } from './kfn.ts';
import { kfree } from './slab.ts';
import { countRmw, wr, type Counting, type Gen } from './step.ts';
import type { Dentry } from './vfs.ts';

/** d_count's counting steps (`Step.ctr`): dget adds one whatever the count; a dput from 2 up is not the last. */
const dCount = (o: object): number | null => ((o as Dentry).freed ? null : (o as Dentry).d_count);
const D_INC: Counting = { delta: 1, from: Number.NEGATIVE_INFINITY, count: dCount };
const D_DEC: Counting = { delta: -1, from: 2, count: dCount };

export function* dget(d: Dentry): Gen<Dentry> {
  yield countRmw(d, 'd_count', D_INC);
  d.d_count++;
  return d;
}

/** dput: the last reference of a pseudo file's private dentry runs d_op->d_release and frees dentry and inode. */
export const dput = kfn('dput', function* (d: Dentry): Gen {
  yield countRmw(d, 'd_count', D_DEC);
  if (--d.d_count > 0) return;
  if (d.d_op?.d_release !== undefined) yield* d.d_op.d_release(d);
  // dentry_unlink_inode: a store of its own (a second, buggy, final dput races with it: v6.8's double __fput).
  yield wr(d, 'd_inode');
  const inode = d.d_inode;
  d.d_inode = null;
  if (inode !== null && inode.id !== 0) yield* kfree(inode);
  yield* kfree(d);
});
