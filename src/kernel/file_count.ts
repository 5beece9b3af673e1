// Models no kernel file: the struct file reference count a trace shows for a step (the explorer's traceCount).
import type { Step } from './step.ts';
import { File } from './vfs.ts';

/** A step on a struct file's f_count: the count now (the explorer reads it before and after the step). */
export function stepFileCount(s: Step): number | undefined {
  return s.f === 'f_count' && s.o instanceof File ? s.o.f_count : undefined;
}
