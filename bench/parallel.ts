// Bench: parallel exploration — 1 worker against N worker threads on 3-thread litmus tests (wall clock, medians).
// Run by bench/main.ts in a child process; prints one JSON line (`ParallelFigures`). Every exploration runs in a
// fresh process of its own, as `epoll-lab check --workers N` does: the one-worker run and each worker thread start
// with a cold JIT alike, and runs of different worker counts alternate so that a change in the machine's speed
// (other tenants, clock) hits them all.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exploreParallel, type ScenarioRef } from '../src/explore/parallel/index.ts';
import type { ExploreResult } from '../src/explore/index.ts';
import { litmusRef } from '../src/litmus/ref.ts';
import { median } from './measure.ts';

/** The tests, by id: a short one (thread start-up weighs) and the one the 1.7x target is measured on. */
export const PARALLEL_TESTS: Readonly<Record<string, string>> = {
  short: 'three-threads.litmus',
  long: 'three-threads-long.litmus',
};

/** One exploration: wall milliseconds, executions and the outcome set with counts (to compare worker counts). */
interface One {
  readonly ms: number;
  readonly executions: number;
  readonly summary: string;
}

export interface ParallelFigures {
  readonly test: string;
  readonly executions: number;
  /** Every run gave the same outcome set and counts. */
  readonly sameResult: boolean;
  readonly runs: readonly { readonly workers: number; readonly ms: readonly number[] }[];
  /** Two one-worker explorations started together in two processes: each one's wall ms (null when not measured). */
  readonly pair: readonly number[] | null;
}

function refOf(id: string): ScenarioRef {
  const name = PARALLEL_TESTS[id];
  if (name === undefined) throw new Error(`unknown parallel bench test '${id}'`);
  const file = fileURLToPath(new URL(`./litmus/${name}`, import.meta.url));
  return litmusRef(readFileSync(file, 'utf8'), file, 'v7.1');
}

/** The outcome set with counts. */
function summary(r: ExploreResult): string {
  return [...r.outcomes]
    .map(([o, i]) => `${o}=${i.count}`)
    .sort()
    .join('\n');
}

async function one(id: string, workers: number): Promise<One> {
  const t0 = performance.now();
  const r = await exploreParallel(refOf(id), { workers, progress: false });
  const ms = performance.now() - t0;
  if (!r.ok) throw new Error(`bench parallel: ${JSON.stringify(r)}`);
  return { ms, executions: r.result.stats.executions, summary: summary(r.result) };
}

/** Runs `one` in a fresh process (same node flags, so tsx). */
function fresh(id: string, workers: number): Promise<One> {
  return new Promise((resolve, reject) => {
    const self = fileURLToPath(import.meta.url);
    const c = spawn(process.execPath, [...process.execArgv, self, '--one', id, String(workers)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    c.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    c.on('error', reject);
    c.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`bench parallel: --one ${id} ${workers} exit ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '') as One);
    });
  });
}

async function figures(id: string, reps: number, counts: readonly number[], pair: boolean): Promise<ParallelFigures> {
  const ms = new Map<number, number[]>(counts.map((w) => [w, []]));
  let first: One | null = null;
  let sameResult = true;
  for (let i = 0; i < reps; i++)
    for (const w of counts) {
      const o = await fresh(id, w);
      ms.get(w)?.push(o.ms);
      first ??= o;
      if (o.summary !== first.summary || o.executions !== first.executions) sameResult = false;
    }
  let pairMs: number[] | null = null;
  if (pair) {
    const ps: number[][] = [[], []];
    for (let i = 0; i < reps; i++) {
      const [a, b] = await Promise.all([fresh(id, 1), fresh(id, 1)]);
      ps[0]?.push((a as One).ms);
      ps[1]?.push((b as One).ms);
    }
    pairMs = ps.map(median);
  }
  return {
    test: `bench/litmus/${PARALLEL_TESTS[id] ?? id}`,
    executions: first?.executions ?? 0,
    sameResult,
    runs: counts.map((w) => ({ workers: w, ms: ms.get(w) ?? [] })),
    pair: pairMs,
  };
}

const argv = process.argv.slice(2);
if (argv[0] === '--one') console.log(JSON.stringify(await one(argv[1] ?? 'short', Number(argv[2] ?? 1))));
else {
  // parallel.ts ID REPS WORKERS [--pair]
  const id = argv[0] ?? 'long';
  const reps = Number(argv[1] ?? 3);
  const counts = (argv[2] ?? '1,2').split(',').map(Number);
  console.log(JSON.stringify(await figures(id, reps, counts, argv.includes('--pair'))));
}
