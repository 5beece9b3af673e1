// Explorer, parallel: where subtrees run — worker threads (piscina), or the calling thread for one worker.
import { Piscina } from 'piscina';
import type { Scenario } from '../scenario.ts';
import type { ScenarioRef } from './ref.ts';
import { runTask } from './subtree.ts';
import type { TaskAnswer, TreeSpec } from './task.ts';
import type { WorkerData, WorkerJob } from './worker.ts';

/** Runs subtree jobs; `close` releases its threads. */
export interface Runner {
  readonly size: number;
  run(job: WorkerJob, signal: AbortSignal): Promise<TaskAnswer>;
  close(): Promise<void>;
}

/** One worker: jobs run on the calling thread, one at a time (no thread start-up cost; same results as N workers). */
export function inlineRunner(sc: Scenario, spec: TreeSpec, control?: Int32Array): Runner {
  return {
    size: 1,
    run(job) {
      const lim = {
        ...(control === undefined ? {} : { control }),
        ...(job.budget === undefined ? {} : { budget: job.budget }),
        ...(job.deadline === undefined ? {} : { deadline: job.deadline }),
      };
      return new Promise((resolve) => {
        // A macrotask per subtree: timers (checkpoints) and I/O get a turn between subtrees.
        setImmediate(() => {
          const a = runTask(sc, spec, job.task, lim);
          if (a.kind === 'unit') throw new Error('epoll-lab bug: unit answer outside planning');
          resolve(a);
        });
      });
    },
    close: () => Promise.resolve(),
  };
}

/** `n` worker threads; each rebuilds the scenario from `ref` once. */
export function threadRunner(ref: ScenarioRef, spec: TreeSpec, n: number, control?: Int32Array): Runner {
  const fromSource = import.meta.url.endsWith('.ts');
  const filename = new URL(fromSource ? './worker-boot.mjs' : './worker.js', import.meta.url).href;
  const data: WorkerData = { ref, spec, ...(control === undefined ? {} : { control }) };
  const pool = new Piscina({
    filename,
    minThreads: n,
    maxThreads: n,
    concurrentTasksPerWorker: 1,
    workerData: data,
    idleTimeout: 60_000,
  });
  return {
    size: n,
    run: (job, signal) => pool.run(job, { signal }) as Promise<TaskAnswer>,
    close: () => pool.destroy(),
  };
}
