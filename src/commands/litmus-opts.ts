// Command-line options shared by `check` and `diff`: exploration mode and limits, checked before anything runs.
import type { ExploreMode } from '../explore/explore.ts';
import type { ViolationKind } from '../kernel/violation.ts';
import { isBug, KNOWN_KINDS } from '../litmus/kinds.ts';
import type { CheckOptions } from '../litmus/check.ts';
import { formatScriptError, type ScriptError } from '../script/errors.ts';

/** Exploration options as commander hands them over (strings). */
export interface ExploreFlags {
  readonly mode?: string;
  readonly bound?: string;
  readonly maxExecutions?: string;
  readonly timeout?: string;
  readonly seed?: string;
  readonly stopOn?: string;
  readonly maxStates?: string;
  /** `check --races`: profile the races DPOR processed. */
  readonly races?: boolean;
  readonly symmetry?: boolean;
  /** `--values` / `--no-values`: DPOR's value branches always / never (default: `check` decides, `valuesByDefault`). */
  readonly values?: boolean;
}

export const MODES: readonly ExploreMode[] = ['naive', 'dpor', 'stateful', 'random', 'pct'];

function nat(flag: string, v: string | undefined, min: number): number | undefined | string {
  if (v === undefined) return undefined;
  if (!/^[0-9]+$/.test(v) || Number(v) < min) return `EPM160 --${flag} takes an integer >= ${min}, not '${v}'`;
  return Number(v);
}

/** The CheckOptions of the flags, or the message (EPM160) of the first bad one. */
export function exploreOptions(f: ExploreFlags): CheckOptions | string {
  if (f.mode !== undefined && !(MODES as readonly string[]).includes(f.mode))
    return `EPM160 --mode takes ${MODES.join(' | ')}, not '${f.mode}'`;
  const bound = nat('bound', f.bound, 0);
  const max = nat('max-executions', f.maxExecutions, 1);
  const timeout = nat('timeout', f.timeout, 1);
  const seed = nat('seed', f.seed, 0);
  const maxStates = nat('max-states', f.maxStates, 1);
  for (const x of [bound, max, timeout, seed, maxStates]) if (typeof x === 'string') return x;
  if (maxStates !== undefined && f.mode !== 'stateful') return 'EPM160 --max-states bounds --mode stateful only';
  const stopOn = stopOnOption(f.stopOn);
  if (typeof stopOn === 'string') return stopOn;
  const dpor = f.mode === undefined || f.mode === 'dpor' || f.mode === 'stateful';
  if (f.races === true && (!dpor || bound !== undefined))
    return `EPM160 --races profiles DPOR's races (--mode dpor or stateful), not ${bound !== undefined ? '--bound' : `--mode ${f.mode}`}`;
  if (f.symmetry === true && ((f.mode !== undefined && f.mode !== 'dpor' && f.mode !== 'naive') || bound !== undefined))
    return `EPM160 --symmetry reduces --mode dpor or naive, not ${bound !== undefined ? '--bound' : `--mode ${f.mode}`}`;
  if (f.values === true && ((f.mode !== undefined && f.mode !== 'dpor') || bound !== undefined))
    return `EPM160 --values branches --mode dpor, not ${bound !== undefined ? '--bound' : `--mode ${f.mode}`}`;
  return {
    ...(f.values === undefined ? {} : { values: f.values }),
    ...(f.races === true ? { races: true } : {}),
    ...(f.symmetry === undefined ? {} : { symmetry: f.symmetry }),
    ...(stopOn === undefined ? {} : { stopOn: stopOn.kind }),
    ...(maxStates === undefined ? {} : { maxStates: maxStates as number }),
    ...(f.mode === undefined ? {} : { mode: f.mode as ExploreMode }),
    ...(bound === undefined ? {} : { bound: bound as number }),
    ...(max === undefined ? {} : { maxExecutions: max as number }),
    ...(timeout === undefined ? {} : { timeoutMs: timeout as number }),
    ...(seed === undefined ? {} : { seed: seed as number }),
  };
}

/** `--stop-on violation` (any kind) or `--stop-on violation=KIND`; the message (EPM160) when malformed. */
function stopOnOption(v: string | undefined): { kind: readonly ViolationKind[] } | undefined | string {
  if (v === undefined) return undefined;
  // Plain `violation` means any bug: the dying-file observations record what happened, they are not findings.
  if (v === 'violation') return { kind: KNOWN_KINDS.filter(isBug) as ViolationKind[] };
  const k = /^violation=(.+)$/.exec(v)?.[1];
  if (k !== undefined && KNOWN_KINDS.includes(k)) return { kind: [k as ViolationKind] };
  const kinds = KNOWN_KINDS.join(', ');
  return `EPM160 --stop-on takes violation or violation=KIND (KIND one of ${kinds}), not '${v.slice(0, 80)}'`;
}

/** `file:line:col: CODE message`, or `file: CODE message` for errors about the whole file. */
export function errorLine(e: ScriptError): string {
  return e.line === 0 ? `${e.file}: ${e.code} ${e.message}` : formatScriptError(e);
}
