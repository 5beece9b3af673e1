// Models mm/shmem.c's regular files. Placeholder: replaced by the regular-file model.
import type { FileOperations } from '../kernel/vfs.ts';

export const shmem_file_operations: FileOperations = { name: 'shmem' };
