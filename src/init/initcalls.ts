// Models init/main.c's do_initcalls: each layer above the kernel hands the kernel its parts through the kernel's seams.
import { eventpoll_release_file } from '../epoll/remove.ts';
import { pipefifo_fops } from '../fs/pipe.ts';
import { rootfs_fs_type, shmem_fs_type } from '../fs/shmem_inode.ts';
import { register_eventpoll_release_file } from '../kernel/eventpoll_release.ts';
import { register_filesystem } from '../kernel/filesystems.ts';
import { register_fifo_fops } from '../kernel/inode.ts';

/**
 * The registrations Linux makes at link time or in initcalls: tmpfs and rootfs (register_filesystem), the FIFO file
 * operations init_special_inode gives (fs/pipe.c), and epoll's slow path of __fput (eventpoll_release_file). The
 * same values every time: `boot` calls it before it makes a machine.
 */
export function do_initcalls(): void {
  register_filesystem(shmem_fs_type);
  register_filesystem(rootfs_fs_type);
  register_fifo_fops(pipefifo_fops);
  register_eventpoll_release_file(eventpoll_release_file);
}
