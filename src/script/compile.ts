// Checks a whole script before anything runs (calls, arity, names, flags, prefixes) and compiles its lines.
import { FLAG_VALUES } from '../kernel/uapi.ts';
import { isIssue, type Compiled } from './args.ts';
import type { LineNode } from './ast.ts';
import { CALLS } from './calls/index.ts';
import { usage, type CallDef } from './calls/types.ts';
import { issue, type Issue, type ScriptError } from './errors.ts';
import { lexLine, tooLarge, withoutBom } from './lexer.ts';
import { parseLine } from './parser.ts';
import { describeKind, MAIN, type NameKind } from './scope.ts';

/** One checked call line, ready to run. */
export interface ScriptLine {
  readonly line: number;
  /** Normalised call text (the `TEXT` of output lines). */
  readonly text: string;
  /** The process the call runs in (`main` without a prefix). */
  readonly proc: string;
  readonly names: readonly string[];
  readonly def: CallDef;
  readonly args: readonly Compiled<unknown>[];
}

/** A checked script. */
export interface Script {
  readonly file: string;
  readonly lines: readonly ScriptLine[];
  /** Why the oracle must skip this script (it uses a call only the model has), or null. */
  readonly modelOnly: string | null;
}

export type ParseResult = { ok: true; script: Script } | { ok: false; errors: readonly ScriptError[] };

export interface ParseOptions {
  /** File name used in error messages. */
  readonly file?: string;
  /** The calls the script may use (default: every registered call). */
  readonly calls?: ReadonlyMap<string, CallDef>;
}

/** Names a script may not bind: flag names, NULL and the first process. */
function isReserved(name: string): boolean {
  return name === 'NULL' || name === MAIN || FLAG_VALUES[name] !== undefined;
}

/** Options of a Checker beyond the call registry. */
export interface CheckerOptions {
  /** Names already bound (a litmus thread starts with its test's init names). */
  readonly scope?: ReadonlyMap<string, NameKind>;
  /** Litmus thread lines: a call that binds nothing may name its result with one name (`r = close(fd)`). */
  readonly resultNames?: boolean;
}

/** Checks lines in order, tracking the names they bind and the processes that exited. */
export class Checker {
  readonly scope: Map<string, NameKind>;
  readonly exited = new Set<string>();
  private readonly resultNames: boolean;
  constructor(
    readonly calls: ReadonlyMap<string, CallDef>,
    opts: CheckerOptions = {},
  ) {
    this.scope = new Map(opts.scope ?? [[MAIN, 'process']]);
    this.resultNames = opts.resultNames === true;
  }

  check(node: LineNode): ScriptLine | Issue {
    const proc = node.proc?.name ?? MAIN;
    const procPos = node.proc?.pos ?? node.call.pos;
    if (node.proc !== null) {
      const k = this.scope.get(proc);
      if (k === undefined) return issue('EPM110', procPos, `unknown process '${proc}'`);
      if (k !== 'process') return issue('EPM110', procPos, `'${proc}' is ${describeKind(k)}, not a process`);
    }
    if (this.exited.has(proc)) return issue('EPM111', procPos, `process '${proc}' has exited`);
    const def = this.calls.get(node.call.name);
    if (def === undefined) return issue('EPM103', node.call.pos, `unknown call '${node.call.name}'`);
    const bad = this.checkNames(node, def);
    if (bad !== null) return bad;
    const max = def.params.length;
    const min = max - (def.defaults?.length ?? 0);
    if (node.args.length < min || node.args.length > max) {
      const n = min === max ? `${max}` : `${min} to ${max}`;
      return issue(
        'EPM104',
        node.call.pos,
        `${def.name} takes ${n} argument${max === 1 ? '' : 's'} (${usage(def)}), got ${node.args.length}`,
      );
    }
    const together = def.checkArgs?.(node.args, node.call.pos) ?? null;
    if (together !== null) return together;
    const args: Compiled<unknown>[] = [];
    for (let i = 0; i < max; i++) {
      const node_ = node.args[i];
      if (node_ === undefined) {
        const v = def.defaults?.[i - min];
        args.push(() => v);
        continue;
      }
      const c = (def.params[i] as CallDef['params'][number]).compile(node_, this.scope);
      if (isIssue(c)) return c;
      args.push(c);
    }
    return { line: node.line, text: node.text, proc, names: node.names.map((n) => n.name), def, args };
  }

