// Litmus tests: the token hash of a test — of what it means (calls, threads, condition), not of its text.
import { scenarioHash } from '../explore/scenario.ts';
import type { ScriptLine } from '../script/compile.ts';
import type { LitmusTest } from './ast.ts';
import { parseLitmus } from './parse.ts';

const line = (l: ScriptLine): readonly unknown[] => [l.proc, l.names, l.text];
const words = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * The hash replay tokens (and checkpoints, shard files) carry for a test: of its parsed form — name, init calls,
 * threads with their calls, the condition, the expectations, `mustfree` and `observe` — so editing a comment, the
 * doc header or whitespace keeps its tokens, while a changed call, argument, thread or condition does not.
 */
export function litmusHash(test: LitmusTest): string {
  return scenarioHash(
    JSON.stringify([
      test.name,
      test.init.lines.map(line),
      test.threads.map((t) => [t.name, t.context, t.proc, t.lines.map(line)]),
      test.condition === null ? null : words(test.condition.text),
      test.expectations.map((e) => words(e.text)),
      test.mustFree,
      test.observe,
    ]),
  );
}

/** The token hash of a test's source text, or null when it does not parse. */
export function sourceHash(source: string, file: string): string | null {
  const p = parseLitmus(source, { file });
  return p.ok ? litmusHash(p.test) : null;
}
