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
