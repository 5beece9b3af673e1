// Explorer, parallel: ScenarioRef — a serialisable description from which a worker thread or another machine rebuilds a scenario.
import { variant } from '../../kernel/variant.ts';
import type { Scenario } from '../scenario.ts';
import { i1Dmabuf } from '../scenarios/i1-dmabuf.ts';
import { i2DmabufFence } from '../scenarios/i2-dmabuf-fence.ts';
import { i3DyingPipe } from '../scenarios/i3-dying-pipe.ts';
import { i4UmountEbusy } from '../scenarios/i4-umount-ebusy.ts';
import { i9BadEpoll } from '../scenarios/i9-bad-epoll.ts';
import { exclusiveWakeup } from '../scenarios/excl-wakeup.ts';

/** The scenarios of `src/explore/scenarios/` by short name; each factory takes a variant spec. */
export const BUILTIN: Readonly<Record<string, (v?: string) => Scenario>> = {
  i1: i1Dmabuf,
  i2: i2DmabufFence,
  i3: i3DyingPipe,
  i4: i4UmountEbusy,
  i9: i9BadEpoll,
  excl: exclusiveWakeup,
};

/**
 * How to rebuild a scenario anywhere (JSON, structured-clone safe). Scenarios are code (generator factories), so a
 * worker cannot receive one; it receives this and rebuilds it. Every kind must rebuild the same scenario
 * (same hash) from the same description.
 * - `builtin`: a scenario of `src/explore/scenarios/` by short name (`i1`), with a variant spec;
 * - `litmus`: a litmus test's source text (the file name only labels errors), with a variant spec;
 * - `module`: any module exporting a factory: `import(module)[export](...args)` (tests' toy programs, a bench
 *   helper's scenarios); `module` is a file URL or a package specifier.
 */
export type ScenarioRef =
  | { readonly kind: 'builtin'; readonly name: string; readonly variant?: string }
  | { readonly kind: 'litmus'; readonly source: string; readonly file?: string; readonly variant?: string }
  | { readonly kind: 'module'; readonly module: string; readonly export: string; readonly args?: readonly unknown[] };

/** A rebuilt scenario, or why the description does not name one (a user error: bad name, variant, litmus text). */
export type ResolveResult =
  { readonly ok: true; readonly scenario: Scenario } | { readonly ok: false; readonly message: string };

/** Rebuilds the scenario a reference describes. */
export async function resolveScenario(ref: ScenarioRef): Promise<ResolveResult> {
  try {
    switch (ref.kind) {
      case 'builtin': {
        const f = BUILTIN[ref.name];
        if (f === undefined)
          return { ok: false, message: `unknown scenario '${ref.name}' (known: ${Object.keys(BUILTIN).join(', ')})` };
        return { ok: true, scenario: f(ref.variant) };
      }
      case 'litmus': {
        // Loaded on demand: the litmus front end is only needed for litmus references.
        const { parseLitmus } = await import('../../litmus/parse.ts');
        const { compileLitmus } = await import('../../litmus/compile.ts');
        const p = parseLitmus(ref.source, ref.file === undefined ? {} : { file: ref.file });
        if (!p.ok) return { ok: false, message: p.errors.map((e) => `${e.code} ${e.message}`).join('; ') };
        const c = compileLitmus(p.test, variant(ref.variant));
        if (!c.ok) return { ok: false, message: `${c.error.code} ${c.error.message}` };
        return { ok: true, scenario: c.compiled.scenario };
      }
      case 'module': {
        const mod = (await import(ref.module)) as Record<string, unknown>;
        const f = mod[ref.export];
        if (typeof f !== 'function') return { ok: false, message: `${ref.module} exports no function '${ref.export}'` };
        return { ok: true, scenario: (f as (...a: unknown[]) => Scenario)(...(ref.args ?? [])) };
      }
    }
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}
