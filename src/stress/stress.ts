// Stress runs: one litmus test's threads run concurrently on the host kernel many times, judged by the model.
import { release } from 'node:os';
import { parseVariant } from '../kernel/variant.ts';
import type { LitmusTest } from '../litmus/ast.ts';
import type { OracleError } from '../oracle/build.ts';
import { buildStress, type StressBuildOptions } from './build.ts';
import { planStress } from './plan.ts';
import { DEFAULT_SETTINGS, runHarness, type RawRun, type StressSettings } from './run.ts';
import { judgeRun, modelSide, type StressVerdict } from './verdict.ts';

export interface StressOptions extends Partial<StressSettings>, StressBuildOptions {
  /** The model variant the observed states must belong to (default `host`). */
  readonly variant?: string;
}

interface Base {
  readonly test: string;
  readonly file: string;
}

export type StressReport =
  | (Base & { readonly kind: 'skipped'; readonly reason: string })
  | (Base & { readonly kind: 'error'; readonly error: OracleError })
  | (Base & {
      readonly kind: 'done';
      readonly variant: string;
      readonly kernel: string;
      readonly settings: StressSettings;
      readonly run: Omit<RawRun, 'states'>;
      readonly verdict: StressVerdict;
      /** The model explored every interleaving (else its allowed set may be partial). */
      readonly modelComplete: boolean;
      readonly condition: { readonly text: string; readonly quantifier: string } | null;
    });

export function settingsOf(opts: StressOptions): StressSettings {
  return {
    iterations: opts.iterations ?? DEFAULT_SETTINGS.iterations,
    timeMs: opts.timeMs ?? DEFAULT_SETTINGS.timeMs,
    seed: opts.seed ?? DEFAULT_SETTINGS.seed,
    budgetMs: opts.budgetMs ?? DEFAULT_SETTINGS.budgetMs,
    delayNs: opts.delayNs ?? DEFAULT_SETTINGS.delayNs,
  };
}

/**
 * Stresses one parsed test: plans it (or says why it is skipped), builds its harness, explores the model once, runs
 * the harness and compares. Environment problems come back as `error` reports (EPM30x), never as exceptions.
 */
export async function stressTest(test: LitmusTest, opts: StressOptions = {}): Promise<StressReport> {
  const base = { test: test.name, file: test.file };
  const planned = planStress(test);
  if (!planned.ok) return { ...base, kind: 'skipped', reason: planned.skip };
  const v = parseVariant(opts.variant ?? 'host');
  if (!v.ok) return { ...base, kind: 'error', error: { code: 'EPM306', message: v.message } };
  const built = buildStress(planned.plan, opts);
  if (!built.ok) return { ...base, kind: 'error', error: built.error };
  const model = modelSide(test, v.variant);
  if ('code' in model) return { ...base, kind: 'error', error: { code: 'EPM306', message: model.message } };
  const settings = settingsOf(opts);
  const raw = await runHarness(built.path, settings);
  if (!raw.ok) return { ...base, kind: 'error', error: raw.error };
  const judged = judgeRun(test, model, raw.run);
  if (!judged.ok) return { ...base, kind: 'error', error: { code: 'EPM306', message: judged.message } };
  const { states: _states, ...run } = raw.run;
  const cond = test.condition;
  return {
    ...base,
    kind: 'done',
    variant: model.variant,
    kernel: release(),
    settings,
    run,
    verdict: judged.verdict,
    modelComplete: model.complete,
    condition: cond === null ? null : { text: cond.text, quantifier: cond.quantifier },
  };
}
