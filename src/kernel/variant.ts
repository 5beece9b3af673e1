// Models no kernel file: the kernel-version differences as named knobs, and the named presets built from them.
import { EARLIEST, HISTORY, knobsForRelease, NEWEST } from './history.ts';
import { CANDIDATE_FIXES } from './candidates.ts';
import { KNOBS, type Knobs, type Variant } from './knobs.ts';

export { KNOBS } from './knobs.ts';
export type { KnobName, Knobs, Variant } from './knobs.ts';

function release(rel: string): Knobs {
  const r = knobsForRelease(rel);
  if (!r.ok) throw new Error(`epoll-lab bug: ${r.message}`);
  return r.knobs;
}

type Preset = { readonly knobs: Knobs; readonly doc: string };

/** The kernel versions with a preset: mainline releases, and the stable points where a backport changes a verdict. */
export const VERSION_PRESETS: readonly string[] = [
  'v6.6',
  'v6.8',
  'v6.9',
  'v6.12',
  'v6.12.38',
  'v6.12.39',
  'v6.12.43',
  'v6.13',
  'v6.15',
  'v6.16',
  'v6.17',
  'v6.18',
  'v6.18.23',
  'v6.18.24',
  'v6.18.32',
  'v6.18.33',
  'v7.0',
  'v7.1',
  'v7.2',
];

/** The presets of the case study (`npm start`'s columns), which `all` stands for. */
export const CASE_STUDY_PRESETS: readonly string[] = [
  'v6.8',
  'v6.9',
  'v6.13',
  'v7.1',
  'brauner-nouser',
  'dmabuf-active',
];

const CASE_STUDY_DOCS: Readonly<Record<string, string>> = {
  'v6.8': 'before 4efaa5acf0a1: ep_item_poll polls an unpinned file (P0)',
  'v6.9': '4efaa5acf0a1 (CVE-2024-38580): inc-not-zero pin around ->poll (P1)',
  'v6.13': 'v6.9 + file_ref_t counters (08ef26ea9ab3): a dead count stays dead',
  'v7.1': 'v6.13 + 6.15-7.0 changes + ep_remove pin (a6dc643c6931, CVE-2026-46242)',
};

/** What a version preset changes: a mainline release against the mainline preset before it, a stable point against
 * its branch's first release. */
function versionDoc(name: string, knobs: Knobs, prev: Knobs | null): string {
  const cs = CASE_STUDY_DOCS[name];
  if (cs !== undefined) return cs;
  if (prev === null)
    return 'the earliest modelled release (6.4 ep refcount + epi->dying design, 6.6 synchronous close)';
  const changed = HISTORY.filter((c) => knobs[c.knob] === c.value && prev[c.knob] !== c.value);
  const what = changed.map((c) => `${c.knob}=${String(c.value)} (${c.commit})`).join(', ');
  const branch = /^(v\d+\.\d+)\.\d+$/.exec(name)?.[1];
  if (branch !== undefined) return what === '' ? `stable: as ${branch}` : `stable: ${branch} + ${what}`;
  return what === '' ? 'no modelled change against the previous release' : `+ ${what}`;
}

function buildPresets(): Record<string, Preset> {
  const out: Record<string, Preset> = {};
  let prev: Knobs | null = null;
  for (const name of VERSION_PRESETS) {
    const knobs = release(name);
    const branch = /^(v\d+\.\d+)\.\d+$/.exec(name)?.[1];
    out[name] = { knobs, doc: versionDoc(name, knobs, branch !== undefined ? release(branch) : prev) };
    if (branch === undefined) prev = knobs;
  }
  out['brauner-nouser'] = {
    knobs: { ...release('v6.9'), item_poll_pin: 'sb_nouser' },
    doc: 'v6.9 with Brauner\'s SB_NOUSER-only pin (P2, "20240506-zerbrach-zehnkampf", never merged)',
  };
  out['dmabuf-active'] = {
    knobs: { ...release('v6.8'), dmabuf_poll_ref: 'get_file_active' },
    doc: 'v6.8 with the dma-buf-side fix: get_file_active in dma_buf_poll (P3, "20240504-wohngebiet-restwert", never merged)',
  };
  const newest = release(VERSION_PRESETS.at(-1) as string);
  for (const c of CANDIDATE_FIXES)
    out[c.name] = { knobs: { ...newest, ...c.knobs }, doc: `${VERSION_PRESETS.at(-1)} + ${c.doc}` };
  return out;
}

