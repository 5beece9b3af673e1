// Models fs/pipe.c. Placeholder: replaced by the pipe/FIFO model.
import type { FileOperations } from '../kernel/vfs.ts';

export const pipefifo_fops: FileOperations = { name: 'fifo' };
