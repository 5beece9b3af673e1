// Litmus tests: replays one execution from its token; the token's hash names the test's source, found by search.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TraceEntry } from '../explore/engine.ts';
import type { EndKind } from '../explore/engine.ts';
import type { ViolationRecord } from '../explore/explore.ts';
import { replay } from '../explore/replay.ts';
import { scenarioHash } from '../explore/scenario.ts';
import { decodeToken } from '../explore/token.ts';
import { parseVariant } from '../kernel/variant.ts';
import type { LitmusTest } from './ast.ts';
import { compileLitmus } from './compile.ts';
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

export interface ReplayOptions {
  readonly trace?: boolean;
  /** The `.litmus` file the token came from; without it, `searchDir` is searched. */
  readonly file?: string;
  /** Directory searched recursively for `*.litmus` files (default `litmus` under the working directory). */
  readonly searchDir?: string;
}

function litmusFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const p = join(dir, n);
    try {
      if (statSync(p).isDirectory()) return litmusFiles(p);
    } catch {
      return [];
    }
    return n.endsWith('.litmus') ? [p] : [];
  });
}

/** The file (and its text) whose source hash is `hash`: `file` if given (it must match), else the first found. */
function findSource(hash: string, opts: ReplayOptions): { file: string; source: string } | string {
  const candidates = opts.file !== undefined ? [opts.file] : litmusFiles(opts.searchDir ?? 'litmus');
  for (const file of candidates) {
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      if (opts.file !== undefined) return `${file}: cannot read litmus file`;
      continue;
    }
    if (scenarioHash(source) === hash) return { file, source };
    if (opts.file !== undefined)
      return `${file} is not the test of this token (its hash is ${scenarioHash(source)}, the token's ${hash}); was it edited?`;
  }
  return `no litmus file under ${opts.searchDir ?? 'litmus'}/ has hash ${hash}; pass --file`;
}

/** Re-runs the execution a token names, on the test its hash identifies. Every failure is a message. */
export function replayLitmus(token: string, opts: ReplayOptions = {}): LitmusReplayResult {
  const t = decodeToken(token);
  if (!t.ok) return t;
  const found = findSource(t.data.hash, opts);
  if (typeof found === 'string') return { ok: false, message: found };
  const p = parseLitmus(found.source, { file: found.file });
  if (!p.ok) return { ok: false, message: `${found.file} no longer parses (${p.errors[0]?.message ?? '?'})` };
  const v = parseVariant(t.data.variant);
  if (!v.ok) return { ok: false, message: `token variant: ${v.message}` };
  const c = compileLitmus(p.test, v.variant);
  if (!c.ok) return { ok: false, message: c.error.message };
  const r = replay(c.compiled.scenario, token, { trace: opts.trace === true });
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
