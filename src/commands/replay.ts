// `epoll-lab replay TOKEN [--trace] [--file LITMUS]`: re-runs one explored execution and prints it step by step.
import { replayLitmus } from '../litmus/replay.ts';
import { formatReplay } from '../litmus/replay-format.ts';
import { lines, output, type CommandOutput } from './output.ts';

export interface ReplayFlags {
  readonly trace?: boolean;
  readonly file?: string;
  /** Where to search for the test without `file` (default `litmus`). */
  readonly searchDir?: string;
}

/** Replays a token; a bad token or a test that cannot be found is exit 2. */
export function replayToken(token: string, flags: ReplayFlags = {}): CommandOutput {
  const r = replayLitmus(token, {
    trace: flags.trace === true,
    ...(flags.file === undefined ? {} : { file: flags.file }),
    ...(flags.searchDir === undefined ? {} : { searchDir: flags.searchDir }),
  });
  if (!r.ok) return output('', `epoll-lab replay: EPM161 ${r.message}\n`, 2);
  return output(lines([formatReplay(r.replay)]));
}
