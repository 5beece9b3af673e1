// HTML report: how bad a cell is — the order the summary matrix colours by (error > violation > bad > clean).
import { OBSERVATION_KINDS } from '../litmus/kinds.ts';
import type { ReportCell, Severity } from './input.ts';

/** Observations of the model (ep_item_poll meeting a dying file) are shown, but do not make a cell a violation. */
export function isObservation(kind: string): boolean {
  return OBSERVATION_KINDS.has(kind);
}

/** The scenario's part of an outcome and the finding kinds the explorer appended after ` | `. */
export function splitOutcome(outcome: string): { readonly base: string; readonly kinds: readonly string[] } {
  const i = outcome.lastIndexOf(' | ');
  if (i < 0) return { base: outcome, kinds: [] };
  return { base: outcome.slice(0, i), kinds: outcome.slice(i + 3).split(',') };
}

/** The outcome's execution had a violation (not only observations). */
export function outcomeHasViolation(outcome: string): boolean {
  return splitOutcome(outcome).kinds.some((k) => !isObservation(k));
}

/** The badge of a finding kind: red for violations, neutral for observations. */
export function kindBadge(kind: string, text: string): string {
  return `<span class="badge ${isObservation(kind) ? 'obs' : 'k'}">${text}</span>`;
}

/** The worst of a cell: a model error or failed replay, a violation, an outcome the condition calls bad, or clean. */
export function cellSeverity(c: ReportCell): Severity {
  if (c.errors.length > 0) return 'error';
  if (c.violations.some((v) => !isObservation(v.kind)) || c.outcomes.some((o) => outcomeHasViolation(o.outcome)))
    return 'violation';
  if (c.outcomes.some((o) => o.bad) || c.condition?.ok === false || c.expectations.some((e) => e.status === 'fail'))
    return 'bad';
  return 'clean';
}
