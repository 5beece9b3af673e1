// Models no kernel file: the reference counts a trace shows for a step (the explorer's traceCount).
import type { Step } from './step.ts';
import { File, Mount } from './vfs.ts';

/**
 * A step on a struct file's f_count or a mount's mnt_count: the count now (the explorer reads it before and after
 * the step; the report plots both, umount's EBUSY check reads the second).
 */
export function stepFileCount(s: Step): number | undefined {
  if (s.f === 'f_count' && s.o instanceof File) return s.o.f_count;
  if (s.f === 'mnt_count' && s.o instanceof Mount) return s.o.mnt_count;
  return undefined;
}
