// Explorer, parallel: how many worker threads to start (apart from the pool, so that asking loads no thread pool).
import { availableParallelism, loadavg } from 'node:os';

/**
 * The default number of workers: the cores free for them — those this process may run on (CPU affinity) less the
 * load other processes put on them (the 1-minute load average, rounded), at least 1. On a busy machine that is one
 * worker, which then runs on the calling thread: worker threads would only queue behind the other processes.
 */
export function defaultWorkers(cores: number = availableParallelism(), load: number = loadavg()[0] ?? 0): number {
  return Math.max(1, Math.min(cores, Math.round(cores - load)));
}
