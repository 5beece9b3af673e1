// Litmus tests: replays one execution from its token on a given test source (no file access: the browser uses it).
import type { EndKind, TraceEntry } from '../explore/engine.ts';
import type { ViolationRecord } from '../explore/explore.ts';
import { replay } from '../explore/replay.ts';
import { decodeToken } from '../explore/token.ts';
import { parseVariant } from '../kernel/variant.ts';
import type { LitmusTest } from './ast.ts';
import { compileLitmus } from './compile.ts';
import { litmusHash } from './hash.ts';
import { parseLitmus } from './parse.ts';
import type { FinalState } from './state.ts';

export interface LitmusReplay {
  readonly test: LitmusTest;
  readonly variant: string;
  readonly end: EndKind;
  readonly outcome: string;
  readonly state: FinalState | null;
  readonly violations: readonly ViolationRecord[];
  readonly at: readonly number[];
  readonly trace: readonly TraceEntry[] | null;
  readonly events: number;
}

export type LitmusReplayResult = { ok: true; replay: LitmusReplay } | { ok: false; message: string };

/** The test source a token replays on, and the file name its messages use. */
export interface ReplaySource {
  readonly file: string;
  readonly source: string;
}

/**
 * Re-runs the execution `token` names on `found` (the caller found the source whose hash the token carries, or
 * checks it with `sourceMatches`). Every failure is a message.
 */
export function replaySource(token: string, found: ReplaySource, trace: boolean): LitmusReplayResult {
  const t = decodeToken(token);
  if (!t.ok) return t;
  const p = parseLitmus(found.source, { file: found.file });
  if (!p.ok) return { ok: false, message: `${found.file} no longer parses (${p.errors[0]?.message ?? '?'})` };
  const h = litmusHash(p.test);
  if (h !== t.data.hash)
    return {
      ok: false,
      message: `${found.file} is not the test of this token (its hash is ${h}, the token's ${t.data.hash}); was it changed?`,
    };
  const v = parseVariant(t.data.variant);
  if (!v.ok) return { ok: false, message: `token variant: ${v.message}` };
  const c = compileLitmus(p.test, v.variant);
  if (!c.ok) return { ok: false, message: c.error.message };
  const r = replay(c.compiled.scenario, token, { trace });
  if (!r.ok) return r;
  return {
    ok: true,
    replay: {
      test: p.test,
      variant: v.variant.name,
      end: r.end,
      outcome: r.outcome,
      state: c.compiled.states.get(r.outcome) ?? null,
      violations: r.violations,
      at: r.at,
      trace: r.trace,
      events: r.events,
    },
  };
}
