// Explorer, parallel: the worker thread (piscina) — rebuilds the scenario once, then explores or splits subtrees.
import { workerData } from 'node:worker_threads';
import type { Scenario } from '../scenario.ts';
import { resolveScenario, type ScenarioRef } from './ref.ts';
import { runTask } from './subtree.ts';
import type { SubtreeTask, TaskAnswer, TreeSpec } from './task.ts';

/** What the pool gives every worker. */
export interface WorkerData {
  readonly ref: ScenarioRef;
  readonly spec: TreeSpec;
  /** The exploration's control block (shared memory: a stop flag and a run counter). */
  readonly control?: Int32Array;
}

/** One job: a subtree and its limits. */
export interface WorkerJob {
  readonly task: SubtreeTask;
  readonly budget?: number;
  readonly deadline?: number;
}

let scenario: Promise<Scenario> | null = null;

function load(): Promise<Scenario> {
  scenario ??= resolveScenario((workerData as WorkerData).ref).then((r) => {
    if (!r.ok) throw new Error(`epoll-lab bug: a worker cannot rebuild the scenario: ${r.message}`);
    return r.scenario;
  });
  return scenario;
}

export default async function explore(job: WorkerJob): Promise<TaskAnswer> {
  const sc = await load();
  const { spec, control } = workerData as WorkerData;
  const a = runTask(sc, spec, job.task, {
    ...(control === undefined ? {} : { control }),
    ...(job.budget === undefined ? {} : { budget: job.budget }),
    ...(job.deadline === undefined ? {} : { deadline: job.deadline }),
  });
  if (a.kind === 'unit') throw new Error('epoll-lab bug: a worker was asked only to decide');
  return a;
}
