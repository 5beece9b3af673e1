// Models fs/namei.c and fs/open.c: path walks from the sandbox root, open/creat, mkfifo, and the mount/umount syscalls.
import { current } from './current.ts';
import { dget, dput } from './dcache.ts';
import { ERRNO } from './errno.ts';
import { alloc_file, fput } from './file.ts';
import { fd_install, get_unused_fd_flags, put_unused_fd } from './fdtable.ts';
import { kfn } from './kfn.ts';
import type { Machine } from './machine.ts';
import { mutex_lock, mutex_unlock } from './lock.ts';
import {
  clear_expiry_mark,
  do_new_mount,
  do_umount,
  lookup_mnt,
  mntget,
  mntput,
  mntput_no_expire,
  UMOUNT_VALID_FLAGS,
} from './namespace.ts';
import { rd, wr, type Gen } from './step.ts';
import {
  O_ACCMODE,
  O_CLOEXEC,
  O_CREAT,
  O_DIRECTORY,
  O_EXCL,
  O_LARGEFILE,
  O_NOCTTY,
  O_PATH,
  O_RDONLY,
  O_RDWR,
  O_TRUNC,
  O_WRONLY,
} from './uapi.ts';
import {
  Dentry,
  FMODE_OPENED,
  FMODE_PATH,
  FMODE_READ,
  FMODE_WRITE,
  type FileOperations,
  type Inode,
  type Mount,
  type Path,
} from './vfs.ts';

/** The sandbox root every script path is relative to. It is a plain directory, not a mount root. */
export function sandboxRoot(m: Machine): Path {
  const root = m.rootMount.mnt_root;
  const sandbox = root.children.get('sandbox');
  if (sandbox === undefined) throw new Error('epoll-lab bug: no sandbox directory');
  return { mnt: m.rootMount, dentry: sandbox };
}

/**
 * follow_down: step onto the topmost mount stacked on this dentry, repeatedly. Each mount stepped onto is looked up
 * and referenced as lookup_mnt does (`held` gets the reference; path_put drops it), so a concurrent umount sees the
 * lookup as a user (EBUSY) or has already detached the mount. Linux's lookup_mnt retries under the mount_lock seqlock
 * instead of excluding umount; the model takes namespace_sem (its mount_lock) for the lookup, which allows the same
 * outcomes: a lookup overlapping a detach is retried after it.
 */
function* follow_mounts(p: Path, held: Mount[]): Gen<Path> {
  const m = current().machine;
  let cur = p;
  for (;;) {
    yield* mutex_lock(m.namespace_sem);
    const top = yield* lookup_mnt(cur.mnt, cur.dentry);
    if (top !== null) held.push(yield* mntget(top));
    yield* mutex_unlock(m.namespace_sem);
    if (top === null) return cur;
    cur = { mnt: top, dentry: top.mnt_root };
  }
}

/** path_put of a lookup: drop the references it took on the mounts it stepped onto. */
function* path_put(held: Mount[]): Gen {
  while (held.length > 0) yield* mntput_no_expire(held.pop() as Mount);
}

/** Runs a syscall body that looks paths up, then its path_put: the references its lookups took are dropped at the end. */
function* with_path<T>(body: (held: Mount[]) => Gen<T>): Gen<T> {
  const held: Mount[] = [];
  const ret = yield* body(held);
  yield* path_put(held);
  return ret;
}

/** include/uapi/linux/limits.h: the longest path getname accepts (with its NUL) and the longest component. */
export const PATH_MAX = 4096;
export const NAME_MAX = 255;

const utf8 = new TextEncoder();

/** The length in bytes of a name or path as the kernel sees it (scripts pass UTF-8). */
function bytes(s: string): number {
  return utf8.encode(s).length;
}

/**
 * getname: copying the path in from userspace fails with ENAMETOOLONG when it does not fit PATH_MAX with its NUL;
 * 0 when it fits. (An empty path is ENOENT, found by the walk.)
 */
function getname(path: string): number {
  return bytes(path) >= PATH_MAX ? -ERRNO.ENAMETOOLONG : 0;
}

/** A path split into components (`.` and `..` kept: their meaning depends on where they are). */
interface Components {
  readonly parts: readonly string[];
  /** A trailing `/`: the object must be a directory (LOOKUP_DIRECTORY). */
  readonly dir: boolean;
}

function components(path: string): Components | null {
  if (path === '') return null;
  return { parts: path.split('/').filter((c) => c !== ''), dir: path.length > 1 && path.endsWith('/') };
}

function samePath(a: Path, b: Path): boolean {
  return a.mnt === b.mnt && a.dentry === b.dentry;
}

