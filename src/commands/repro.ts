// `epoll-lab repro FILE.litmus --state PROP | --token TOKEN [-o FILE.c] [--variant V]`: one standalone C reproducer.
import { basename } from 'node:path';
import { parseVariant } from '../kernel/variant.ts';
import { readLitmusFile } from '../litmus/file.ts';
import { parseLitmus } from '../litmus/parse.ts';
import { generateRepro } from '../repro/codegen.ts';
import { findTarget, NEWEST_PRESET, tokenProp } from '../repro/target.ts';
import { formatScriptError } from '../script/errors.ts';
import { planStress } from '../stress/plan.ts';
import { writeFileAtomic } from '../util/write-atomic.ts';
import { lines, output, type CommandOutput } from './output.ts';

export interface ReproFlags {
  readonly state?: string;
  readonly token?: string;
  /** Where to write the C file (default: `<test>-repro.c`; `-` for stdout). */
  readonly out?: string;
  /** The variant whose states the target is checked against (default: the newest version preset). */
  readonly variant?: string;
}

const fail = (code: string, message: string): CommandOutput => output('', `epoll-lab repro: ${code} ${message}\n`, 2);

/** Writes the reproducer of `file` for the target state; exit 2 on bad input or a test that cannot be reproduced. */
export function reproFile(file: string, flags: ReproFlags): CommandOutput {
  if ((flags.state === undefined) === (flags.token === undefined))
    return fail('EPM206', 'give the target as --state PROP or as --token TOKEN (one of them)');
  const src = readLitmusFile(file);
  if (typeof src !== 'string') return output('', lines([formatScriptError(src)]), 2);
  const parsed = parseLitmus(src, { file });
  if (!parsed.ok) return output('', lines(parsed.errors.map(formatScriptError)), 2);
  const test = parsed.test;
  const v = parseVariant(flags.variant ?? NEWEST_PRESET);
  if (!v.ok) return fail('EPM201', v.message);
  let prop = flags.state;
  if (flags.token !== undefined) {
    const t = tokenProp(test, flags.token);
    if ('code' in t) return fail(t.code, t.message);
    prop = t.text;
  }
  const target = findTarget(test, prop as string, v.variant);
  if (!target.ok) return fail(target.code, target.message);
  const plan = planStress(test);
  if (!plan.ok) return fail('EPM206', `${file}: ${plan.skip}`);
  const out = flags.out ?? `${test.name}-repro.c`;
  const c = generateRepro(plan.plan, target.target, out === '-' ? `${test.name}-repro.c` : basename(out));
  if (!c.ok) return fail('EPM206', `${file}: ${c.message}`);
  if (out === '-') return output(c.text);
  const why = writeFileAtomic(out, c.text);
  if (why !== null) return fail('EPM206', `cannot write ${out}: ${why}`);
  const n = target.target.states.length;
  return output(
    lines([
      `${out}: reproducer of ${test.name}, target ${target.target.text} (${n} model state${n === 1 ? '' : 's'} on ${target.target.variant})`,
    ]),
  );
}
