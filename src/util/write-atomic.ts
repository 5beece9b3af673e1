// Whole-or-nothing file writes for command outputs (reports, shard results, checkpoints, docs).
import { accessSync, constants, lstatSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Where a write to `path` goes: a regular file (replaced by rename), a device or pipe (written in place), or why not. */
type Destination =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'stream' }
  | { readonly kind: 'error'; readonly why: string };

function errno(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'code' in e) return String(e.code);
  return e instanceof Error ? e.message : String(e);
}

function destination(path: string): Destination {
  let isFile: boolean;
  try {
    const st = statSync(path);
    if (st.isDirectory()) return { kind: 'error', why: 'EISDIR' };
    isFile = st.isFile();
  } catch (e) {
    if (errno(e) !== 'ENOENT') return { kind: 'error', why: errno(e) };
    // Nothing there, or a symbolic link to nothing (its target's directory may not exist: the rename would replace
    // the link itself).
    try {
      if (lstatSync(path).isSymbolicLink()) return { kind: 'error', why: 'ENOENT (a symbolic link to nothing)' };
    } catch {
      // No entry at all: a new file.
    }
    return { kind: 'file', path };
  }
  // A device or a pipe (`--out /dev/null`, `/dev/stdout`, a FIFO) is written in place: renaming a file over it would
  // replace the device node. Through a symbolic link, the file it names is replaced, not the link.
  return isFile ? { kind: 'file', path: realpathSync(path) } : { kind: 'stream' };
}

/**
 * Writes `text` to a temporary file beside `path` and renames it into place, so a reader sees the old file or the
 * whole new one, never a part. A device or pipe is written directly, and a symbolic link's target is the file
 * replaced. Returns null, or why it failed: the errno name (`ENOENT`, `EISDIR`) when there is one, else the message
 * (the temporary file is removed).
 */
export function writeFileAtomic(path: string, text: string): string | null {
  const d = destination(path);
  if (d.kind === 'error') return d.why;
  if (d.kind === 'stream') {
    try {
      writeFileSync(path, text, 'utf8');
      return null;
    } catch (e) {
      return errno(e);
    }
  }
  const tmp = join(dirname(d.path), `.${basename(d.path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, 'utf8');
    renameSync(tmp, d.path);
    return null;
  } catch (e) {
    rmSync(tmp, { force: true });
    return errno(e);
  }
}

/**
 * Why `writeFileAtomic(path, ...)` would fail for want of a place to write (a missing or unwritable directory, a
 * directory at `path`), or null: checked before a long run whose result goes there, so that a bad output path is an
 * error at once rather than after the run. (The write itself can still fail: a full disk.)
 */
export function cannotWrite(path: string): string | null {
  const d = destination(path);
  if (d.kind !== 'file') return d.kind === 'error' ? d.why : null;
  try {
    if (!statSync(dirname(d.path)).isDirectory()) return 'ENOTDIR';
    accessSync(dirname(d.path), constants.W_OK);
    return null;
  } catch (e) {
    return errno(e);
  }
}
