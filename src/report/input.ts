// HTML report: what the report shows, as plain values built from the explorer's results (no rendering here).
import type { EndKind, TraceEntry } from '../explore/engine.ts';
import type { ViolationKind } from '../kernel/violation.ts';

/** How bad a cell is; the summary matrix colours cells by the worst level. `error`: the model itself failed. */
export type Severity = 'error' | 'violation' | 'bad' | 'clean';

/** A test's condition (herd7-style `exists` clause) and what the exploration concluded about it. */
export interface ReportCondition {
  /** The condition as written, e.g. `exists (T1=halted)`. */
  readonly text: string;
  /** The verdict, e.g. `Ok · Sometimes 1 2` (herd7: Ok/No, the observation, positive and negative states). */
  readonly verdict: string;
  /** A word for the summary matrix, e.g. `Sometimes` (default: the verdict). */
  readonly summary?: string;
  /** The expected verdict, when the test states one (`Result: Never`). */
  readonly expected?: string;
  /** Whether the verdict is the expected one (absent: no expectation). */
  readonly ok?: boolean;
  /** One more line of explanation. */
  readonly detail?: string;
  /** The name the test gives its bad outcomes (a litmus `bad` line), e.g. `spurious EBUSY`. */
  readonly badLabel?: string;
}

/** A claim the test makes about a variant (`expect v6.9: exists`) and whether the exploration bears it out. */
export interface ReportExpectation {
  readonly text: string;
  readonly status: 'pass' | 'fail' | 'unknown';
  readonly message: string;
}

/** A replayed execution: every step, with the events at which violations fired. */
export interface ReportTrace {
  readonly token: string;
  readonly end: EndKind;
  /** The outcome the replay reached (the scenario's string plus violation kinds). */
  readonly outcome: string;
  readonly steps: readonly TraceEntry[];
  /**
   * The steps to highlight: each violation's event index (`pos` of the trace), kind and title, and the step number
   * its kernel-style report prints (counted from boot: the setup's steps come first).
   */
  readonly marks: readonly {
    readonly pos: number;
    readonly kind: ViolationKind;
    readonly title: string;
    readonly kernelStep: number;
  }[];
  /** Where the calls a test's condition names returned: the thread's last step of the call, and what it returned. */
  readonly returns?: readonly ReportReturn[];
}

/** A call's return in a replay: `u = umount(...)` returning `-EBUSY` at step 101 of P1. */
export interface ReportReturn {
  readonly pos: number;
  readonly thread: string;
  /** The call, e.g. `umount`. */
  readonly call: string;
  /** The result name as the condition writes it, e.g. `P1:u`. */
  readonly name: string;
  /** The value as the state prints it, e.g. `-EBUSY`. */
  readonly value: string;
}

/** One distinct outcome of a test under a variant. */
export interface ReportOutcome {
  readonly outcome: string;
  readonly count: number;
  readonly token: string;
  /** A bad outcome the test declares (`~exists`/`forall`, or `exists` with a `bad` line): painted red. */
  readonly bad: boolean;
  /** The outcome satisfies the condition's proposition (neutral: an `exists` condition asks, it does not judge). */
  readonly matches?: boolean;
  /** Variants of this test, compared with this one, that never reach this outcome (empty: no diff). */
  readonly missingIn: readonly string[];
  /** Index into the cell's `traces` of this outcome's replay, when one was made. */
  readonly trace: number | null;
}

/** One distinct violation (first occurrence). */
export interface ReportViolation {
  readonly kind: ViolationKind;
  readonly title: string;
  readonly thread: string;
  readonly report: string;
  readonly token: string;
  /** Index into the cell's `traces`, or null when the replay failed (see the cell's `errors`). */
  readonly trace: number | null;
}

/** One test under one variant. */
export interface ReportCell {
  readonly variant: string;
  /** How the exploration ended: `exhausted`, `bound-reached (executions)`, `model-error`... */
  readonly ending: string;
  /** False when the exploration stopped before exhausting the schedules (the absence of findings is not proven). */
  readonly complete: boolean;
  readonly mode: string;
  readonly executions: number;
  readonly outcomes: readonly ReportOutcome[];
  readonly violations: readonly ReportViolation[];
  readonly condition?: ReportCondition;
  /** The test's expectations for this variant (empty when it states none). */
  readonly expectations: readonly ReportExpectation[];
  /** Replayed executions, shared by the outcomes and violations that point at them. */
  readonly traces: readonly ReportTrace[];
  /** Model errors and failed replays, as text. */
  readonly errors: readonly string[];
  /** Optional measured facts (e.g. `1.2 s`); absent by default so that reports are deterministic. */
  readonly timing?: string;
}

/** One test (a litmus test or a scenario family) across the report's variants. */
export interface ReportTest {
  readonly name: string;
  readonly description?: string;
  /** The test's source text (a litmus file), shown verbatim. */
  readonly source?: string;
  /** One cell per variant the test ran under, in column order. */
  readonly cells: readonly ReportCell[];
  /** The variant pairs whose outcome sets were compared (an outcome's `missingIn` names the other of a pair). */
  readonly pairs: readonly (readonly [string, string])[];
}

/** The whole report. */
export interface ReportInput {
  readonly title: string;
  /** Column order of the summary matrix (every cell's variant appears here). */
  readonly variants: readonly string[];
  /** What each variant stands for (the commit it models), for the variants that have a description. */
  readonly variantDocs: readonly (readonly [string, string])[];
  readonly tests: readonly ReportTest[];
  /** Free text under the title (e.g. the command line); include dates only when wanted: output must be reproducible. */
  readonly subtitle?: string;
}
