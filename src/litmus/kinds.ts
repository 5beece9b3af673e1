// Litmus tests: the violation kinds conditions and expectations may name, and which of them are observations.

/**
 * Kinds reported by the model's detectors (src/kernel/violation.ts). Kept as strings so a kind added to the model
 * before this list only makes it unnameable in litmus files, not a type error.
 */
export const KNOWN_KINDS: readonly string[] = [
  'use-after-free',
  'refcount-addition-on-0',
  'refcount-underflow',
  'double-fput',
  'bug-on',
  'deadlock',
  'lock-order',
  'hung-task',
  'leak',
  'event-from-dying-file',
  'event-dropped-dying-file',
];

/** Kinds that record what happened without being a bug; `clean` and `violation(any)` ignore them. */
export const OBSERVATION_KINDS: ReadonlySet<string> = new Set(['event-from-dying-file', 'event-dropped-dying-file']);

/** Kinds a condition can test in one state: lock order is found across executions. */
export const STATE_KINDS: readonly string[] = KNOWN_KINDS.filter((k) => k !== 'lock-order');

export function isBug(kind: string): boolean {
  return !OBSERVATION_KINDS.has(kind);
}
