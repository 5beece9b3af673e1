// Bench: `epoll-lab check` with the default --workers against --workers 1, as a user runs it (fresh CLI processes,
// alternating; wall clock and executions). Two cases: the seed corpus (litmus/seed.list, every variant its
// expectations name) and a run bounded by --timeout on a test that cannot finish within it. Run by bench/main.ts in a
// child process; prints one JSON line (`WorkersFigures`).
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { seedFiles } from '../src/litmus/corpus.ts';
import { defaultWorkers } from '../src/explore/parallel/cores.ts';
import { median } from './measure.ts';

const BIN = fileURLToPath(new URL('../bin/epoll-lab.js', import.meta.url));
const LONG = fileURLToPath(new URL('./litmus/three-threads-long.litmus', import.meta.url));
/** The bounded case's --timeout (ms). */
export const BOUNDED_TIMEOUT_MS = 3000;

interface Run {
  readonly ms: number;
  readonly executions: number;
}

export interface WorkersCase {
  readonly name: string;
  /** What the default chose on this machine, when it ran (the cores less the load average, at least 1). */
  readonly defaultWorkers: number;
  /** The 1-minute load average when the case started and when it ended (the default reads it; other users move it). */
  readonly load: readonly [number, number];
  readonly one: readonly Run[];
  readonly dflt: readonly Run[];
}

export interface WorkersFigures {
  readonly cases: readonly WorkersCase[];
}

/** One `check --json` in a fresh process: wall ms and the executions of every test × variant it printed. */
function check(args: readonly string[]): Run {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'check', '--json', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`bench workers: check ${args.join(' ')}: ${r.stderr}`);
  const executions = r.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .reduce((n, l) => n + (JSON.parse(l) as { executions: number }).executions, 0);
  return { ms, executions };
}

function measure(name: string, args: readonly string[], reps: number): WorkersCase {
  const one: Run[] = [];
  const dflt: Run[] = [];
  const chosen = defaultWorkers();
  const before = loadavg()[0] ?? 0;
  for (let i = 0; i < reps; i++) {
    one.push(check([...args, '--workers', '1']));
    dflt.push(check(args));
  }
  return { name, defaultWorkers: chosen, load: [before, loadavg()[0] ?? 0], one, dflt };
}

/** Median wall ms and executions of runs. */
export function medians(runs: readonly Run[]): { ms: number; executions: number } {
  return { ms: median(runs.map((r) => r.ms)), executions: median(runs.map((r) => r.executions)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const reps = Number(process.argv[2] ?? 3);
  const figures: WorkersFigures = {
    cases: [
      measure('seed corpus (litmus/seed.list)', seedFiles(), reps),
      measure(`bounded: --timeout ${BOUNDED_TIMEOUT_MS}`, [LONG, '--timeout', String(BOUNDED_TIMEOUT_MS)], reps),
    ],
  };
  console.log(JSON.stringify(figures));
}
