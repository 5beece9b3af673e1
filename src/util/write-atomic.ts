// Whole-or-nothing file writes for command outputs (reports, shard results, checkpoints, docs).
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `text` to a temporary file beside `path` and renames it into place, so a reader sees the old file or the
 * whole new one, never a part. Returns null, or why it failed: the errno name (`ENOENT`) when there is one, else the
 * message (the temporary file is removed).
 */
export function writeFileAtomic(path: string, text: string): string | null {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, 'utf8');
    renameSync(tmp, path);
    return null;
  } catch (e) {
    rmSync(tmp, { force: true });
    if (typeof e === 'object' && e !== null && 'code' in e) return String(e.code);
    return e instanceof Error ? e.message : String(e);
  }
}
