// Bench: parallel exploration — 1 worker against N worker threads on a 3-thread litmus test (wall clock, median).
// Run by bench/main.ts in a child process; prints one JSON line: { executions, sameResult, runs: [{ workers, ms }] }.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exploreParallel, type ScenarioRef } from '../src/explore/parallel/index.ts';
import type { ExploreResult } from '../src/explore/index.ts';

const FILE = fileURLToPath(new URL('./litmus/three-threads.litmus', import.meta.url));
const reps = Number(process.argv[2] ?? 3);
const workerCounts = (process.argv[3] ?? '1,2').split(',').map(Number);
const ref: ScenarioRef = { kind: 'litmus', source: readFileSync(FILE, 'utf8'), file: FILE, variant: 'v7.1' };

/** The outcome set with counts, for comparing runs with different worker counts. */
function summary(r: ExploreResult): string {
  return [...r.outcomes]
    .map(([o, i]) => `${o}=${i.count}`)
    .sort()
    .join('\n');
}

const runs: { workers: number; ms: number[] }[] = [];
let executions = 0;
let first: string | null = null;
let sameResult = true;
for (const workers of workerCounts) {
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const r = await exploreParallel(ref, { workers, progress: false });
    ms.push(performance.now() - t0);
    if (!r.ok) throw new Error(`bench parallel: ${JSON.stringify(r)}`);
    executions = r.result.stats.executions;
    const s = summary(r.result);
    if (first === null) first = s;
    else if (s !== first) sameResult = false;
  }
  runs.push({ workers, ms });
}
console.log(JSON.stringify({ executions, sameResult, runs }));
