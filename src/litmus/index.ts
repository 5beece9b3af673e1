// Litmus tests: public API — parse, compile to a Scenario, check on variants, diff two variants, replay a token.
export type {
  CmpOp,
  Condition,
  Expectation,
  ExpectWhat,
  LitmusTest,
  Prop,
  Quantifier,
  Ref,
  ThreadDef,
  Value,
} from './ast.ts';
export { parseLitmus, type LitmusParse, type LitmusParseOptions } from './parse.ts';
export { compileLitmus, type CompiledLitmus, type CompileResult } from './compile.ts';
export { litmusHash, sourceHash } from './hash.ts';
export {
  checkLitmus,
  checkVariant,
  resolveVariants,
  resultOk,
  type CheckOptions,
  type CheckResult,
  type ExpectationResult,
  type LitmusCheck,
  type OutcomeRecord,
  type ViolationSummary,
} from './check.ts';
export { checkLitmusFile, readLitmusFile } from './file.ts';
export { diffLitmus, type LitmusDiff, type LitmusDiffResult } from './diff.ts';
export { replayLitmus, type LitmusReplay, type LitmusReplayResult, type ReplayOptions } from './replay.ts';
export { holdsIn, verdict, type ConditionVerdict, type Observation } from './evaluate.ts';
export { checkJson, coverage, formatCheck, formatCheckJson } from './format.ts';
export { stateText, valueText, type FinalState, type ResultValue } from './state.ts';
export { allVariants, parseVariantList } from './variants.ts';
export type { ExpectStatus } from './expect.ts';
