// Playground: the messages between the page and its worker (plain structured-clone values, no functions).
import type { ScriptError } from '../src/script/errors.ts';

/** The exploration modes the playground offers: the CLI's `--mode` list (one constant, src/commands/litmus-opts.ts). */
export { MODES as PLAYGROUND_MODES } from '../src/commands/litmus-opts.ts';

/** The file names parse errors, run output and replays print (the CLI line writes the text to these files). */
export const LITMUS_FILE = 'playground.litmus';
export const SCRIPT_FILE = 'playground.script';

/** The bounds of a run, as the CLI's `check` flags take them. */
export interface RunOptions {
  readonly mode: string;
  /** `--max-executions` (per variant); null: unlimited. */
  readonly maxExecutions: number | null;
  /** `--timeout` in ms (per variant); null: none. */
  readonly timeoutMs: number | null;
  /** `--bound` (preemption bound); null: none. */
  readonly bound: number | null;
  /** `--stop-on violation[=KIND]`: null, `any`, or a violation kind. */
  readonly stopOn: string | null;
}

export type Request =
  | {
      readonly type: 'check';
      readonly id: number;
      readonly source: string;
      readonly variants: string;
      readonly options: RunOptions;
    }
  | { readonly type: 'script'; readonly id: number; readonly source: string; readonly variant: string }
  | { readonly type: 'replay'; readonly id: number; readonly source: string; readonly token: string };

/** One variant's result in a few values (the page's variants × outcomes matrix and the share check). */
export interface VariantSummary {
  readonly variant: string;
  readonly complete: boolean;
  readonly executions: number;
  readonly ms: number;
  /** `Ok · Sometimes 1 2`, or null without a condition. */
  readonly verdict: string | null;
  readonly outcomes: readonly { readonly outcome: string; readonly count: number; readonly token: string }[];
  /** Distinct violation kinds, bugs and observations. */
  readonly kinds: readonly string[];
  /** The herd7-style block `epoll-lab check` prints. */
  readonly text: string;
}

export type Response =
  | {
      readonly type: 'progress';
      readonly id: number;
      readonly variant: string;
      readonly executions: number;
      readonly outcomes: number;
      readonly ms: number;
    }
  | { readonly type: 'input-errors'; readonly id: number; readonly errors: readonly ScriptError[] }
  | { readonly type: 'failed'; readonly id: number; readonly message: string }
  | {
      readonly type: 'checked';
      readonly id: number;
      readonly summaries: readonly VariantSummary[];
      /** Report HTML (src/report renderers): the outcome diff table and one section per variant. */
      readonly diffHtml: string;
      readonly cellsHtml: readonly string[];
      readonly ms: number;
    }
  | {
      readonly type: 'script-ran';
      readonly id: number;
      /** `LINE: TEXT = RET ...` per call, as `epoll-lab run` prints. */
      readonly lines: readonly string[];
      readonly end: string;
    }
  | {
      readonly type: 'replayed';
      readonly id: number;
      /** The `epoll-lab replay --trace` text. */
      readonly text: string;
      /** The report's figure (timeline, f_count plot, step list). */
      readonly figureHtml: string;
    };
