// Models fs/namespace.c: mntget/mntput, kern_mount of pseudo filesystems, mounting tmpfs, do_umount and MNT_DETACH.
import { get_fs_type } from './filesystems.ts';
import { current } from './current.ts';
import { ERRNO } from './errno.ts';
import { kfn } from './kfn.ts';
import { mutex_lock, mutex_unlock } from './lock.ts';
import type { Machine } from './machine.ts';
import { kfree } from './slab.ts';
import type { CallbackHead } from './task.ts';
import { task_work_add } from './task_work.ts';
import { countRmw, rd, rmw, wr, type Counting, type Gen } from './step.ts';
import { MNT_DETACH, MNT_EXPIRE, MNT_FORCE, UMOUNT_NOFOLLOW } from './uapi.ts';
import { Dentry, Inode, Mount, SB_NOUSER, SuperBlock, type Path } from './vfs.ts';

/** mnt_count's counting steps (`Step.ctr`): mntget adds one whatever the count; a put from 2 up is not the last. */
const mntCount = (o: object): number | null => ((o as Mount).freed ? null : (o as Mount).mnt_count);
const MNT_INC: Counting = { delta: 1, from: Number.NEGATIVE_INFINITY, count: mntCount };
const MNT_DEC: Counting = { delta: -1, from: 2, count: mntCount };

export function* mntget(mnt: Mount): Gen<Mount> {
  yield countRmw(mnt, 'mnt_count', MNT_INC);
  mnt.mnt_count++;
  return mnt;
}

/** mntput: a use of the mount, so it clears an MNT_EXPIRE mark; then mntput_no_expire. */
export const mntput = kfn('mntput', function* (mnt: Mount): Gen {
  yield* clear_expiry_mark(mnt);
  yield* mntput_no_expire(mnt);
});

/** Clears the MNT_EXPIRE mark of a mount being used. */
export function* clear_expiry_mark(mnt: Mount): Gen {
  yield rd(mnt, 'mnt_expiry_mark');
  if (!mnt.mnt_expiry_mark) return;
  yield wr(mnt, 'mnt_expiry_mark');
  mnt.mnt_expiry_mark = false;
}

/**
 * mntput_no_expire: the last reference of a detached mount queues cleanup_mnt (-> deactivate_super) as task_work of
 * the putting task, run at its return to user mode; a kthread or irq context (delayed_mntput_work in the kernel), or
 * a task past exit_task_work, runs it at once here.
 */
export const mntput_no_expire = kfn('mntput_no_expire', function* (mnt: Mount): Gen {
  yield countRmw(mnt, 'mnt_count', MNT_DEC);
  if (--mnt.mnt_count > 0) return;
  if (current().context === 'user' && (yield* task_work_add(new CleanupMntWork(mnt)))) return;
  yield* cleanup_mnt(mnt);
});

/** mnt->mnt_rcu as a callback_head: __cleanup_mnt. */
class CleanupMntWork implements CallbackHead {
  readonly name = '__cleanup_mnt';
  constructor(private readonly mnt: Mount) {}
  func(): Gen {
    return cleanup_mnt(this.mnt);
  }
}

const cleanup_mnt = kfn('cleanup_mnt', function* (mnt: Mount): Gen {
  const sb = mnt.mnt_sb;
  yield rmw(sb, 's_active');
  if (--sb.s_active === 0) sb.shutdown = true;
  yield* kfree(mnt);
});

/** A new superblock with its root directory; `flags` carries SB_NOUSER for pseudo filesystems. */
export function newSuper(m: Machine, type: string, flags: number): SuperBlock {
  const sb = m.alloc('super_block', new SuperBlock(type, flags));
  const inode = m.alloc('inode', new Inode(sb, 'dir'));
  inode.i_op = get_fs_type(type)?.root_inode_operations ?? null;
  sb.s_root = m.alloc('dentry', new Dentry('/', null, inode));
  m.superblocks.push(sb);
  return sb;
}

/** kern_mount: an internal mount of a pseudo filesystem (init_pseudo sets SB_NOUSER); never in a namespace. */
export function kern_mount(m: Machine, type: string): Mount {
  const sb = newSuper(m, type, SB_NOUSER);
  const mnt = m.alloc('mnt', new Mount(sb, sb.s_root as Dentry));
  m.pseudo.set(type, mnt);
  return mnt;
}

/** The internal mount of a pseudo filesystem (pipefs, sockfs, anon_inodefs, dmabuf), created on first use. */
export function pseudoMount(m: Machine, type: string): Mount {
  return m.pseudo.get(type) ?? kern_mount(m, type);
}

/** lookup_mnt without its reference: the topmost mount stacked on `(mnt, dentry)`, read at a `mnt_mounts` step. */
export function* lookup_mnt(mnt: Mount, dentry: Dentry): Gen<Mount | null> {
  yield rd(mnt, 'mnt_mounts');
  let top: Mount | null = null;
  for (const child of mnt.mnt_mounts) if (child.mnt_mountpoint === dentry) top = child;
  return top;
}

/**
 * lock_mount: take namespace_sem, then step onto whatever was stacked on the mountpoint since the caller's lookup, so
 * the new mount goes on top. Returns the (mount, dentry) to attach on; the caller unlocks.
 */
