// Stable error codes of epoll-lab (documented in docs/errors.md): EPM1xx script errors, EPM2xx model errors.

/**
 * Every error code a user can see. The number never changes meaning; retired codes are not reused.
 * - EPM100 the script file cannot be read
 * - EPM101 syntax error (unexpected character or token)
 * - EPM102 bad string literal (unterminated, bad escape)
 * - EPM103 unknown call
 * - EPM104 wrong number of arguments
 * - EPM105 wrong number of result names
 * - EPM106 unknown flag name
 * - EPM107 unbound name
 * - EPM108 wrong kind of argument
 * - EPM109 impossible argument value (negative count, out of range)
 * - EPM110 unknown process prefix
 * - EPM111 call on a process that has exited
 * - EPM112 reserved name used as a result name
 * - EPM113 bad integer literal
 * - EPM114 litmus: call not allowed in this thread (context, process prefix)
 * - EPM115 litmus: bad file structure (name line, sections, thread headers)
 * - EPM116 litmus: bad condition
 * - EPM117 litmus: bad expect line
 * - EPM201 unknown variant preset, knob or knob value
 * - EPM202 the model halted on a fatal violation
 * - EPM203 the model reported a non-fatal violation
 * - EPM204 a litmus test's init block did not complete
 */
export type EpmCode =
  | 'EPM100'
  | 'EPM101'
  | 'EPM102'
  | 'EPM103'
  | 'EPM104'
  | 'EPM105'
  | 'EPM106'
  | 'EPM107'
  | 'EPM108'
  | 'EPM109'
  | 'EPM110'
  | 'EPM111'
  | 'EPM112'
  | 'EPM113'
  | 'EPM114'
  | 'EPM115'
  | 'EPM116'
  | 'EPM117'
  | 'EPM201'
  | 'EPM202'
  | 'EPM203'
  | 'EPM204';

/** A position in a script: 1-based line and column. */
export interface Pos {
  readonly line: number;
  readonly col: number;
}

/** An error found in a script before it runs. */
export interface ScriptError extends Pos {
  readonly code: EpmCode;
  readonly message: string;
  readonly file: string;
}

/** `file:line:col: EPM1nn message`, the form printed on stderr. */
export function formatScriptError(e: ScriptError): string {
  return `${e.file}:${e.line}:${e.col}: ${e.code} ${e.message}`;
}

/** A located problem inside one line, before the file name is known. */
export interface Issue extends Pos {
  readonly code: EpmCode;
  readonly message: string;
}

export function issue(code: EpmCode, pos: Pos, message: string): Issue {
  return { code, line: pos.line, col: pos.col, message };
}

const EPM_BRAND = Symbol.for('epoll-lab/EpmError');

/** An error a user caused (bad variant, unreadable file) with its stable code; printed without a stack trace. */
export class EpmError extends Error {
  readonly [EPM_BRAND] = true;
  override readonly name = 'EpmError';
  constructor(
    readonly code: EpmCode,
    message: string,
  ) {
    super(message);
  }
  static is(e: unknown): e is EpmError {
    return typeof e === 'object' && e !== null && EPM_BRAND in e;
  }
}
