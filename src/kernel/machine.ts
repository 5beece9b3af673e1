// Models no single kernel file: the global kernel state (slab caches, tasks, clock, mount tree, work lists).
import { observeMachine, type Aliases, type LockedBy } from './access.ts';
import type { FrameObserver } from './kfn.ts';
import { peekCurrent } from './current.ts';
import { KmemCache, KObject } from './object.ts';
import { mutex, type Lock } from './lock.ts';
import { Task, type TaskContext } from './task.ts';
import type { FilesStruct } from './fdtable.ts';
import type { Variant } from './variant.ts';
import { KernelHalt, objectFields, type Violation, type ViolationKind } from './violation.ts';
import type { File, Mount, SuperBlock } from './vfs.ts';
import type { Gen } from './step.ts';

/** Slab caches the model allocates from; `filp` is SLAB_TYPESAFE_BY_RCU as since 6.7 (0ede61d8589c). */
const CACHES = {
  filp: ['struct file', 'file', true],
  dentry: ['struct dentry', 'dentry', false],
  inode: ['struct inode', 'inode', false],
  mnt: ['struct mount', 'mnt', false],
  super_block: ['struct super_block', 'sb', false],
  task_struct: ['struct task_struct', 'task', false],
  files_struct: ['struct files_struct', 'files', false],
  pipe_inode_info: ['struct pipe_inode_info', 'pipe', false],
  eventfd_ctx: ['struct eventfd_ctx', 'eventfd', false],
  unix_sock: ['struct unix_sock', 'sock', false],
  eventpoll: ['struct eventpoll', 'ep', false],
  epitem: ['struct epitem', 'epi', false],
  epitems_head: ['struct epitems_head', 'epihead', false],
  eppoll_entry: ['struct eppoll_entry', 'pwq', false],
  dma_buf: ['struct dma_buf', 'dmabuf', false],
  dma_fence: ['struct dma_fence', 'fence', false],
  sync_file: ['struct sync_file', 'sync_file', false],
  timerfd_ctx: ['struct timerfd_ctx', 'timerfd', false],
  regular: ['struct shmem_inode_info', 'shmem', false],
} as const;

export type CacheName = keyof typeof CACHES;

/** Every slab cache's name, in the order above. */
export const CACHE_NAMES = Object.keys(CACHES) as readonly CacheName[];

/** An armed hrtimer on the virtual clock; its function runs in irq context when the clock reaches `expires`. */
export interface HrTimer {
  expires: number;
  readonly name: string;
  readonly fn: () => Gen;
}

/** Observer of every allocation (the explorer's stable object identities and leak detector); null otherwise. */
let allocObserver: ((obj: KObject) => void) | null = null;

/** Installs (or, with null, removes) the allocation observer. Used only by the explorer around one execution. */
export function setAllocObserver(fn: ((obj: KObject) => void) | null): void {
  allocObserver = fn;
}

/**
 * The object steps name for global kernel data. Its locations are the machine's kernel fields (the access
 * observation reports the machine's accesses on it, src/kernel/access.ts); `db_list` is dma-buf's global buffer list,
 * which the model does not keep.
 */
export class Globals extends KObject {
  /** loop_check_gen and tfile_check_list belong to epnested_mutex. */
  static readonly $lockedBy: LockedBy<Globals> = {
    loop_check_gen: (_g, t) => t.machine.epnested_mutex,
    tfile_check_list: (_g, t) => t.machine.epnested_mutex,
  };
  declare readonly $locations?:
    'loop_check_gen' | 'tfile_check_list' | 'epoll_watches' | 'delayed_fput_list' | 'last_pid' | 'hrtimers' | 'db_list';
}

