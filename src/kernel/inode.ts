// Models fs/inode.c's init_special_inode: the file operations a FIFO inode gets, whoever made it.
import type { FileOperations, Inode } from './vfs.ts';

/** The f_op of FIFO inodes (pipefifo_fops), given by the pipe code (src/fs/pipe.ts) at boot. */
let fifo_fops: FileOperations | null = null;

/** Registers the FIFO file operations (Linux links them in; here the fs layer hands them over at boot). */
export function register_fifo_fops(fops: FileOperations): void {
  fifo_fops = fops;
}

/** init_special_inode: a FIFO's f_op is pipefifo_fops. Only FIFOs are made through it in the model. */
export function init_special_inode(inode: Inode): void {
  if (inode.type !== 'fifo') throw new Error(`epoll-lab bug: init_special_inode of a ${inode.type} inode`);
  if (fifo_fops === null) throw new Error('epoll-lab bug: no FIFO file operations registered (boot registers them)');
  inode.i_fop = fifo_fops;
}
