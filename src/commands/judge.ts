// `epoll-lab judge [--corpus PATH...] [--candidates A,B] [--json]`: the candidate fixes for I5, judged by the model.
import { formatJudgement, judgementJson } from '../judge/format.ts';
import { judge } from '../judge/judge.ts';
import { toJson } from '../script/json.ts';
import { lines, output, type CommandOutput } from './output.ts';

export interface JudgeFlags {
  readonly corpus?: readonly string[];
  readonly candidates?: string;
  readonly json?: boolean;
}

/** Exit 0 when some candidate fixes I5 without regressions, 1 when none does, 2 on bad input. */
export function judgeCommand(flags: JudgeFlags = {}): CommandOutput {
  const r = judge({
    ...(flags.corpus === undefined ? {} : { corpus: flags.corpus }),
    ...(flags.candidates === undefined ? {} : { candidates: flags.candidates.split(',').map((s) => s.trim()) }),
  });
  if (!r.ok) return output('', `epoll-lab judge: EPM206 ${r.message}\n`, 2);
  const fixed = r.judgement.verdicts.some((v) => v.diff !== null && v.removesI5 && v.safe);
  const code = fixed ? 0 : 1;
  if (flags.json === true) return output(lines([toJson(judgementJson(r.judgement))]), '', code);
  return output(lines(formatJudgement(r.judgement)), '', code);
}
