// Bench: the native side — compiles native/bench_epoll.c with the system cc into build/bench/ and runs it.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './measure.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'native', 'bench_epoll.c');
/** git-ignored (`build/`): the binary is built at every bench run and never committed. */
const OUT = join(ROOT, 'build', 'bench', 'bench_epoll');

/** Native figures: CPU ns per call (median over repetitions) and the wall-clock median. */
export interface NativeLoop {
  readonly median: number;
  readonly wallMedian: number;
}

export type NativeResult =
  | {
      readonly ok: true;
      readonly epollWait: ReadonlyMap<number, NativeLoop>;
      readonly cycle: NativeLoop;
    }
  | { readonly ok: false; readonly message: string };

interface Line {
  readonly case: string;
  readonly registered?: number;
  readonly ns: number[];
  readonly cpu_ns: number[];
}

/** Builds and runs the native loops; a missing compiler or a failing run is a value, not an exception. */
export function runNative(ns: readonly number[], reps: number, minMs: number): NativeResult {
  mkdirSync(dirname(OUT), { recursive: true });
  const cc = spawnSync(process.env['CC'] ?? 'cc', ['-O2', '-Wall', '-o', OUT, SRC], { encoding: 'utf8' });
  if (cc.error !== undefined) return { ok: false, message: `cc: ${cc.error.message}` };
  if (cc.status !== 0) return { ok: false, message: `cc failed: ${cc.stderr.trim()}` };
  const run = spawnSync(OUT, [String(reps), String(minMs), ...ns.map(String)], { encoding: 'utf8' });
  if (run.status !== 0) return { ok: false, message: `bench_epoll failed: ${run.stderr.trim()}` };
  const epollWait = new Map<number, NativeLoop>();
  let cycle: NativeLoop | null = null;
  for (const text of run.stdout.trim().split('\n')) {
    const l = JSON.parse(text) as Line;
    const loop = { median: median(l.cpu_ns), wallMedian: median(l.ns) };
    if (l.case === 'epoll_wait' && l.registered !== undefined) epollWait.set(l.registered, loop);
    else if (l.case === 'cycle') cycle = loop;
  }
  if (cycle === null) return { ok: false, message: 'bench_epoll printed no cycle figure' };
  return { ok: true, epollWait, cycle };
}
