// Models include/linux/fs.h, include/linux/mount.h and include/linux/path.h: super_block, vfsmount, dentry, inode,
// struct path, file and file_operations.
import type { Aliases, LockedBy } from './access.ts';
import { spinlock, type Lock } from './lock.ts';
import type { Machine } from './machine.ts';
import { KObject } from './object.ts';
import type { Gen } from './step.ts';
import type { WaitQueueHead } from './wait.ts';

export const SB_NOUSER = 1 << 31;

export const FMODE_READ = 0x1;
export const FMODE_WRITE = 0x2;
export const FMODE_PATH = 0x4000;
export const FMODE_OPENED = 0x80000;

/** struct super_block. Pseudo filesystems (pipefs, sockfs, anon_inodefs, dmabuf) carry SB_NOUSER. */
export class SuperBlock extends KObject {
  /** `shutdown` is what the last s_active put does, in the same step. */
  static readonly $aliases: Aliases<SuperBlock> = { shutdown: 's_active' };
  s_active = 1;
  /** Set by deactivate_super once the last active reference is gone (generic_shutdown_super). */
  shutdown = false;
  s_root: Dentry | null = null;
  constructor(
    readonly s_type: string,
    readonly s_flags: number,
  ) {
    super();
  }
  override get label(): string {
    return `${this.s_type}#${this.id}`;
  }
}

/** struct mount / vfsmount. `mnt_count` counts the tree's reference, files' f_path.mnt and in-flight lookups. */
export class Mount extends KObject {
  /** Attaching sets the parent, the mountpoint and `attached` together (graft_tree, umount_tree undo them). */
  static readonly $aliases: Aliases<Mount> = { attached: 'mnt_parent', mnt_mountpoint: 'mnt_parent' };
  /** The mount tree changes under namespace_sem (lockless walkers read it with steps). */
  static readonly $lockedBy: LockedBy<Mount> = {
    mnt_parent: (_m, t) => t.machine.namespace_sem,
    mnt_mounts: (_m, t) => t.machine.namespace_sem,
  };
  mnt_count = 1;
  /** Attached in the (sandbox) mount namespace. Internal kern_mount()s never are. */
  attached = false;
  mnt_parent: Mount | null = null;
  mnt_mountpoint: Dentry | null = null;
  readonly mnt_mounts: Mount[] = [];
  /** umount2(MNT_EXPIRE) marked it; any later use (a lookup through it, an mntput) clears the mark. */
  mnt_expiry_mark = false;
  constructor(
    readonly mnt_sb: SuperBlock,
    readonly mnt_root: Dentry,
  ) {
    super();
  }
  override get label(): string {
    return `mnt#${this.id}(${this.mnt_sb.s_type})`;
  }
}

/** struct path: a mount and a dentry in it. */
export interface Path {
  readonly mnt: Mount;
  readonly dentry: Dentry;
}

export type InodeType = 'dir' | 'reg' | 'fifo' | 'anon' | 'pipe' | 'sock' | 'chr';

/**
 * struct inode_operations, the part the vfs calls to make new names: the filesystem (src/fs/) makes the inode (no
 * step: the object is not yet published) and the vfs links it under its dentry (`d_instantiate`, with the steps).
 * A directory without the operation refuses the call as vfs_create/vfs_mkdir/vfs_mknod do.
 */
export interface InodeOperations {
  /** ->create: the inode of a new regular file in directory `dir`. */
  readonly create?: (m: Machine, dir: Inode) => Inode;
  /** ->mkdir: the inode of a new directory in `dir`. */
  readonly mkdir?: (m: Machine, dir: Inode) => Inode;
  /** ->mknod: the inode of a new special file (FIFO) in `dir`; its f_op comes from init_special_inode. */
  readonly mknod?: (m: Machine, dir: Inode, type: InodeType) => Inode;
  /** ->setattr with ATTR_SIZE 0 (handle_truncate of O_TRUNC): empties the file, under the caller's step. */
  readonly truncate?: (inode: Inode) => void;
}

/** struct inode. `i_private` holds the type's object (pipe_inode_info for FIFOs, the byte store for regular files). */
export class Inode extends KObject {
  /** `i_data`: a regular file's pages (its store in `i_private`); `socket.sk`: a sockfs inode's struct socket's sk. */
  declare readonly $locations?: 'i_data' | 'socket.sk';
  static readonly $aliases: Aliases<Inode> = {
    i_private: 'i_data',
    'i_private.data': 'i_data',
    'i_private.sk': 'socket.sk',
  };
  i_pipe: unknown = null;
  i_private: unknown = null;
  /** The filesystem's inode operations (directories and regular files of tmpfs/rootfs); null for the others. */
  i_op: InodeOperations | null = null;
  constructor(
    readonly i_sb: SuperBlock,
    readonly type: InodeType,
    /** Default file operations for files opened on this inode (null for directories; init_special_inode sets it). */
    public i_fop: FileOperations | null = null,
  ) {
    super();
  }
}

