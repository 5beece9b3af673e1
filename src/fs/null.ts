// Models drivers/char/mem.c's /dev/null: reads see EOF, writes vanish, lseek resets to 0, no ->poll (epoll_ctl gives EPERM).
import { wr, type Gen } from '../kernel/step.ts';
import type { FileOperations } from '../kernel/vfs.ts';

export const null_fops: FileOperations = {
  name: 'null',
  *read(): Gen<Uint8Array> {
    return new Uint8Array(0);
  },
  *write(_file, data): Gen<number> {
    return data.length;
  },
  /** null_lseek: the position is always 0. */
  *llseek(file): Gen<number> {
    yield wr(file, 'f_pos');
    file.f_pos = 0;
    return 0;
  },
};