function* lock_mount(path: Path): Gen<Path> {
  yield* mutex_lock(current().machine.namespace_sem);
  let cur = path;
  for (;;) {
    const top = yield* lookup_mnt(cur.mnt, cur.dentry);
    if (top === null) return cur;
    cur = { mnt: top, dentry: top.mnt_root };
  }
}

/** graft_tree: attach `mnt` on `(parent, mountpoint)`; SB_NOUSER superblocks are refused with EINVAL. */
export const graft_tree = kfn('graft_tree', function* (mnt: Mount, parent: Mount, mountpoint: Dentry): Gen<number> {
  if ((mnt.mnt_sb.s_flags & SB_NOUSER) !== 0) return -ERRNO.EINVAL;
  yield wr(parent, 'mnt_mounts');
  mnt.mnt_parent = parent;
  mnt.mnt_mountpoint = mountpoint;
  mnt.attached = true;
  parent.mnt_mounts.push(mnt);
  return 0;
});

/**
 * do_add_mount under lock_mount: a parent no longer in the namespace (a lazy umount detached it after the caller's
 * lookup) is refused with EINVAL (check_mnt).
 */
const do_add_mount = kfn('do_add_mount', function* (mnt: Mount, at: Path): Gen<number> {
  yield rd(at.mnt, 'mnt_parent');
  if (!at.mnt.attached) return -ERRNO.EINVAL;
  return yield* graft_tree(mnt, at.mnt, at.dentry);
});

/**
 * A fresh tmpfs mounted on top of whatever is mounted on `path` (stacking is allowed). If it cannot be attached, its
 * only reference is dropped after the unlock, which shuts the new superblock down.
 */
export const do_new_mount = kfn('do_new_mount', function* (path: Path): Gen<number> {
  const m = current().machine;
  const sb = newSuper(m, 'tmpfs', 0);
  const newmnt = m.alloc('mnt', new Mount(sb, sb.s_root as Dentry));
  const at = yield* lock_mount(path);
  const ret = yield* do_add_mount(newmnt, at);
  yield* mutex_unlock(m.namespace_sem);
  if (ret < 0) yield* mntput_no_expire(newmnt);
  return ret;
});

/** umount_tree: take `mnt` and its submounts out of the namespace and drop the tree's references. */
function* umount_tree(mnt: Mount): Gen {
  yield rd(mnt, 'mnt_mounts');
  for (const child of [...mnt.mnt_mounts]) yield* umount_tree(child);
  const parent = mnt.mnt_parent;
  if (parent !== null) {
    yield wr(parent, 'mnt_mounts');
    parent.mnt_mounts.splice(parent.mnt_mounts.indexOf(mnt), 1);
  }
  yield wr(mnt, 'mnt_parent');
  mnt.attached = false;
  mnt.mnt_parent = null;
  yield* mntput(mnt);
}

/**
 * do_umount on a mount the caller looked up (its lookup holds one reference). Without MNT_DETACH it fails with
 * EBUSY when anything besides the tree and that lookup pins the mount (propagate_mount_busy(mnt, 2)) or when it has
 * submounts. MNT_DETACH always detaches; the superblock shuts down at the last mntput.
 */
export const do_umount = kfn('do_umount', function* (mnt: Mount, flags: number): Gen<number> {
  const m = current().machine;
  if ((flags & MNT_EXPIRE) !== 0) {
    // Only an unused mount expires: the first call marks it (EAGAIN), a second one with the mark still set unmounts.
    if ((flags & (MNT_FORCE | MNT_DETACH)) !== 0) return -ERRNO.EINVAL;
    yield rd(mnt, 'mnt_count');
    const count = mnt.mnt_count;
    yield rd(mnt, 'mnt_mounts');
    if (count !== 2 || mnt.mnt_mounts.length > 0) return -ERRNO.EBUSY;
    yield rmw(mnt, 'mnt_expiry_mark');
    const marked = mnt.mnt_expiry_mark;
    mnt.mnt_expiry_mark = true;
    if (!marked) return -ERRNO.EAGAIN;
  }
  yield* mutex_lock(m.namespace_sem);
  // Another umount may have taken the mount out since the caller's check: then there is nothing left to detach, and
  // the call still succeeds (umount_tree only while the mount is on its namespace's list).
  yield rd(mnt, 'mnt_parent');
  const attached = mnt.attached;
  let ret = 0;
  if ((flags & MNT_DETACH) !== 0) {
    if (attached) yield* umount_tree(mnt);
  } else {
    // Each value is read at its own step: read after a later step, it would be newer than DPOR believes.
    yield rd(mnt, 'mnt_count');
    const count = mnt.mnt_count;
    yield rd(mnt, 'mnt_mounts');
    if (count > 2 || mnt.mnt_mounts.length > 0) ret = -ERRNO.EBUSY;
    else if (attached) yield* umount_tree(mnt);
  }
  yield* mutex_unlock(m.namespace_sem);
  return ret;
});

/** Flags umount2 accepts. */
export const UMOUNT_VALID_FLAGS = MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW;