/** struct dentry_operations: only d_release matters here (dma-buf frees its buffer from it). */
export interface DentryOperations {
  readonly d_release?: (d: Dentry) => Gen;
}

/** struct dentry. Names in the sandbox tree; pseudo files get a private unnamed dentry freed by the last dput. */
export class Dentry extends KObject {
  /** `d_subdirs`: the children list (`children`). */
  declare readonly $locations?: 'd_subdirs';
  static readonly $aliases: Aliases<Dentry> = { children: 'd_subdirs' };
  d_count = 1;
  readonly children = new Map<string, Dentry>();
  d_fsdata: unknown = null;
  constructor(
    readonly d_name: string,
    readonly d_parent: Dentry | null,
    public d_inode: Inode | null,
    readonly d_op: DentryOperations | null = null,
  ) {
    super();
  }
}

/** struct poll_table: `_qproc` is the queueing callback (null = do not queue), `_key` the events of interest. */
export interface PollTable {
  _qproc: ((file: File, whead: WaitQueueHead, pt: PollTable) => Gen) | null;
  _key: number;
  /** Opaque owner (the epitem for ep_ptable_queue_proc). */
  readonly owner?: unknown;
}

/** Read results: the bytes read (empty = EOF) or a negative errno. */
export type ReadResult = Uint8Array | number;

/** struct file_operations, trimmed to what the modelled syscalls call. Methods return negative errnos on failure. */
export interface FileOperations {
  readonly name: string;
  readonly read?: (file: File, count: number) => Gen<ReadResult>;
  readonly write?: (file: File, data: Uint8Array) => Gen<number>;
  readonly poll?: (file: File, pt: PollTable | null) => Gen<number>;
  readonly release?: (inode: Inode, file: File) => Gen;
  readonly llseek?: (file: File, offset: number, whence: number) => Gen<number>;
  /** ->open, run by do_dentry_open after the file exists; a negative errno fails the open (fifo_open blocks here). */
  readonly open?: (inode: Inode, file: File) => Gen<number>;
  /** ->unlocked_ioctl: `arg` is the user pointer's model (each file type says what); absent means ENOTTY. */
  readonly unlocked_ioctl?: (file: File, cmd: number, arg: unknown) => Gen<number>;
}

/** struct file. `f_count` is the counter of either knob value; with file_ref, `dead` marks FILE_REF_DEAD. */
export class File extends KObject {
  /** `dead` (FILE_REF_DEAD) is part of the f_count word; `zeroes` and `fputs` count for reports only. */
  static readonly $aliases: Aliases<File> = { dead: 'f_count' };
  static readonly $bookkeeping = ['zeroes', 'fputs'];
  f_count = 1;
  /** file_ref_t only: the count went through zero and stays dead. */
  dead = false;
  f_flags: number;
  f_mode: number;
  /** f_pos for regular files. */
  f_pos = 0;
  /** Pipe/FIFO: the writer counter seen at open (the `f_pipe`/`f_version` trick for HUP). */
  f_version = 0;
  /** Watched-by-epoll hlist head (an EpitemsHead), null when nobody watches. */
  f_ep: unknown = null;
  readonly f_lock: Lock;
  private_data: unknown = null;
  /** Times the count reached zero (more than once means a second __fput was scheduled). */
  zeroes = 0;
  /** Times __fput has started on this file. */
  fputs = 0;
  constructor(
    readonly f_op: FileOperations,
    readonly f_path: { readonly mnt: Mount; readonly dentry: Dentry },
    readonly f_inode: Inode,
    flags: number,
    mode: number,
  ) {
    super();
    this.f_flags = flags;
    this.f_mode = mode | FMODE_OPENED;
    this.f_lock = spinlock(this, 'f_lock');
  }
  override get label(): string {
    // A named FIFO shares the pipe's file operations: its inode says what it is (toy files in tests have none).
    const fifo = (this.f_inode as Inode | null)?.type === 'fifo';
    return `file#${this.id}(${fifo ? 'fifo' : this.f_op.name})`;
  }
}
