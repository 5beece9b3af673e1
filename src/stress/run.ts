// Stress runs: runs a test's compiled harness and reads back its histogram of raw final states.
import { spawn } from 'node:child_process';
import type { OracleError } from '../oracle/build.ts';
import type { EpmCode } from '../script/errors.ts';

export interface StressSettings {
  /** Iterations to run (the harness stops earlier when `timeMs` is up). */
  readonly iterations: number;
  /** Wall-clock limit of the iterations, ms (0: none). */
  readonly timeMs: number;
  readonly seed: number;
  /** How long every unfinished thread must sleep in its call, all at once, before those calls are `blocked` (ms). */
  readonly budgetMs: number;
  /** Each thread spins a random delay in [0, delayNs] ns after the start barrier. */
  readonly delayNs: number;
}

export const DEFAULT_SETTINGS: StressSettings = {
  iterations: 10_000,
  timeMs: 120_000,
  seed: 1,
  budgetMs: 2,
  delayNs: 8000,
};

/** What the harness reported. */
export interface RawRun {
  readonly iterations: number;
  readonly elapsedMs: number;
  /** Iterations in which sleeping calls were recorded as `blocked` and then interrupted. */
  readonly released: number;
  /**
   * Iterations not counted because no call recorded as blocked ended with EINTR when interrupted (something else woke
   * them: they were not blocked).
   */
  readonly late: number;
  /** Iterations that overran their hard limit and were killed (not counted). */
  readonly stuck: number;
  readonly cpus: number;
  /** Raw final states (`|RET 1 0 ev=1:3|BLOCKS|...`) with their counts. */
  readonly states: readonly { readonly key: string; readonly count: number }[];
}

export type RawOutcome =
  { readonly ok: true; readonly run: RawRun } | { readonly ok: false; readonly error: OracleError };

const fail = (code: EpmCode, message: string): RawOutcome => ({ ok: false, error: { code, message } });

/** Parses the harness's output (native/stress_runtime.c's header comment). */
export function parseRawRun(stdout: string): RawOutcome {
  const ls = stdout.split('\n').filter((l) => l !== '');
  const fatal = ls.map((l) => /^FATAL (EPM\d{3}) (.*)$/.exec(l)).find((m) => m !== null);
  if (fatal !== undefined && fatal !== null) return fail(fatal[1] as EpmCode, fatal[2] as string);
  const head = /^STRESS (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$/.exec(ls[0] ?? '');
  if (head === null || ls.at(-1) !== 'END')
    return fail('EPM306', `malformed harness output: ${JSON.stringify(stdout.slice(0, 200))}`);
  const [iterations, elapsedMs, released, late, stuck, cpus] = head.slice(1).map(Number) as number[];
  const states: { key: string; count: number }[] = [];
  for (const l of ls.slice(1, -1)) {
    const m = /^STATE (\d+) (.*)$/.exec(l);
    if (m === null) return fail('EPM306', `malformed harness line: ${JSON.stringify(l)}`);
    states.push({ count: Number(m[1]), key: m[2] as string });
  }
  return {
    ok: true,
    run: {
      iterations: iterations ?? 0,
      elapsedMs: elapsedMs ?? 0,
      released: released ?? 0,
      late: late ?? 0,
      stuck: stuck ?? 0,
      cpus: cpus ?? 0,
      states,
    },
  };
}

/** Runs a built harness; it is killed (and its sandbox goes with its mount namespace) if it overruns its time. */
export function runHarness(path: string, s: StressSettings): Promise<RawOutcome> {
  const args = [s.iterations, s.timeMs, s.seed, s.budgetMs, s.delayNs].map(String);
  return new Promise((resolve) => {
    const child = spawn(path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-2000)));
    // The harness stops by itself at timeMs; this is for a harness that hangs.
    const limit = s.timeMs > 0 ? s.timeMs + 30_000 : 0;
    const timer = limit > 0 ? setTimeout(() => child.kill('SIGTERM'), limit) : null;
    child.on('error', (e) => resolve(fail('EPM306', `cannot run the harness ${path}: ${e.message}`)));
    child.on('close', (code, signal) => {
      if (timer !== null) clearTimeout(timer);
      if (err !== '' && process.env['EPOLL_LAB_STRESS_PROFILE'] !== undefined) process.stderr.write(err);
      const r = parseRawRun(out);
      const died = code !== 0 || signal !== null;
      if (!r.ok && died && r.error.message.startsWith('malformed'))
        return resolve(fail('EPM306', `the harness ended (${signal ?? `status ${code}`}): ${err.trim()}`));
      resolve(r);
    });
  });
}