  private checkNames(node: LineNode, def: CallDef): Issue | null {
    const first = node.names[0];
    if (first === undefined) return null;
    const resultName = this.resultNames && def.binds.length === 0 && node.names.length === 1;
    if (def.binds.length === 0 && !resultName)
      return issue('EPM105', first.pos, `${def.name} returns nothing to bind a name to`);
    if (!resultName && node.names.length !== def.binds.length) {
      const n = def.binds.length;
      return issue('EPM105', first.pos, `${def.name} binds ${n} name${n === 1 ? '' : 's'}, got ${node.names.length}`);
    }
    const seen = new Set<string>();
    for (const n of node.names) {
      if (isReserved(n.name)) return issue('EPM112', n.pos, `'${n.name}' is reserved and cannot be bound`);
      if (seen.has(n.name)) return issue('EPM112', n.pos, `'${n.name}' is bound twice in one line`);
      seen.add(n.name);
    }
    return null;
  }

  /** The effects of a line on later lines: its names are bound, an exit ends its process. */
  apply(line: { proc: string; names: readonly string[]; def: CallDef }): void {
    line.names.forEach((n, i) => {
      const k = line.def.binds[i];
      // A result name of a call that binds nothing is not an argument value: it leaves scope.
      if (k === undefined) this.scope.delete(n);
      else this.scope.set(n, k);
      this.exited.delete(n);
    });
    if (line.def.exits === true) this.exited.add(line.proc);
  }
}

/**
 * Lexes, parses and checks one source line (without its newline) and applies its bindings: a checked line, an
 * issue, or null for a blank or comment-only line. `inspect` sees the parsed line before it is checked.
 */
export function checkLine(
  checker: Checker,
  text: string,
  line: number,
  inspect?: (node: LineNode) => Issue | null,
): ScriptLine | Issue | null {
  const lexed = lexLine(text, line);
  if (lexed === null) return null;
  const parsed = lexed.ok ? parseLine(lexed.line, text.length + 1) : lexed;
  if (!parsed.ok) return parsed.issue;
  const r = inspect?.(parsed.node) ?? checker.check(parsed.node);
  if (isIssue(r)) {
    // Bind the line's names anyway (when the call is known) so one mistake does not cascade.
    const def = checker.calls.get(parsed.node.call.name);
    const names = parsed.node.names.map((n) => n.name);
    if (def !== undefined && names.length === def.binds.length)
      checker.apply({ proc: parsed.node.proc?.name ?? MAIN, names, def });
    return r;
  }
  checker.apply(r);
  return r;
}

/** Parses and checks a script; every error is reported, none is thrown. */
export function parseScript(source: string, opts: ParseOptions = {}): ParseResult {
  const file = opts.file ?? '<script>';
  const checker = new Checker(opts.calls ?? CALLS);
  const errors: ScriptError[] = [];
  const lines: ScriptLine[] = [];
  let modelOnly: string | null = null;
  const big = tooLarge(source);
  if (big !== null) return { ok: false, errors: [{ ...big, file }] };
  withoutBom(source)
    .split('\n')
    .forEach((raw, idx) => {
      const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      const r = checkLine(checker, text, idx + 1);
      if (r === null) return;
      if (isIssue(r)) {
        errors.push({ ...r, file });
        return;
      }
      if (modelOnly === null && r.def.modelOnly !== undefined)
        modelOnly = `line ${r.line}: ${r.def.name} is model-only (${r.def.modelOnly})`;
      lines.push(r);
    });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, script: { file, lines, modelOnly } };
}
