// Models no kernel file: the reference counts a trace shows for a step (the explorer's traceCount).
import type { Step } from './step.ts';
import { File, Mount } from './vfs.ts';

/** Which count a traced step touched, and its value now. */
export interface TracedCount {
  /** `file`: a struct file's f_count; `mount`: a mount's mnt_count (umount's EBUSY check reads it). */
  readonly of: 'file' | 'mount';
  readonly value: number;
}

/** A step on a struct file's f_count or a mount's mnt_count: the count now (the explorer reads it before and after). */
export function stepRefCount(s: Step): TracedCount | undefined {
  if (s.f === 'f_count' && s.o instanceof File) return { of: 'file', value: s.o.f_count };
  if (s.f === 'mnt_count' && s.o instanceof Mount) return { of: 'mount', value: s.o.mnt_count };
  return undefined;
}
