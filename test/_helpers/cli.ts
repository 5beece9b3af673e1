// Test helper: runs the CLI in-process and collects what it writes.
import { runCli } from '../../src/cli/program.ts';

/** `epoll-lab ...argv`: the exit code, stdout and stderr (no colour). */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (s) => (out += s), err: (s) => (err += s), color: false, errColor: false });
  return { code, out, err };
}