/**
 * follow_dotdot: `..` of the process root is the root; at a mount's root, first climb to its mountpoint (choose_mountpoint),
 * then to the parent dentry; either way then onto whatever is mounted there (step_into).
 */
function* follow_dotdot(cur: Path, root: Path, held: Mount[]): Gen<Path> {
  let p = cur;
  for (;;) {
    // `..` of the root is the root, but like every `..` it then steps onto a mount stacked there.
    if (samePath(p, root)) return yield* follow_mounts(p, held);
    if (p.dentry !== p.mnt.mnt_root) break;
    // choose_mountpoint: the parent mount is read and referenced together, as lookup_mnt does for children.
    const m = current().machine;
    yield* mutex_lock(m.namespace_sem);
    yield rd(p.mnt, 'mnt_parent');
    const parent = p.mnt.mnt_parent;
    const mountpoint = p.mnt.mnt_mountpoint;
    if (parent !== null && mountpoint !== null) held.push(yield* mntget(parent));
    yield* mutex_unlock(m.namespace_sem);
    if (parent === null || mountpoint === null) return p;
    p = { mnt: parent, dentry: mountpoint };
  }
  const up = p.dentry.d_parent;
  if (up === null) return p;
  return yield* follow_mounts({ mnt: p.mnt, dentry: up }, held);
}

/** A found object named with a trailing slash that is not a directory (lookups that need one: ENOTDIR). */
function notDir(w: Walk & { ok: true }): boolean {
  return w.found && w.dir && w.path.dentry.d_inode?.type !== 'dir';
}

/** The errno-or-path result of a walk; `name` is the last component ('' for the root, '.' or '..' for dots). */
type Walk =
  { ok: true; path: Path; parent: Path; name: string; found: boolean; dir: boolean } | { ok: false; errno: number };

/**
 * link_path_walk + lookup_last: resolve every component but the last, then look the last one up. Lookups start at
 * the process root and cwd (both the sandbox directory) without descending into a mount stacked on it, as Linux does.
 */
function* walk(path: string, held: Mount[]): Gen<Walk> {
  const visited = new Set<Mount>();
  const w = yield* walk_mounts(path, visited, held);
  // The lookup's path_put is an mntput of each mount it used: that clears MNT_EXPIRE marks (umount's own does not).
  for (const mnt of visited) yield* clear_expiry_mark(mnt);
  return w;
}

/** walk, recording the mounts the lookup stood on in `visited` and the references it took in `held`. */
function* walk_mounts(path: string, visited: Set<Mount>, held: Mount[]): Gen<Walk> {
  const c = components(path);
  if (c === null) return { ok: false, errno: ERRNO.ENOENT };
  const root = sandboxRoot(current().machine);
  let cur = root;
  let parent = root;
  visited.add(root.mnt);
  const { parts } = c;
  if (parts.length === 0) return { ok: true, path: cur, parent: cur, name: '', found: true, dir: c.dir };
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i] as string;
    const last = i === parts.length - 1;
    if (cur.dentry.d_inode?.type !== 'dir') return { ok: false, errno: ERRNO.ENOTDIR };
    parent = cur;
    if (name === '.' || name === '..') {
      if (name === '..') cur = yield* follow_dotdot(cur, root, held);
      visited.add(cur.mnt);
      if (last) return { ok: true, path: cur, parent, name, found: true, dir: c.dir };
      continue;
    }
    yield rd(cur.dentry, 'd_subdirs');
    const child = cur.dentry.children.get(name);
    // The filesystem's ->lookup (simple_lookup on tmpfs) refuses a name longer than NAME_MAX.
    if (child === undefined && bytes(name) > NAME_MAX) return { ok: false, errno: ERRNO.ENAMETOOLONG };
    if (child === undefined) {
      if (last) return { ok: true, path: cur, parent: cur, name, found: false, dir: c.dir };
      return { ok: false, errno: ERRNO.ENOENT };
    }
    cur = yield* follow_mounts({ mnt: cur.mnt, dentry: child }, held);
    visited.add(cur.mnt);
    if (last) return { ok: true, path: cur, parent, name, found: true, dir: c.dir };
  }
  throw new Error('unreachable');
}

/** d_alloc + d_instantiate in the parent directory of a walk. */
/** The inode of a directory the walk found (a positive dentry). */
function dirInode(p: Path): Inode {
  const inode = p.dentry.d_inode;
  if (inode === null) throw new Error('epoll-lab bug: a negative dentry as a parent directory');
  return inode;
}

