// Stable error codes of epoll-lab (documented in docs/errors.md): EPM1xx script, EPM2xx model, EPM3xx oracle errors.

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
 * - EPM118 the input is too large (a script or litmus text above 128 Mi characters)
 * - EPM201 unknown variant preset, knob or knob value
 * - EPM202 the model halted on a fatal violation
 * - EPM203 the model reported a non-fatal violation
 * - EPM204 a litmus test's init block did not complete
 * - EPM301 the oracle's helper cannot be built (no `cc`, or it failed)
 * - EPM302 the oracle's helper failed while running a script
 * - EPM303 the oracle cannot set up its sandbox (private mount namespace, tmpfs)
 * - EPM304 the script cannot run on a real kernel (model-only call, too many processes)
 * - EPM305 the model and the real kernel disagree on a script
 * - EPM306 the stress harness failed (init did not complete on the host, an iteration could not be set up)
 * - EPM307 `stress`: the kernel showed a final state the model does not allow (unsound)
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
  | 'EPM118'
  | 'EPM201'
  | 'EPM202'
  | 'EPM203'
  | 'EPM204'
  | 'EPM301'
  | 'EPM302'
  | 'EPM303'
  | 'EPM304'
  | 'EPM305'
  | 'EPM306'
  | 'EPM307';

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

/** The longest run of non-blank characters a message shows whole; longer runs (a token) keep their ends. */
const MAX_SHOWN_RUN = 64;

/**
 * User text made safe to print: control characters (C0, DEL, C1), lone surrogates, the BOM and bidi controls as
 * `\xNN`/`\uNNNN`, and any run of more than 64 non-blank characters cut to its first 48 and last 8 with the count
 * left out in between, so a 10 MiB literal or a 200,000-digit number cannot flood the terminal.
 */
export function shown(text: string): string {
  return cutLongRuns(escapeControls(text));
}

/** Control characters (but tab and newline), lone surrogates, the BOM and bidi controls as `\xNN`/`\uNNNN`. */
export function escapeControls(text: string): string {
  return text.replace(
    // oxlint-disable-next-line no-control-regex -- finding control characters is the point
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (c) => {
      const u = c.charCodeAt(0);
      return u < 0x100 ? `\\x${u.toString(16).padStart(2, '0')}` : `\\u${u.toString(16).padStart(4, '0')}`;
    },
  );
}

/** Runs of more than 64 non-blank characters cut to their first 48 and last 8. */
function cutLongRuns(escaped: string): string {
  return escaped.replace(new RegExp(`[^\\s]{${MAX_SHOWN_RUN + 1},}`, 'gu'), (run) => {
    const cps = Array.from(run); // code points: a cut never splits a surrogate pair
    if (cps.length <= MAX_SHOWN_RUN) return run;
    return `${cps.slice(0, 48).join('')}…(${cps.length - 56} more)…${cps.slice(-8).join('')}`;
  });
}

/** `file:line:col: EPM1nn message`, the form printed on stderr. */
export function formatScriptError(e: ScriptError): string {
  return `${shown(e.file)}:${e.line}:${e.col}: ${e.code} ${e.message}`;
}

/** A script error as the JSON object `--json` prints on stderr: `{code, file, line, column, message}`. */
export function scriptErrorJson(e: ScriptError): string {
  return JSON.stringify({ code: e.code, file: e.file, line: e.line, column: e.col, message: e.message });
}

/** A located problem inside one line, before the file name is known. */
export interface Issue extends Pos {
  readonly code: EpmCode;
  readonly message: string;
}

/** A located problem; the message is passed through `shown` (it may quote the user's text). */
export function issue(code: EpmCode, pos: Pos, message: string): Issue {
  return { code, line: pos.line, col: pos.col, message: shown(message) };
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
    super(shown(message));
  }
  static is(e: unknown): e is EpmError {
    return typeof e === 'object' && e !== null && EPM_BRAND in e;
  }
}
