// Models fs/namei.c and fs/open.c: path walks from the sandbox root, open/creat, mkfifo, and the mount/umount syscalls.
import { pipefifo_fops } from '../fs/pipe.ts';
import { shmem_file_operations } from '../fs/shmem.ts';
import { current } from './current.ts';
import { dget } from './dcache.ts';
import { ERRNO } from './errno.ts';
import { alloc_file, fput } from './file.ts';
import { fd_install, get_unused_fd_flags, put_unused_fd } from './fdtable.ts';
import { kfn } from './kfn.ts';
import type { Machine } from './machine.ts';
import { do_new_mount, do_umount, mntget, mntput, UMOUNT_VALID_FLAGS } from './namespace.ts';
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
  Inode,
  type FileOperations,
  type Mount,
} from './vfs.ts';

/** A resolved location: a mount and a dentry in it. */
export interface Path {
  readonly mnt: Mount;
  readonly dentry: Dentry;
}

/** The sandbox root every script path is relative to. It is a plain directory, not a mount root. */
export function sandboxRoot(m: Machine): Path {
  const root = m.rootMount.mnt_root;
  const sandbox = root.children.get('sandbox');
  if (sandbox === undefined) throw new Error('epoll-lab bug: no sandbox directory');
  return { mnt: m.rootMount, dentry: sandbox };
}

/** follow_down: step onto the topmost mount stacked on this dentry, repeatedly. */
function* follow_mounts(p: Path): Gen<Path> {
  let cur = p;
  for (;;) {
    yield rd(cur.mnt, 'mnt_mounts');
    let top: Mount | null = null;
    for (const child of cur.mnt.mnt_mounts) if (child.mnt_mountpoint === cur.dentry) top = child;
    if (top === null) return cur;
    cur = { mnt: top, dentry: top.mnt_root };
  }
}

function components(path: string): string[] | null {
  const parts = path.split('/').filter((c) => c !== '' && c !== '.');
  if (path === '' || parts.includes('..')) return null;
  return parts;
}

/** The errno-or-path result of a walk. */
type Walk = { ok: true; path: Path; parent: Path; name: string; found: boolean } | { ok: false; errno: number };

/** link_path_walk + lookup_last: resolve every component but the last, then look the last one up. */
function* walk(path: string): Gen<Walk> {
  const parts = components(path);
  if (parts === null) return { ok: false, errno: ERRNO.ENOENT };
  let cur = yield* follow_mounts(sandboxRoot(current().machine));
  if (parts.length === 0) return { ok: true, path: cur, parent: cur, name: '', found: true };
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i] as string;
    if (cur.dentry.d_inode?.type !== 'dir') return { ok: false, errno: ERRNO.ENOTDIR };
    yield rd(cur.dentry, 'd_subdirs');
    const child = cur.dentry.children.get(name);
    if (child === undefined) {
      if (i === parts.length - 1) return { ok: true, path: cur, parent: cur, name, found: false };
      return { ok: false, errno: ERRNO.ENOENT };
    }
    const parent = cur;
    cur = yield* follow_mounts({ mnt: cur.mnt, dentry: child });
    if (i === parts.length - 1) return { ok: true, path: cur, parent, name, found: true };
  }
  throw new Error('unreachable');
}

/** d_alloc + d_instantiate in the parent directory of a walk. */
function* create(parent: Path, name: string, inode: Inode): Gen<Dentry> {
  const m = current().machine;
  yield wr(parent.dentry, 'd_subdirs');
  const d = m.alloc('dentry', new Dentry(name, parent.dentry, inode));
  parent.dentry.children.set(name, d);
  return d;
}

/** mkdir -p: every missing directory on the path is created (the mount call's convenience). */
const mkdir_p = kfn('mkdir_p', function* (path: string): Gen<Path | number> {
  const parts = components(path);
  if (parts === null || parts.length === 0) return -ERRNO.ENOENT;
  let cur = yield* follow_mounts(sandboxRoot(current().machine));
  for (const name of parts) {
    if (cur.dentry.d_inode?.type !== 'dir') return -ERRNO.ENOTDIR;
    yield rd(cur.dentry, 'd_subdirs');
    let child = cur.dentry.children.get(name);
    if (child === undefined) {
      const m = current().machine;
      child = yield* create(cur, name, m.alloc('inode', new Inode(cur.mnt.mnt_sb, 'dir')));
    }
    cur = yield* follow_mounts({ mnt: cur.mnt, dentry: child });
  }
  if (cur.dentry.d_inode?.type !== 'dir') return -ERRNO.ENOTDIR;
  return cur;
});

/** mount("dir"): mkdir -p, then a fresh tmpfs on top (stacking on an existing mount is allowed, as in Linux). */
export const sys_mount = kfn('mount', function* (path: string): Gen<number> {
  const p = yield* mkdir_p(path);
  if (typeof p === 'number') return p;
  return yield* do_new_mount(p.mnt, p.dentry);
});

/** umount2(path, flags): EINVAL for bad flags or a path that is not the root of an attached mount. */
export const sys_umount = kfn('umount', function* (path: string, flags: number): Gen<number> {
  if ((flags & ~UMOUNT_VALID_FLAGS) !== 0) return -ERRNO.EINVAL;
  const w = yield* walk(path);
  if (!w.ok) return -w.errno;
  if (!w.found) return -ERRNO.ENOENT;
  const mnt = w.path.mnt;
  yield* mntget(mnt); // the lookup's reference, dropped by path_put below
  let ret: number;
  yield rd(mnt, 'mnt_parent');
  if (w.path.dentry !== mnt.mnt_root || !mnt.attached) ret = -ERRNO.EINVAL;
  else ret = yield* do_umount(mnt, flags);
  yield* mntput(mnt);
  return ret;
});

/** mkfifo(path): a FIFO inode in the directory; EEXIST if the name exists. */
export const sys_mkfifo = kfn('mkfifo', function* (path: string): Gen<number> {
  const w = yield* walk(path);
  if (!w.ok) return -w.errno;
  if (w.found) return -ERRNO.EEXIST;
  if (w.name === '') return -ERRNO.ENOENT;
  const m = current().machine;
  yield* create(w.parent, w.name, m.alloc('inode', new Inode(w.parent.mnt.mnt_sb, 'fifo', pipefifo_fops)));
  return 0;
});

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
  const m = current().machine;
  const w = yield* walk(path);
  if (!w.ok) return -w.errno;
  let dentry: Dentry;
  let mnt: Mount;
  if (!w.found) {
    if ((flags & O_CREAT) === 0 || (flags & O_PATH) !== 0) return -ERRNO.ENOENT;
    const inode = m.alloc('inode', new Inode(w.parent.mnt.mnt_sb, 'reg', shmem_file_operations));
    inode.i_private = { data: new Uint8Array(0) };
    dentry = yield* create(w.parent, w.name, inode);
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
      yield* put_unused_fd(fd);
      file.f_mode &= ~FMODE_OPENED;
      yield* fput(file);
      return r;
    }
  }
  yield* fd_install(fd, file);
  return fd;
});
