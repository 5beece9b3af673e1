// Runs a checked script line by line on one kernel, each call a syscall of its line's process.
import { parseVariant, variant as defaultVariant, type Variant } from '../kernel/variant.ts';
import type { Violation } from '../kernel/violation.ts';
import { parseScript, type Script } from './compile.ts';
import { EpmError, type ScriptError } from './errors.ts';
import { blocksResult, type CallRecord } from './result.ts';
import { MAIN, type Binding } from './scope.ts';
import { Session, type ProcessState } from './session.ts';

/** How a script ended: after its last line, at a call that blocks forever, or when the model halted. */
export type ScriptEnd =
  | { readonly kind: 'ok' }
  | { readonly kind: 'blocks'; readonly line: number }
  | { readonly kind: 'halted'; readonly line: number; readonly call: string; readonly violation: Violation };

export interface ScriptRun {
  readonly script: Script;
  /** One record per call that ran (a blocking call included, as `BLOCKS`). */
  readonly records: readonly CallRecord[];
  readonly end: ScriptEnd;
  /** Every violation the model reported, fatal or not. None is expected for a single-threaded script. */
  readonly violations: readonly Violation[];
  /** The kernel the script ran on, for inspection afterwards. */
  readonly session: Session;
  /** The names bound when the script ended, with their values (a litmus test's threads start from its init's). */
  readonly env: ReadonlyMap<string, Binding>;
}

export type RunOutcome =
  ({ readonly ok: true } & ScriptRun) | { readonly ok: false; readonly errors: readonly ScriptError[] };

export interface RunOptions {
  /** A variant or a variant spec such as `v6.9,item_poll_pin=sb_nouser` (default: v7.1). */
  readonly variant?: Variant | string;
  /** Run on this kernel instead of booting a new one (the library API's `Kernel.run`). */
  readonly session?: Session;
  /** File name for error messages when `input` is source text. */
  readonly file?: string;
  /** Called as each result name is bound, with the process of the call (litmus `observe` records the file). */
  readonly onBind?: (name: string, binding: Binding, proc: ProcessState) => void;
}

/** Resolves a variant option; an unknown spec is an EPM201 error. */
export function resolveVariant(v: Variant | string | undefined): Variant {
  if (v === undefined) return defaultVariant();
  if (typeof v !== 'string') return v;
  const r = parseVariant(v);
  if (!r.ok) throw new EpmError('EPM201', r.message);
  return r.variant;
}

/** Parses (if given source text) and runs a script. Script errors come back as values, before anything runs. */
export function runScript(input: string | Script, opts: RunOptions = {}): RunOutcome {
  let script: Script;
  if (typeof input === 'string') {
    const p = parseScript(input, opts.file === undefined ? {} : { file: opts.file });
    if (!p.ok) return { ok: false, errors: p.errors };
    script = p.script;
  } else {
    script = input;
  }
  const session = opts.session ?? new Session(resolveVariant(opts.variant));
  return { ok: true, ...execute(script, session, opts.onBind) };
}

function processOf(env: Map<string, Binding>, name: string): ProcessState {
  const b = env.get(name);
  if (b?.kind !== 'process') throw new Error(`epoll-lab bug: '${name}' checked as a process but bound to ${b?.kind}`);
  return b.proc;
}

function execute(script: Script, session: Session, onBind: RunOptions['onBind']): ScriptRun {
  const env = new Map<string, Binding>([[MAIN, { kind: 'process', proc: session.main }]]);
  const records: CallRecord[] = [];
  let end: ScriptEnd = { kind: 'ok' };
  for (const line of script.lines) {
    const proc = processOf(env, line.proc);
    const args = line.args.map((a) => a(env));
    const r = session.invoke(line.def, proc, args, line.names);
    if (r.kind === 'halted') {
      end = { kind: 'halted', line: line.line, call: line.text, violation: r.violation };
      break;
    }
    if (r.kind === 'blocks') {
      records.push({ line: line.line, call: line.text, ...blocksResult() });
      end = { kind: 'blocks', line: line.line };
      break;
    }
    records.push({ line: line.line, call: line.text, ...r.result });
    line.names.forEach((n, i) => {
      const b = r.binds[i];
      if (b === undefined) throw new Error(`epoll-lab bug: ${line.def.name} bound no value for '${n}'`);
      env.set(n, b);
      onBind?.(n, b, proc);
    });
  }
  return { script, records, end, violations: [...session.machine.violations], session, env };
}
