// Litmus: the ScenarioRef of a litmus test, from which explore's worker threads rebuild the test's scenario.
import type { ResolveResult, ScenarioRef } from '../explore/parallel/ref.ts';
import { variant } from '../kernel/variant.ts';
import { compileLitmus } from './compile.ts';
import { parseLitmus } from './parse.ts';

/**
 * A litmus test's scenario from its source text (the file name only labels errors) on a variant spec; a parse or
 * compile error is a failed resolution (a user error), not an exception.
 */
export function litmusScenario(source: string, file: string | null, variantSpec: string | null): ResolveResult {
  const p = parseLitmus(source, file === null ? {} : { file });
  if (!p.ok) return { ok: false, message: p.errors.map((e) => `${e.code} ${e.message}`).join('; ') };
  const c = compileLitmus(p.test, variant(variantSpec ?? undefined));
  if (!c.ok) return { ok: false, message: `${c.error.code} ${c.error.message}` };
  return { ok: true, scenario: c.compiled.scenario };
}

/** How a worker rebuilds a litmus test: this module's `litmusScenario` with the test's text and variant. */
export function litmusRef(source: string, file?: string, variantSpec?: string): ScenarioRef {
  return {
    kind: 'module',
    module: import.meta.url,
    export: 'litmusScenario',
    args: [source, file ?? null, variantSpec ?? null],
  };
}