/** Named presets with what each stands for: every version preset, plus the two unmerged proposals. */
export const PRESETS: Readonly<Record<string, Preset>> = buildPresets();

export const DEFAULT_VARIANT = 'v7.1';

/**
 * The running kernel's release (`os.release()`), or null where there is none (a browser). Read through
 * `process.getBuiltinModule` so that this module imports nothing from Node: the playground bundles it for the web.
 */
export function hostRelease(): string | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const os = proc?.getBuiltinModule?.('node:os') as { release(): string } | undefined;
  return os === undefined ? null : os.release();
}

/**
 * The preset of a running kernel release string such as `6.18.44-fc`: its knobs from the version table; a release
 * outside the table gets its nearest end (the earliest or the newest release modelled).
 */
export function hostKnobs(rel: string = hostRelease() ?? ''): { knobs: Knobs; doc: string } {
  const r = knobsForRelease(rel);
  if (r.ok) return { knobs: r.knobs, doc: `the running kernel ${rel}, from the version table (history.ts)` };
  const nearest = r.tooNew ? NEWEST : EARLIEST;
  return { knobs: release(nearest), doc: `the running kernel ${rel}: ${r.message}; using ${nearest}` };
}

/** Result of parsing a variant spec: a value, never an exception. */
export type VariantParse = { ok: true; variant: Variant } | { ok: false; message: string };

/** Parses `PRESET[,knob=value...]`; `host` is the preset for the running kernel. */
export function parseVariant(spec: string): VariantParse {
  const [head = '', ...rest] = spec.split(',').map((s) => s.trim());
  if (head === 'host' && hostRelease() === null)
    return { ok: false, message: `variant 'host' needs a running kernel (there is none here)` };
  const base = head === 'host' ? hostKnobs().knobs : (PRESETS[head]?.knobs ?? versionKnobs(head));
  if (base === undefined) {
    return {
      ok: false,
      message: `unknown variant preset '${head}' (known: ${presetNames().join(', ')}, or any vMAJOR.MINOR[.PATCH] from ${EARLIEST} to ${NEWEST})`,
    };
  }
  const knobs: Record<string, unknown> = { ...base };
  for (const kv of rest) {
    const eq = kv.indexOf('=');
    const key = eq < 0 ? kv : kv.slice(0, eq);
    const value = eq < 0 ? '' : kv.slice(eq + 1);
    const knob = (KNOBS as Record<string, { values: readonly string[] } | undefined>)[key];
    if (knob === undefined)
      return { ok: false, message: `unknown knob '${key}' (known: ${Object.keys(KNOBS).join(', ')})` };
    if (!knob.values.includes(value)) {
      return { ok: false, message: `knob ${key} takes ${knob.values.join(' | ')}, not '${value}'` };
    }
    knobs[key] = value === 'true' ? true : value === 'false' ? false : value;
  }
  return { ok: true, variant: { ...(knobs as Knobs), name: spec } };
}

/** A release not in the preset list, such as `v6.12.50`, from the version table. */
function versionKnobs(head: string): Knobs | undefined {
  if (!/^v\d+\.\d+(\.\d+)?$/.test(head)) return undefined;
  const r = knobsForRelease(head);
  return r.ok ? r.knobs : undefined;
}

export function presetNames(): string[] {
  return [...Object.keys(PRESETS), 'host'];
}

/** The variant for a spec that is known to be valid (presets in code and tests). */
export function variant(spec: string = DEFAULT_VARIANT): Variant {
  const r = parseVariant(spec);
  if (!r.ok) throw new Error(r.message);
  return r.variant;
}
