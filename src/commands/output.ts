// What a command produces: its standard output, its standard error and its exit code.

export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
  /** 0 success, 1 the model reported a violation, 2 bad input (script, variant, file). */
  readonly code: number;
}

export function output(stdout: string, stderr = '', code = 0): CommandOutput {
  return { stdout, stderr, code };
}

/** Joins lines with a trailing newline (nothing for no lines). */
export function lines(ls: readonly string[]): string {
  return ls.length === 0 ? '' : `${ls.join('\n')}\n`;
}

/** An error as `--json` prints it: one object per line on stderr. `file`, `line` and `column` are null when unknown. */
export interface JsonError {
  readonly code: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly message: string;
}

const LOCATED = /^(.+?):(\d+):(\d+): (EPM\d{3}) (.*)$/;
const FILE_ONLY = /^(.+?):(?:(\d+):)? (EPM\d{3}) (.*)$/;
const BARE = /^(?:epoll-lab(?: [a-z-]+)?: )?(EPM\d{3}) (.*)$/;

/** One printed error line (`file:line:col: EPMnnn message`, `file: EPMnnn ...`, `epoll-lab cmd: EPMnnn ...`) as JSON. */
export function errorLineJson(text: string): JsonError | null {
  const bare = BARE.exec(text);
  if (bare !== null)
    return { code: bare[1] as string, file: null, line: null, column: null, message: bare[2] as string };
  const loc = LOCATED.exec(text);
  if (loc !== null)
    return {
      code: loc[4] as string,
      file: loc[1] as string,
      line: Number(loc[2]),
      column: Number(loc[3]),
      message: loc[5] as string,
    };
  const f = FILE_ONLY.exec(text);
  if (f === null) return null;
  const line = f[2] === undefined ? null : Number(f[2]);
  return { code: f[3] as string, file: f[1] as string, line, column: null, message: f[4] as string };
}

/** Stderr with every error line carrying an EPM code replaced by its JSON object (`--json`); other lines stay. */
export function jsonStderr(stderr: string): string {
  return stderr.replace(/^.*EPM\d{3}.*$/gm, (l) => {
    const j = errorLineJson(l);
    return j === null ? l : JSON.stringify(j);
  });
}
