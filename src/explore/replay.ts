// Explorer: replay of one execution from its token, with the step trace.
import { ReplayStrategy } from './dfs.ts';
import { Engine, IntLog, type EndKind, type TraceEntry } from './engine.ts';
import { LockDep } from './lockdep.ts';
import { renderReport } from './report.ts';
import { hashOf, type Scenario } from './scenario.ts';
import { decodeToken } from './token.ts';
import type { ViolationRecord } from './explore.ts';

/** A replayed execution, or why the token does not fit the scenario. */
export type ReplayResult =
  | {
      readonly ok: true;
      readonly end: EndKind;
      readonly outcome: string;
      readonly violations: readonly ViolationRecord[];
      /** The event index (trace `pos`) at which each violation fired, parallel to `violations`. */
      readonly at: readonly number[];
      readonly trace: readonly TraceEntry[] | null;
      readonly events: number;
    }
  | { readonly ok: false; readonly message: string };

/** Re-runs the execution a token names; with `trace`, returns every step (thread, function, object, kind). */
export function replay(scenario: Scenario, token: string, opts: { readonly trace?: boolean } = {}): ReplayResult {
  const t = decodeToken(token);
  if (!t.ok) return t;
  if (t.data.variant !== scenario.variant.name)
    return { ok: false, message: `token is for variant '${t.data.variant}', scenario runs '${scenario.variant.name}'` };
  if (t.data.hash !== hashOf(scenario))
    return {
      ok: false,
      message: `token is for scenario hash ${t.data.hash}, '${scenario.name}' has ${hashOf(scenario)}`,
    };
  const engine = new Engine(scenario, new ReplayStrategy(t.data.choices));
  const choices = new IntLog();
  const trace: TraceEntry[] | null = opts.trace === true ? [] : null;
  let res;
  try {
    res = engine.execute({ choices, lockdep: new LockDep(), trace });
  } catch (e) {
    return { ok: false, message: `model error during replay: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (res.end === 'abandoned') return { ok: false, message: 'token does not fit the scenario (choice out of range)' };
  if (choices.n !== t.data.choices.length)
    return { ok: false, message: `token has ${t.data.choices.length} choices, the execution made ${choices.n}` };
  const violations = res.violations.map((v, i) => ({
    kind: v.kind,
    token,
    report: renderReport(v, res.access[i] ?? null),
    violation: v,
  }));
  return { ok: true, end: res.end, outcome: res.outcome, violations, at: res.at, trace, events: res.events };
}

/** Where a step acts: `object.field`; a lock's label already ends with its field (`ep#24.mtx`, not `ep#24.mtx.mtx`). */
export function stepPlace(e: TraceEntry): string {
  return e.object.endsWith(`.${e.field}`) ? e.object : `${e.object}.${e.field}`;
}

/** One trace line per step: `P1  __fput  write  file#7.f_count  (f_count=0)`. */
export function formatTrace(trace: readonly TraceEntry[]): string {
  return trace
    .map((e) => {
      const c = e.fCount === undefined ? '' : `  (f_count=${e.fCount})`;
      return `${String(e.pos).padStart(4)}  ${e.thread.padEnd(12)} ${e.fn.padEnd(24)} ${e.kind.padEnd(7)} ${stepPlace(e)}${c}`;
    })
    .join('\n');
}
