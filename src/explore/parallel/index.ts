// Explorer, parallel: public API — parallel (worker threads), sharded and resumable exploration.
export { exploreParallel, treeSpec, type ParallelOptions, type ParallelRun } from './parallel.ts';
export { resolveScenario, type ScenarioRef, type ResolveResult } from './ref.ts';
export { mergeShardFiles, readResultFile, type ResultFile } from './shard.ts';
export { planShards, type ShardShare } from './plan.ts';
export { parseShard, parseWorkers, type ParallelCode, type ParallelError, type ShardSpec } from './errors.ts';
export { defaultWorkers } from './cores.ts';
export { progressLine, type ProgressInfo, type ProgressSink } from './progress.ts';
export { readCheckpoint, writeCheckpoint, type Checkpoint, type Identity } from './checkpoint.ts';
export type { TreeSpec, SubtreeTask, TaskResult } from './task.ts';
