// Stress runs: a raw final state of the harness as the litmus state the model prints (same names, values, order).
import type { LitmusTest } from '../litmus/ast.ts';
import { BLOCKED, lineValues, stateText, UNFINISHED, type ResultValue } from '../litmus/state.ts';
import { parseReply } from '../oracle/protocol.ts';
import { toResult } from '../oracle/runner.ts';

export type ObservedParse =
  | { readonly ok: true; readonly values: ReadonlyMap<string, ResultValue>; readonly text: string }
  | { readonly ok: false; readonly message: string };

/**
 * `|RET 1 0 ev=1:3|BLOCKS|-` (one field per thread line that names results, threads in order) as the values of
 * `THREAD:name`, in the order the model's states list them: each thread's names in first-binding order, a later
 * line's value replacing an earlier one's, `blocked` for the names of the line a thread was recorded asleep in and
 * `unfinished` for lines it never reached.
 */
export function observedState(test: LitmusTest, key: string): ObservedParse {
  const fields = key.split('|').slice(1);
  const values = new Map<string, ResultValue>();
  let i = 0;
  for (const th of test.threads) {
    const got = new Map<string, ResultValue>();
    for (const line of th.lines) {
      if (line.names.length === 0) continue;
      const f = fields[i++];
      if (f === undefined) return { ok: false, message: `too few fields in ${JSON.stringify(key)}` };
      let vals: ResultValue[];
      if (f === 'BLOCKS') vals = line.names.map(() => BLOCKED);
      else if (f === '-') vals = line.names.map(() => UNFINISHED);
      else {
        const r = parseReply(f);
        if (r.kind !== 'ret') return { ok: false, message: `bad field ${JSON.stringify(f)}` };
        vals = lineValues(toResult(line, r), line.names);
      }
      line.names.forEach((n, j) => got.set(n, vals[j] as ResultValue));
    }
    for (const n of th.results) values.set(`${th.name}:${n}`, got.get(n) ?? UNFINISHED);
  }
  if (i !== fields.length) return { ok: false, message: `too many fields in ${JSON.stringify(key)}` };
  return { ok: true, values, text: stateText(values) };
}
