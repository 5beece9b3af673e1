// The public API of epoll-lab: the Kernel library API, scripts (parse, run, format) and kernel variants.
export { Kernel } from './api/Kernel.ts';
export type { KernelOptions } from './api/Kernel.ts';
export { Process } from './api/Process.ts';
export type { Flags } from './api/Process.ts';
export { ModelHaltError } from './api/errors.ts';
export type {
  EpollEventArg,
  EpollEventResult,
  EpollWaitResult,
  EventfdReadResult,
  FdPairResult,
  FenceResult,
  PollResult,
  ReadResult,
  SysResult,
} from './api/results.ts';

export { parseScript } from './script/compile.ts';
export type { ParseOptions, ParseResult, Script, ScriptLine } from './script/compile.ts';
export { runScript } from './script/runner.ts';
export type { RunOptions, RunOutcome, ScriptEnd, ScriptRun } from './script/runner.ts';
export { CALLS } from './script/calls/index.ts';
export type { CallDef } from './script/calls/types.ts';
export type { CallRecord, CallResult, EventResult } from './script/result.ts';
export { EpmError, formatScriptError } from './script/errors.ts';
export type { EpmCode, ScriptError } from './script/errors.ts';

export {
  escapeC,
  formatEventList,
  formatJsonLine,
  formatResult,
  formatTextLine,
  parseJsonLine,
} from './script/format.ts';
export { parseJson, toJson } from './script/json.ts';
export type { JsonValue } from './script/json.ts';
export { formatEvents, FLAG_VALUES } from './kernel/uapi.ts';

export {
  CASE_STUDY_PRESETS,
  DEFAULT_VARIANT,
  KNOBS,
  PRESETS,
  parseVariant,
  presetNames,
  VERSION_PRESETS,
} from './kernel/variant.ts';
export { HISTORY, knobsForRelease } from './kernel/history.ts';
export type { KnobChange } from './kernel/history.ts';
export { runAtlas } from './atlas/atlas.ts';
export type { AtlasCell, AtlasRow } from './atlas/atlas.ts';
export type { KnobName, Variant, VariantParse } from './kernel/variant.ts';
export type { Violation, ViolationKind } from './kernel/violation.ts';

export {
  checkLitmus,
  checkLitmusFile,
  compileLitmus,
  diffLitmus,
  formatCheck,
  parseLitmus,
  replayLitmus,
} from './litmus/index.ts';
export type {
  CheckOptions,
  CheckResult,
  ExpectationResult,
  LitmusCheck,
  LitmusDiff,
  LitmusReplay,
  LitmusTest,
  OutcomeRecord,
  ViolationSummary,
} from './litmus/index.ts';
