// `epoll-lab start`, the main job: runs every example script and prints its output under a header.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatScriptError } from '../script/errors.ts';
import { runScript } from '../script/runner.ts';
import { lines, output, type CommandOutput } from './output.ts';
import { renderRun } from './run.ts';

/** The package's example scripts directory (the same relative place from src/ and dist/). */
export const EXAMPLES_DIR: string = fileURLToPath(new URL('../../examples/scripts/', import.meta.url));

/** Example scripts, sorted by name. */
export function exampleScripts(dir: string = EXAMPLES_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.script'))
    .sort()
    .map((f) => join(dir, f));
}

export interface StartOptions {
  readonly dir?: string;
  /** Formats a header line (the CLI makes it bold on a terminal). */
  readonly header?: (s: string) => string;
}

/** Runs every example script; exit code 0 unless a script has errors or the model reported a violation. */
export function runExamples(opts: StartOptions = {}): CommandOutput {
  const header = opts.header ?? ((s: string) => s);
  const files = exampleScripts(opts.dir);
  let stdout = '';
  let stderr = '';
  let code = 0;
  for (const path of files) {
    const name = relative(process.cwd(), path);
    const r = runScript(readFileSync(path, 'utf8'), { file: name });
    if (!r.ok) {
      stdout += `${header(`== ${name} ==`)}\n`;
      stderr += lines(r.errors.map(formatScriptError));
      code = 2;
      continue;
    }
    const note = r.script.modelOnly === null ? '' : ` (model-only: ${r.script.modelOnly})`;
    stdout += `${header(`== ${name}${note} ==`)}\n`;
    const o = renderRun(r, false);
    stdout += `${o.stdout}\n`;
    stderr += o.stderr;
    code = Math.max(code, o.code);
  }
  stdout += `${files.length} example scripts ran.\n`;
  return output(stdout, stderr, code);
}
