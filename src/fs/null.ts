// Models drivers/char/mem.c's /dev/null: reads see EOF, writes vanish, no ->poll (epoll_ctl gives EPERM).
import type { Gen } from '../kernel/step.ts';
import type { FileOperations } from '../kernel/vfs.ts';

export const null_fops: FileOperations = {
  name: 'null',
  *read(): Gen<Uint8Array> {
    return new Uint8Array(0);
  },
  *write(_file, data): Gen<number> {
    return data.length;
  },
};
