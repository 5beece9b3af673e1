// Standalone reproducers: the target state — a proposition checked against the model's states, and its replay path.
import type { LitmusTest, Prop } from '../litmus/ast.ts';
import { checkVariant, type OutcomeRecord } from '../litmus/check.ts';
import { parseCondition } from '../litmus/condition.ts';
import { holdsIn } from '../litmus/evaluate.ts';
import { replayLitmus } from '../litmus/replay.ts';
import type { Variant } from '../kernel/knobs.ts';
import { VERSION_PRESETS } from '../kernel/variant.ts';

/** The newest version preset: what reproducers and the judge model by default. */
export const NEWEST_PRESET: string = VERSION_PRESETS.at(-1) as string;

export interface ReproTarget {
  /** The proposition as normalised by the condition parser. */
  readonly text: string;
  readonly prop: Prop;
  /** The model's states (on `variant`) that satisfy it, with a token each. */
  readonly states: readonly OutcomeRecord[];
  readonly variant: string;
  /** Per thread, the kernel functions the model's path to the first state runs, in order, consecutive repeats folded. */
  readonly path: readonly { readonly thread: string; readonly fns: readonly string[] }[];
}

export type TargetResult =
  | { readonly ok: true; readonly target: ReproTarget }
  | { readonly ok: false; readonly code: string; readonly message: string };

function scopeOf(test: LitmusTest) {
  const initFds = new Set(test.init.lines.flatMap((l) => l.names));
  return {
    threads: new Map(test.threads.map((t) => [t.name, new Set(t.results)])),
    initFds,
    observed: new Set<string>(),
  };
}

/** `P0:r0 == blocked /\ P1:c == 0 ...`: the state of a token as a proposition on its return values. */
export function tokenProp(test: LitmusTest, token: string): { text: string } | { code: string; message: string } {
  const r = replayLitmus(token, { file: test.file });
  if (!r.ok) return { code: 'EPM161', message: r.message };
  const state = r.replay.state;
  if (state === null) return { code: 'EPM205', message: `token ${token} ends with no final state (${r.replay.end})` };
  const terms: string[] = [];
  for (const th of test.threads)
    for (const n of th.results) {
      const v = state.values.get(`${th.name}:${n}`);
      if (v === undefined) continue;
      if (v.status !== 'done') terms.push(`${th.name}:${n} == ${v.status}`);
      else terms.push(`${th.name}:${n} == ${v.errno === null ? String(v.ret) : `-${v.errno}`}`);
    }
  return { text: terms.join(' /\\ ') };
}

/** The functions each thread runs on the replayed path of `token`. */
function pathOf(test: LitmusTest, token: string): ReproTarget['path'] {
  const r = replayLitmus(token, { file: test.file, trace: true });
  if (!r.ok || r.replay.trace === null) return [];
  const out = new Map<string, string[]>();
  for (const e of r.replay.trace) {
    const fns = out.get(e.thread) ?? [];
    if (fns.at(-1) !== e.fn) fns.push(e.fn);
    out.set(e.thread, fns);
  }
  return [...out].map(([thread, fns]) => ({ thread, fns }));
}

/** Parses PROP in the test's scope and finds the model's states on `variant` that satisfy it (EPM116 / EPM205). */
export function findTarget(test: LitmusTest, propText: string, variant: Variant): TargetResult {
  const c = parseCondition([{ line: 1, text: `exists ${propText}`, from: 0 }], scopeOf(test));
  if ('code' in c) return { ok: false, code: c.code, message: `--state: ${c.message} (column ${c.col - 7})` };
  const check = checkVariant(test, variant);
  if ('code' in check) return { ok: false, code: check.code, message: check.message };
  const states = check.outcomes.filter((o) => holdsIn(c.prop, o.state, new Map()));
  if (states.length === 0)
    return {
      ok: false,
      code: 'EPM205',
      message: `the model reaches no state with ${c.text.slice(7)} on ${variant.name}`,
    };
  const first = states[0] as OutcomeRecord;
  return {
    ok: true,
    target: { text: c.text.slice(7), prop: c.prop, states, variant: variant.name, path: pathOf(test, first.token) },
  };
}
