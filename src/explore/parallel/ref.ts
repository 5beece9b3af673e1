// Explorer, parallel: ScenarioRef — a serialisable description from which a worker thread or another machine rebuilds a scenario.
import type { Scenario } from '../scenario.ts';

/**
 * How to rebuild a scenario anywhere (JSON, structured-clone safe). Scenarios are code (generator factories), so a
 * worker cannot receive one; it receives this and rebuilds it: `import(module)[export](...args)`, where `module` is
 * a file URL or a package specifier and the export returns a `Scenario` or a `ResolveResult`. The explorer knows no
 * front end: the layer that makes scenarios names its own factory (litmus tests: `litmusRef` of src/litmus/ref.ts;
 * tests' toy programs and bench helpers: their modules). The same description must rebuild the same scenario (same
 * hash).
 */
export interface ScenarioRef {
  readonly kind: 'module';
  readonly module: string;
  readonly export: string;
  readonly args?: readonly unknown[];
}

/** A rebuilt scenario, or why the description does not name one (a user error: bad name, variant, litmus text). */
export type ResolveResult =
  { readonly ok: true; readonly scenario: Scenario } | { readonly ok: false; readonly message: string };

function isResolveResult(v: unknown): v is ResolveResult {
  return typeof v === 'object' && v !== null && 'ok' in v && typeof v.ok === 'boolean';
}

/** Rebuilds the scenario a reference describes. */
export async function resolveScenario(ref: ScenarioRef): Promise<ResolveResult> {
  try {
    const mod = (await import(ref.module)) as Record<string, unknown>;
    const f = mod[ref.export];
    if (typeof f !== 'function') return { ok: false, message: `${ref.module} exports no function '${ref.export}'` };
    const r: unknown = (f as (...a: unknown[]) => unknown)(...(ref.args ?? []));
    return isResolveResult(r) ? r : { ok: true, scenario: r as Scenario };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}