function* create(parent: Path, name: string, inode: Inode): Gen<Dentry> {
  const m = current().machine;
  yield wr(parent.dentry, 'd_subdirs');
  const d = m.alloc('dentry', new Dentry(name, parent.dentry, inode));
  parent.dentry.children.set(name, d);
  return d;
}

/** mkdir -p: every missing directory on the path is created (the mount call's convenience); the final path. */
const mkdir_p = kfn('mkdir_p', function* (path: string, held: Mount[]): Gen<Path | number> {
  const c = components(path);
  if (c === null) return -ERRNO.ENOENT;
  const prefixes = c.parts.map((_, i) => c.parts.slice(0, i + 1).join('/'));
  const abs = path.startsWith('/') ? '/' : '';
  for (const prefix of prefixes) {
    const h: Mount[] = [];
    const w = yield* walk(abs + prefix, h);
    if (w.ok && !w.found) {
      const mkdir = dirInode(w.parent).i_op?.mkdir;
      if (mkdir === undefined) {
        yield* path_put(h);
        return -ERRNO.EPERM;
      }
      yield* create(w.parent, w.name, mkdir(current().machine, dirInode(w.parent)));
    }
    yield* path_put(h);
    if (!w.ok) return -w.errno;
  }
  const w = yield* walk(path, held);
  if (!w.ok) return -w.errno;
  if (!w.found) return -ERRNO.ENOENT;
  if (w.path.dentry.d_inode?.type !== 'dir') return -ERRNO.ENOTDIR;
  return w.path;
});

/**
 * mount("dir"): mkdir -p, then a fresh tmpfs on top of whatever is mounted there (lock_mount: stacking is allowed).
 * `mount("/")` stacks on the sandbox root, where lookups from the root do not see it (as in Linux).
 */
export const sys_mount = kfn('mount', function* (path: string): Gen<number> {
  const name = getname(path);
  if (name < 0) return name;
  return yield* with_path((held) => mount_path(path, held));
});

function* mount_path(path: string, held: Mount[]): Gen<number> {
  const p = yield* mkdir_p(path, held);
  if (typeof p === 'number') return p;
  // lock_mount steps onto a mount stacked there since the walk without a reference: it holds namespace_sem throughout.
  return yield* do_new_mount(p);
}

/** umount2(path, flags): EINVAL for bad flags or a path that is not the root of an attached mount. */
export const sys_umount = kfn('umount', function* (path: string, flags: number): Gen<number> {
  if ((flags & ~UMOUNT_VALID_FLAGS) !== 0) return -ERRNO.EINVAL;
  const name = getname(path);
  if (name < 0) return name;
  // umount's own lookup and path_put leave MNT_EXPIRE marks alone (walk_mounts, then mntput_no_expire).
  return yield* with_path((held) => umount_path(path, flags, held));
});

function* umount_path(path: string, flags: number, held: Mount[]): Gen<number> {
  const w = yield* walk_mounts(path, new Set(), held);
  if (!w.ok) return -w.errno;
  if (!w.found) return -ERRNO.ENOENT;
  if (notDir(w)) return -ERRNO.ENOTDIR;
  // The mount point lookup ends on the topmost mount (`umount("/")` finds a mount stacked on the root).
  const top = yield* follow_mounts(w.path, held);
  const mnt = top.mnt;
  // The lookup's reference (do_umount counts it): taken by follow_mounts when it stepped onto the mount.
  if (held.at(-1) !== mnt) held.push(yield* mntget(mnt));
  yield rd(mnt, 'mnt_parent');
  if (top.dentry !== mnt.mnt_root || !mnt.attached) return -ERRNO.EINVAL;
  return yield* do_umount(mnt, flags);
}

/** mkfifo(path): a FIFO inode in the directory; EEXIST if the name exists. */
export const sys_mkfifo = kfn('mkfifo', function* (path: string): Gen<number> {
  const name = getname(path);
  if (name < 0) return name;
  return yield* with_path((held) => mkfifo_path(path, held));
});

function* mkfifo_path(path: string, held: Mount[]): Gen<number> {
  const w = yield* walk(path, held);
  if (!w.ok) return -w.errno;
  if (w.found) return -ERRNO.EEXIST;
  if (w.dir) return -ERRNO.ENOENT; // a trailing slash: only mkdir may create a name that ends in '/'
  const mknod = dirInode(w.parent).i_op?.mknod;
  if (mknod === undefined) return -ERRNO.EPERM;
  yield* create(w.parent, w.name, mknod(current().machine, dirInode(w.parent), 'fifo'));
  return 0;
}

/** The f_op of a file opened on an inode. Directories get a no-op one (not pollable, EISDIR on read). */
const dir_operations: FileOperations = {
  name: 'dir',
  read: function* () {
    return -ERRNO.EISDIR;
  },
};
const path_operations: FileOperations = { name: 'path' };