/** The state of one modelled kernel. Drivers own the scheduling; kernel code reaches it as `current().machine`. */
export class Machine {
  /** Virtual CLOCK_MONOTONIC in ns; moves only when no thread can run. */
  clock = 0;
  /** The last pid alloc_pid handed out in the (only) pid namespace; the boot task, `main`, is 1. */
  last_pid = 1;
  private nextId = 1;
  private readonly caches = new Map<CacheName, KmemCache>();
  readonly tasks: Task[] = [];
  readonly violations: Violation[] = [];
  /** Global step counter (index of the step being executed). */
  steps = 0;
  /** The object standing for global kernel data (delayed_fput_list, namespace_sem, epnested_mutex) in steps. */
  readonly globals: Globals = new Globals();
  /** namespace_sem + mount_lock: serialises mount and umount. */
  readonly namespace_sem: Lock = mutex(this.globals, 'namespace_sem');
  /** delayed_fput_list and whether delayed_fput_work is queued. */
  readonly delayed_fput_list: File[] = [];
  delayed_fput_work_pending = false;
  readonly hrtimers: HrTimer[] = [];
  /** The sandbox root's mount; scripts' paths resolve from its root dentry. */
  rootMount!: Mount;
  /** Internal mounts of the SB_NOUSER pseudo filesystems. */
  readonly pseudo = new Map<string, Mount>();
  readonly superblocks: SuperBlock[] = [];
  /** The user's epoll watches (percpu epoll_watches counter of the single modelled user). */
  epoll_watches = 0;
  /** loop_check_gen and the tfile_check_list of the epoll loop checks (protected by epnested_mutex). */
  loop_check_gen = 0;
  tfile_check_list: unknown[] = [];
  readonly epnested_mutex: Lock = mutex(this.globals, 'epnested_mutex');
  /** Counter behind each kworker's name. */
  workers = 0;
  /**
   * Instrumentation, not kernel state: report the observations `event-from-dying-file` / `event-dropped-dying-file`
   * from ep_item_poll (off by default: its extra read is a step, so it also costs exploration).
   */
  observe_dying = false;
  /** Instrumentation, not kernel state: the stateful explorer's watcher of kfn frames (src/sched/runtime.ts). */
  frameObs: FrameObserver | null = null;
  /**
   * Not kernel state (src/kernel/access.ts): the driver's and the reports' counters and lists; and the pseudo
   * filesystems' internal mounts, which Linux mounts at boot and the model at their first use.
   */
  static readonly $bookkeeping = [
    'steps',
    'violations',
    'nextId',
    'caches',
    'tasks',
    'workers',
    'observe_dying',
    'frameObs',
    'pseudo',
    'superblocks',
  ];
  static readonly $aliases: Aliases<Globals> = { delayed_fput_work_pending: 'delayed_fput_list' };
  constructor(readonly variant: Variant) {
    // With the access observation on, the machine's kernel fields are observed as `globals`' locations.
    return observeMachine(this);
  }

  cache(name: CacheName): KmemCache {
    let c = this.caches.get(name);
    if (c === undefined) {
      const [full, short, rcu] = CACHES[name];
      c = new KmemCache(full, short, rcu);
      this.caches.set(name, c);
    }
    return c;
  }

  /** kmem_cache_alloc: gives the object an id and a slot, and records who allocated it. */
  alloc<T extends KObject>(cache: CacheName, obj: T): T {
    obj.id = this.nextId++;
    this.cache(cache).place(obj);
    const t = peekCurrent();
    obj.allocThread = t?.comm ?? 'init';
    obj.allocStack = t ? t.stack.slice() : [];
    allocObserver?.(obj);
    return obj;
  }

  /** The bookkeeping half of kmem_cache_free (the step is yielded by `kfree`); kfree_rcu keeps the slot. */
  free(obj: KObject, rcuDeferred = false): void {
    obj.freed = true;
    obj.rcuDeferred = rcuDeferred;
    const t = peekCurrent();
    obj.freeThread = t?.comm ?? 'init';
    obj.freeStack = t ? t.stack.slice() : [];
    if (!rcuDeferred) obj.cache?.release(obj);
  }

  /** Creates a thread; drivers start generators on it. */
  spawn(comm: string, context: TaskContext, files: FilesStruct | null): Task {
    const t = this.alloc('task_struct', new Task(this, comm, context, files));
    this.tasks.push(t);
    return t;
  }

  /** Records a violation at the current step; a fatal one halts the machine by unwinding the running kernel code. */
  report(kind: ViolationKind, title: string, obj: KObject, fatal: boolean): void {
    const t = peekCurrent();
    const v: Violation = {
      kind,
      title,
      thread: t?.comm ?? 'init',
      step: this.steps,
      stack: t ? t.stack.slice() : [],
      ...objectFields(obj),
      fatal,
      allocated: { thread: obj.allocThread, stack: obj.allocStack },
      ...(obj.freeStack ? { freed: { thread: obj.freeThread, stack: obj.freeStack } } : {}),
      ...(obj.recycledBy ? { recycledBy: obj.recycledBy.label } : {}),
    };
    this.violations.push(v);
    if (fatal) throw new KernelHalt(v);
  }
}
