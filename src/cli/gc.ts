// The CLI's garbage-collector setting: V8's incremental marking off, unless the user set it (measured: docs/scaling.md).
import { setFlagsFromString } from 'node:v8';

/**
 * An exploration keeps its DPOR tree and the running execution alive across young-generation collections. While V8
 * marks the old generation incrementally, a young collection promotes what survives it, so the old generation fills
 * with executions that die soon after and V8 marks again: on I1 with 4 waiters (one thread) the old generation grew
 * 10 -> 60 MB between 14 full collections, and marking's write barrier slowed every step. With incremental marking off
 * the same run has no full collection and takes about a third less time; a check of the whole corpus about 15% less
 * (the built CLI; through tsx the difference is within the noise). The library does not do this (it is the embedding
 * program's process, and in one long process of many explorations the setting costs: src/explore/DESIGN.md,
 * "Performance notes"); `node --incremental-marking` (or the flag in NODE_OPTIONS) keeps V8's default.
 */
export function tuneGc(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions = process.env['NODE_OPTIONS'],
): boolean {
  if ([...execArgv, nodeOptions ?? ''].some((a) => a.includes('incremental-marking'))) return false;
  setFlagsFromString('--no-incremental-marking');
  return true;
}

tuneGc();
