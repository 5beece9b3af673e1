// Models init/main.c as far as the model needs: the root filesystem, the sandbox directory and the first process.
import { null_fops } from '../fs/null.ts';
import { shmem_get_inode } from '../fs/shmem_inode.ts';
import { dget } from '../kernel/dcache.ts';
import { alloc_file } from '../kernel/file.ts';
import { fd_install, FilesStruct, get_unused_fd_flags } from '../kernel/fdtable.ts';
import { Machine } from '../kernel/machine.ts';
import { newSuper } from '../kernel/namespace.ts';
import type { Gen } from '../kernel/step.ts';
import type { Task } from '../kernel/task.ts';
import { O_LARGEFILE, O_RDWR } from '../kernel/uapi.ts';
import type { Variant } from '../kernel/variant.ts';
import { Dentry, FMODE_READ, FMODE_WRITE, Inode, Mount } from '../kernel/vfs.ts';
import { runCall } from '../sched/sequential.ts';
import { do_initcalls } from './initcalls.ts';

/** A booted kernel: the machine and its first process `main`, whose fds 0-2 are open on /dev/null. */
export interface Booted {
  readonly machine: Machine;
  readonly init: Task;
}

export function boot(variant: Variant): Booted {
  do_initcalls();
  const m = new Machine(variant);
  const sb = newSuper(m, 'rootfs', 0);
  const root = sb.s_root as Dentry;
  m.rootMount = m.alloc('mnt', new Mount(sb, root));
  m.rootMount.attached = true;
  const mk = (parent: Dentry, name: string, inode: Inode): Dentry => {
    const d = m.alloc('dentry', new Dentry(name, parent, inode));
    parent.children.set(name, d);
    return d;
  };
  const mkdir = (parent: Dentry): Inode => shmem_get_inode(m, parent.d_inode as Inode, 'dir');
  mk(root, 'sandbox', mkdir(root));
  const dev = mk(root, 'dev', mkdir(root));
  const devnull = mk(dev, 'null', m.alloc('inode', new Inode(sb, 'chr', null_fops)));
  const init = m.spawn('main', 'user', m.alloc('files_struct', new FilesStruct()));
  init.pid = 1;
  const r = runCall(m, init, openStdio(m, devnull));
  if (r.kind !== 'done') throw new Error('epoll-lab bug: boot failed');
  return { machine: m, init };
}

/** fds 0, 1, 2 on /dev/null, as the oracle helper arranges them on the real kernel. */
function* openStdio(m: Machine, devnull: Dentry): Gen {
  for (let i = 0; i < 3; i++) {
    const fd = yield* get_unused_fd_flags(0);
    yield* dget(devnull);
    const f = yield* alloc_file(
      null_fops,
      { mnt: m.rootMount, dentry: devnull },
      devnull.d_inode as Inode,
      O_RDWR | O_LARGEFILE,
      FMODE_READ | FMODE_WRITE,
    );
    yield* fd_install(fd, f);
  }
}
