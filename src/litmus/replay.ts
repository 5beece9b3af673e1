// Litmus tests: replays one execution from its token; the token's hash names the test's source, found by search.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { decodeToken } from '../explore/token.ts';
import { sourceHash } from './hash.ts';
import { replaySource, type LitmusReplayResult } from './replay-source.ts';

export type { LitmusReplay, LitmusReplayResult } from './replay-source.ts';

export interface ReplayOptions {
  readonly trace?: boolean;
  /** The `.litmus` file the token came from; without it, `searchDir` is searched. */
  readonly file?: string;
  /** Directory searched recursively for `*.litmus` files (default `litmus` under the working directory). */
  readonly searchDir?: string;
}

function litmusFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const p = join(dir, n);
    try {
      if (statSync(p).isDirectory()) return litmusFiles(p);
    } catch {
      return [];
    }
    return n.endsWith('.litmus') ? [p] : [];
  });
}

/** The file (and its text) whose source hash is `hash`: `file` if given (it must match), else the first found. */
function findSource(hash: string, opts: ReplayOptions): { file: string; source: string } | string {
  const candidates = opts.file !== undefined ? [opts.file] : litmusFiles(opts.searchDir ?? 'litmus');
  for (const file of candidates) {
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      if (opts.file !== undefined) return `${file}: cannot read litmus file`;
      continue;
    }
    const h = sourceHash(source, file);
    if (h === hash) return { file, source };
    if (opts.file !== undefined)
      return h === null
        ? `${file} no longer parses`
        : `${file} is not the test of this token (its hash is ${h}, the token's ${hash}); was it changed?`;
  }
  return `no litmus file under ${opts.searchDir ?? 'litmus'}/ has hash ${hash}; pass --file`;
}

/** Re-runs the execution a token names, on the test its hash identifies. Every failure is a message. */
export function replayLitmus(token: string, opts: ReplayOptions = {}): LitmusReplayResult {
  const t = decodeToken(token);
  if (!t.ok) return t;
  const found = findSource(t.data.hash, opts);
  if (typeof found === 'string') return { ok: false, message: found };
  return replaySource(token, found, opts.trace === true);
}
