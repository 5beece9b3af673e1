// Explorer: runs an exploration in slices on the calling thread, so that signals, timers and a progress line get a
// turn; an abort signal (the CLI's SIGINT/SIGTERM) stops it with the states found so far.
import { explorer, type ExploreOptions, type ExploreResult } from './explore.ts';

/** What the running exploration reports between slices. */
export interface SliceProgress {
  /** All executions run so far (complete, redundant, blocked). */
  readonly runs: number;
  readonly executions: number;
  readonly elapsedMs: number;
  /** The interleavings naive DFS would run (an upper estimate for DPOR's work). */
  readonly naiveEstimate: number;
  /** Distinct violations found so far. */
  readonly violations: number;
  /** A fatal violation halted an execution. */
  readonly halted: boolean;
  /** DPOR: view reads run so far. */
  readonly viewReads: number;
  /** Value branches were turned off (the rest is plain DPOR). */
  readonly valuesOff: boolean;
}

export interface InterruptibleOptions {
  /** Stops the exploration between two slices: the result is `bound-reached` with limit `interrupted`. */
  readonly signal?: AbortSignal;
  /** Called after every slice. */
  readonly onProgress?: (p: SliceProgress) => void;
  /** Length of a slice (default 100 ms): the longest a signal waits. */
  readonly sliceMs?: number;
}

/** `explore`, in slices of `sliceMs` with a macrotask turn between them. Same result as `explore` unless stopped. */
export async function exploreInterruptible(
  scenario: Parameters<typeof explorer>[0],
  opts: ExploreOptions,
  ctl: InterruptibleOptions = {},
): Promise<ExploreResult> {
  const x = explorer(scenario, opts);
  const slice = ctl.sliceMs ?? 100;
  for (;;) {
    if (ctl.signal?.aborted === true) return x.stop('interrupted');
    const r = x.step(slice);
    if (r !== null) return r;
    ctl.onProgress?.(x.progress());
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
