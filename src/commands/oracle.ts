// `epoll-lab oracle SCRIPT`: runs a script file on the real kernel through the helper; output as `run` prints it.
import { readFileSync } from 'node:fs';
import { Helper } from '../oracle/helper.ts';
import { runOnKernel, type KernelOutcome } from '../oracle/runner.ts';
import { parseScript } from '../script/compile.ts';
import { formatScriptError } from '../script/errors.ts';
import { formatJsonLine, formatTextLine } from '../script/format.ts';
import { lines, output, type CommandOutput } from './output.ts';

export interface OracleFileOptions {
  readonly json?: boolean;
}

/** Reads, checks and runs a script file on the host kernel. Oracle problems are EPM3xx lines with exit code 2. */
export async function oracleScriptFile(path: string, opts: OracleFileOptions = {}): Promise<CommandOutput> {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (e) {
    const why = e instanceof Error && 'code' in e ? String(e.code) : 'unreadable';
    return output('', `${path}: EPM100 cannot read script (${why})\n`, 2);
  }
  const p = parseScript(source, { file: path });
  if (!p.ok) return output('', lines(p.errors.map(formatScriptError)), 2);
  if (p.script.modelOnly !== null) return output('', `${path}: EPM304 skipped: ${p.script.modelOnly}\n`, 2);
  const opened = await Helper.open();
  if (!opened.ok) return output('', `${opened.error.code} ${opened.error.message}\n`, 2);
  let r: KernelOutcome;
  try {
    r = await runOnKernel(p.script, opened.helper);
  } finally {
    await opened.helper.close();
  }
  if (!r.ok) return output('', `${path}: ${r.error.code} ${r.error.message}\n`, 2);
  return output(lines(r.run.records.map(opts.json === true ? formatJsonLine : formatTextLine)));
}
