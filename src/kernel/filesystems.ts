// Models fs/filesystems.c: register_filesystem and get_fs_type, the filesystems a superblock can be made of.
import type { InodeOperations } from './vfs.ts';

/** struct file_system_type, as far as the model needs: the inode operations its root directory gets (fill_super). */
export interface FileSystemType {
  readonly name: string;
  readonly root_inode_operations: InodeOperations;
}

/** The registered filesystems by name (tmpfs and rootfs; pseudo filesystems have none and make no names). */
const file_systems = new Map<string, FileSystemType>();

/** register_filesystem: idempotent (every boot registers the same types). */
export function register_filesystem(fs: FileSystemType): void {
  file_systems.set(fs.name, fs);
}

/** get_fs_type: the registered filesystem of that name, or null. */
export function get_fs_type(name: string): FileSystemType | null {
  return file_systems.get(name) ?? null;
}
