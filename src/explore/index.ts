// Explorer: public API of the interleaving explorer.
export { defaultOutcome, scenarioHash, threadResult, type Scenario } from './scenario.ts';
export {
  explore,
  type ExploreMode,
  type ExploreOptions,
  type ExploreProgress,
  type ExploreResult,
  type OutcomeInfo,
  type ViolationRecord,
} from './explore.ts';
export { formatTrace, replay, type ReplayResult } from './replay.ts';
export { minimise, type MinimiseOptions, type MinimiseResult } from './minimise.ts';
export { formatStats, multinomial, type ExploreStats } from './stats.ts';
export { decodeToken, encodeToken, type TokenData, type TokenParse } from './token.ts';
export { lockOrderReport, renderReport } from './report.ts';
export { Engine, IntLog, type EndKind, type ExecResult, type Strategy, type TraceEntry } from './engine.ts';
export { LockDep, lockClass, type LockCycle, type LockEdge } from './lockdep.ts';