/** openat(AT_FDCWD, path, flags): walk, create with O_CREAT, check the type, then do_dentry_open (->open). */
export const sys_open = kfn('open', function* (path: string, flags: number): Gen<number> {
  // The file takes its own reference on its mount (alloc_file): the lookup's go at the end.
  return yield* with_path((held) => open_path(path, flags, held));
});

function* open_path(path: string, flags: number, held: Mount[]): Gen<number> {
  // build_open_flags: O_CREAT|O_DIRECTORY is refused before any lookup (6.4+).
  if ((flags & O_CREAT) !== 0 && (flags & O_DIRECTORY) !== 0 && (flags & O_PATH) === 0) return -ERRNO.EINVAL;
  const name = getname(path);
  if (name < 0) return name;
  const w = yield* walk(path, held);
  if (!w.ok) return -w.errno;
  // O_CREAT of the root, `.`, `..` or a name with a trailing slash: that is a directory.
  const creat = (flags & O_CREAT) !== 0 && (flags & O_PATH) === 0;
  const lastNorm = w.name !== '' && w.name !== '.' && w.name !== '..';
  if (creat && lastNorm && w.dir) return -ERRNO.EISDIR;
  if (notDir(w)) return -ERRNO.ENOTDIR;
  // do_open: an existing name under O_CREAT|O_EXCL is EEXIST, then O_CREAT of a directory is EISDIR.
  if (creat && w.found && (flags & O_EXCL) !== 0) return -ERRNO.EEXIST;
  if (creat && w.found && w.path.dentry.d_inode?.type === 'dir') return -ERRNO.EISDIR;
  let dentry: Dentry;
  let mnt: Mount;
  if (!w.found) {
    if ((flags & O_CREAT) === 0 || (flags & O_PATH) !== 0) return -ERRNO.ENOENT;
    const create_op = dirInode(w.parent).i_op?.create;
    if (create_op === undefined) return -ERRNO.EACCES;
    dentry = yield* create(w.parent, w.name, create_op(current().machine, dirInode(w.parent)));
    mnt = w.parent.mnt;
  } else {
    if ((flags & O_CREAT) !== 0 && (flags & O_EXCL) !== 0) return -ERRNO.EEXIST;
    dentry = w.path.dentry;
    mnt = w.path.mnt;
  }
  const inode = dentry.d_inode as Inode;
  const acc = flags & O_ACCMODE;
  if ((flags & O_PATH) === 0) {
    if (inode.type === 'dir' && acc !== O_RDONLY) return -ERRNO.EISDIR;
    if ((flags & O_DIRECTORY) !== 0 && inode.type !== 'dir') return -ERRNO.ENOTDIR;
  }
  const mode =
    (flags & O_PATH) !== 0
      ? FMODE_PATH
      : acc === O_RDWR
        ? FMODE_READ | FMODE_WRITE
        : acc === O_WRONLY
          ? FMODE_WRITE
          : FMODE_READ;
  const fops = (flags & O_PATH) !== 0 ? path_operations : (inode.i_fop ?? dir_operations);
  const fd = yield* get_unused_fd_flags(flags);
  if (fd < 0) return fd;
  yield* dget(dentry);
  // f_flags: O_LARGEFILE forced on (64-bit), the open-time-only bits dropped; O_PATH keeps only O_DIRECTORY.
  const f_flags =
    (flags & O_PATH) !== 0
      ? flags & (O_PATH | O_DIRECTORY)
      : (flags | O_LARGEFILE) & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
  const file = yield* alloc_file(fops, { mnt, dentry }, inode, f_flags, mode);
  if ((flags & O_PATH) === 0 && fops.open !== undefined) {
    const r = yield* fops.open(inode, file);
    if (r < 0) {
      // do_dentry_open's cleanup: the file gives its path back at once (path_put), and the put of a never-opened
      // file frees it in place (file_free), with no __fput and no task_work.
      yield* put_unused_fd(fd);
      file.f_mode &= ~FMODE_OPENED;
      yield* dput(file.f_path.dentry);
      yield* mntput(file.f_path.mnt);
      yield* fput(file);
      return r;
    }
  }
  if ((flags & O_TRUNC) !== 0 && (flags & O_PATH) === 0 && inode.type === 'reg') {
    // handle_truncate, after the open: a regular file opened with O_TRUNC is emptied (also when opened O_RDONLY).
    yield wr(inode, 'i_data');
    inode.i_op?.truncate?.(inode);
  }
  yield* fd_install(fd, file);
  return fd;
}
