// One script on the model (variant `host`) and on the real kernel: agree, diverge (with the first difference), or skip.
import type { Helper } from '../oracle/helper.ts';
import { runOnKernel, type OracleTiming } from '../oracle/runner.ts';
import type { OracleError } from '../oracle/build.ts';
import { parseScript, type Script } from '../script/compile.ts';
import { formatScriptError } from '../script/errors.ts';
import { formatJsonLine, formatResult } from '../script/format.ts';
import type { CallRecord } from '../script/result.ts';
import { runScript } from '../script/runner.ts';
import { declaredRows, groupsOf } from './groups.ts';

/** The first line where the model and the kernel differ. */
export interface Difference {
  readonly line: number;
  readonly call: string;
  /** `formatResult` of each side, or `(no line)` where one side stopped earlier. */
  readonly model: string;
  readonly kernel: string;
}

export type Verdict =
  | { readonly kind: 'agree' }
  | { readonly kind: 'diverge'; readonly diff: Difference }
  | { readonly kind: 'skip'; readonly reason: string }
  /** The script cannot be checked at all (it does not parse, or the oracle failed): an error, not a verdict. */
  | { readonly kind: 'error'; readonly error: OracleError };

/** How to check: the oracle's budgets, and the model variant (default `host`, the running kernel's). */
export interface CheckOptions extends OracleTiming {
  readonly variant?: string;
}

export interface Checked {
  readonly verdict: Verdict;
  readonly groups: readonly string[];
  readonly rows: readonly string[];
  /** Lines that ran on the model. */
  readonly lines: number;
}

const NO_LINE = '(no line)';

/** The budget of the second run when the kernel side was BLOCKS where the model's call returned (ms). */
export const RETRY_BLOCK_MS = 1000;

/** The first difference between two record lists, or null when they are the same. */
export function firstDifference(model: readonly CallRecord[], kernel: readonly CallRecord[]): Difference | null {
  const n = Math.max(model.length, kernel.length);
  for (let i = 0; i < n; i++) {
    const m = model[i];
    const k = kernel[i];
    if (m !== undefined && k !== undefined && formatJsonLine(m) === formatJsonLine(k)) continue;
    const at = (m ?? k) as CallRecord;
    return {
      line: at.line,
      call: at.call,
      model: m === undefined ? NO_LINE : formatResult(m),
      kernel: k === undefined ? NO_LINE : formatResult(k),
    };
  }
  return null;
}

/** Runs a checked script on the model (variant `host` unless told) and on the helper's kernel, and compares. */
export async function checkScript(
  script: Script,
  source: string,
  helper: Helper,
  opts: CheckOptions = {},
): Promise<Checked> {
  const { rows } = declaredRows(source);
  const m = runScript(script, { variant: opts.variant ?? 'host' });
  if (!m.ok) throw new Error('epoll-lab bug: a checked script failed to run');
  const base = { groups: groupsOf(script, m.records, rows), rows, lines: m.records.length };
  if (script.modelOnly !== null) return { ...base, verdict: { kind: 'skip', reason: script.modelOnly } };
  let k = await runOnKernel(script, helper, opts);
  if (!k.ok) return { ...base, verdict: { kind: 'error', error: k.error } };
  let diff = firstDifference(m.records, k.run.records);
  if (diff?.kernel === 'BLOCKS') {
    // A busy machine can keep a call asleep past the short budget: ask again with a long one before reporting it.
    k = await runOnKernel(script, helper, { ...opts, blockMs: RETRY_BLOCK_MS });
    if (!k.ok) return { ...base, verdict: { kind: 'error', error: k.error } };
    diff = firstDifference(m.records, k.run.records);
  }
  if (diff === null && m.end.kind === 'halted') {
    const v = m.end.violation;
    diff = { line: m.end.line, call: m.end.call, model: `halted: ${v.kind}: ${v.title}`, kernel: NO_LINE };
  }
  if (diff === null && m.violations.length > 0) {
    const v = m.violations[0];
    diff = { line: 0, call: '(whole script)', model: `violation: ${v?.kind}: ${v?.title}`, kernel: 'none' };
  }
  return { ...base, verdict: diff === null ? { kind: 'agree' } : { kind: 'diverge', diff } };
}

/** Parses and checks source text; a script that does not parse is an `error` verdict. */
export async function checkSource(
  source: string,
  file: string,
  helper: Helper,
  opts: CheckOptions = {},
): Promise<Checked> {
  const p = parseScript(source, { file });
  if (!p.ok) {
    const message = p.errors.map(formatScriptError).join('\n');
    const code = p.errors[0]?.code ?? 'EPM101';
    return { verdict: { kind: 'error', error: { code, message } }, groups: [], rows: [], lines: 0 };
  }
  return checkScript(p.script, source, helper, opts);
}
