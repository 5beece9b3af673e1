// Models fs/dcache.c and fs/inode.c: dget, dput (d_release on the last put of an unhashed dentry), iput.
import { kfn } from './kfn.ts';
import { kfree } from './slab.ts';
import { rmw, wr, type Gen } from './step.ts';
import type { Dentry } from './vfs.ts';

export function* dget(d: Dentry): Gen<Dentry> {
  yield rmw(d, 'd_count');
  d.d_count++;
  return d;
}

/** dput: the last reference of a pseudo file's private dentry runs d_op->d_release and frees dentry and inode. */
export const dput = kfn('dput', function* (d: Dentry): Gen {
  yield rmw(d, 'd_count');
  if (--d.d_count > 0) return;
  if (d.d_op?.d_release !== undefined) yield* d.d_op.d_release(d);
  // dentry_unlink_inode: a store of its own (a second, buggy, final dput races with it: v6.8's double __fput).
  yield wr(d, 'd_inode');
  const inode = d.d_inode;
  d.d_inode = null;
  if (inode !== null && inode.id !== 0) yield* kfree(inode);
  yield* kfree(d);
});
