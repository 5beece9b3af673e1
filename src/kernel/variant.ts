// Models no kernel file: the kernel-version differences as named knobs, and the named presets built from them.
import { release } from 'node:os';

/** Every knob with its allowed values. Kernel code reads knobs only through `machine.variant`. */
export interface Variant {
  /** Preset the variant started from, plus any overrides, e.g. `v6.9,item_poll_pin=sb_nouser`. */
  readonly name: string;
  /** f_count semantics: resurrecting atomic_long (<= 6.12) or file_ref_t with a sticky dead state (6.13+, 08ef26ea9ab3). */
  readonly counter: 'atomic_long' | 'file_ref';
  /** ep_item_poll's pin: none (P0, <= 6.8), inc-not-zero (P1, 4efaa5acf0a1), or Brauner's SB_NOUSER-only pin (P2). */
  readonly item_poll_pin: 'none' | 'inc_not_zero' | 'sb_nouser';
  /** dma_buf_poll's own reference: plain get_file (mainline) or get_file_active first, EPOLLERR if dying (P3). */
  readonly dmabuf_poll_ref: 'get_file' | 'get_file_active';
  /** ep_remove pins the watched file before touching f_ep (a6dc643c6931, 7.1); off = 6.4-7.0 epi->dying path. */
  readonly ep_remove_pin: boolean;
  /** epoll_wait argument checks: EINVAL/EFAULT before EBADF (< 6.15) or EBADF first (6.15+, ep_check_params). */
  readonly epoll_wait_errno: 'einval_first' | 'ebadf_first';
  /** eventfd_write's count check: at least 8 bytes, extra bytes ignored (< 6.9) or exactly 8 (6.9+, c8d2bfabba89). */
  readonly eventfd_write_count: 'at_least_8' | 'exactly_8';
}

export type KnobName = Exclude<keyof Variant, 'name'>;

/** Documentation of each knob: values and the commit each value models. */
export const KNOBS: Readonly<Record<KnobName, { readonly values: readonly string[]; readonly doc: string }>> = {
  counter: {
    values: ['atomic_long', 'file_ref'],
    doc: 'f_count type: atomic_long (get_file resurrects 0 -> 1) | file_ref (6.13, 08ef26ea9ab3 + 90ee6ed776c0: dead is sticky)',
  },
  item_poll_pin: {
    values: ['none', 'inc_not_zero', 'sb_nouser'],
    doc: 'ep_item_poll pin: none (P0, <= 6.8) | inc_not_zero (P1, 4efaa5acf0a1, v6.9) | sb_nouser (P2, Brauner 2024-05-06, unmerged)',
  },
  dmabuf_poll_ref: {
    values: ['get_file', 'get_file_active'],
    doc: 'dma_buf_poll ref: get_file (mainline, ff2d23843f7f) | get_file_active (P3, Brauner 2024-05-04, unmerged)',
  },
  ep_remove_pin: {
    values: ['false', 'true'],
    doc: 'ep_remove pins the file before f_ep (a6dc643c6931, 7.1, CVE-2026-46242 fix); false = 6.4-7.0 epi->dying path',
  },
  epoll_wait_errno: {
    values: ['einval_first', 'ebadf_first'],
    doc: 'epoll_wait checks: einval_first (< 6.15) | ebadf_first (6.15+, ep_check_params refactor)',
  },
  eventfd_write_count: {
    values: ['at_least_8', 'exactly_8'],
    doc: 'eventfd write count: at_least_8 (< 6.9, bytes past 8 ignored) | exactly_8 (6.9, c8d2bfabba89: else EINVAL)',
  },
};

type Knobs = Omit<Variant, 'name'>;

const V6_8: Knobs = {
  counter: 'atomic_long',
  item_poll_pin: 'none',
  dmabuf_poll_ref: 'get_file',
  ep_remove_pin: false,
  epoll_wait_errno: 'einval_first',
  eventfd_write_count: 'at_least_8',
};
const V6_9: Knobs = { ...V6_8, item_poll_pin: 'inc_not_zero', eventfd_write_count: 'exactly_8' };
const V6_13: Knobs = { ...V6_9, counter: 'file_ref' };
const V7_1: Knobs = { ...V6_13, ep_remove_pin: true, epoll_wait_errno: 'ebadf_first' };

/** Named presets with what each stands for. */
export const PRESETS: Readonly<Record<string, { readonly knobs: Knobs; readonly doc: string }>> = {
  'v6.8': { knobs: V6_8, doc: 'before 4efaa5acf0a1: ep_item_poll polls an unpinned file (P0)' },
  'v6.9': { knobs: V6_9, doc: '4efaa5acf0a1 (CVE-2024-38580): inc-not-zero pin around ->poll (P1)' },
  'v6.13': { knobs: V6_13, doc: 'v6.9 + file_ref_t counters (08ef26ea9ab3): a dead count stays dead' },
  'v7.1': { knobs: V7_1, doc: 'v6.13 + ep_remove pin (a6dc643c6931, CVE-2026-46242) + 6.15 epoll_wait errno order' },
  'brauner-nouser': {
    knobs: { ...V6_9, item_poll_pin: 'sb_nouser' },
    doc: 'v6.9 with Brauner\'s SB_NOUSER-only pin (P2, "20240506-zerbrach-zehnkampf", never merged)',
  },
  'dmabuf-active': {
    knobs: { ...V6_8, dmabuf_poll_ref: 'get_file_active' },
    doc: 'v6.8 with the dma-buf-side fix: get_file_active in dma_buf_poll (P3, "20240504-wohngebiet-restwert", never merged)',
  },
};

export const DEFAULT_VARIANT = 'v7.1';

/**
 * Stable releases that carry a6dc643c6931 (the ep_remove pin, CVE-2026-46242): `major.minor` -> first patch level.
 * `epoll-lab stress` showed it on 6.18.44: I10's EBUSY, which only the pin allows (docs/stress.md).
 */
const EP_REMOVE_PIN_STABLE: Readonly<Record<string, number>> = {
  '7.0': 10,
  '6.18': 33,
  '6.12': 95,
  '6.6': 144,
  '6.1': 178,
};

/** The preset closest to a running kernel release string such as `6.18.44-fc`. */
export function hostKnobs(rel: string = release()): { knobs: Knobs; doc: string } {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(rel);
  const ver = m ? Number(m[1]) * 1000 + Number(m[2]) : 0;
  let knobs: Knobs = V6_8;
  if (ver >= 6009) knobs = V6_9;
  if (ver >= 6013) knobs = V6_13;
  if (ver >= 6015) knobs = { ...knobs, epoll_wait_errno: 'ebadf_first' };
  const fixedIn = m ? EP_REMOVE_PIN_STABLE[`${m[1]}.${m[2]}`] : undefined;
  if (fixedIn !== undefined && Number(m?.[3] ?? 0) >= fixedIn) knobs = { ...knobs, ep_remove_pin: true };
  if (ver >= 7001) knobs = V7_1;
  return { knobs, doc: `closest to the running kernel ${rel}` };
}

/** Result of parsing a variant spec: a value, never an exception. */
export type VariantParse = { ok: true; variant: Variant } | { ok: false; message: string };

/** Parses `PRESET[,knob=value...]`; `host` is the preset for the running kernel. */
export function parseVariant(spec: string): VariantParse {
  const [head = '', ...rest] = spec.split(',').map((s) => s.trim());
  const base = head === 'host' ? hostKnobs().knobs : PRESETS[head]?.knobs;
  if (base === undefined) {
    return { ok: false, message: `unknown variant preset '${head}' (known: ${presetNames().join(', ')})` };
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

export function presetNames(): string[] {
  return [...Object.keys(PRESETS), 'host'];
}

/** The variant for a spec that is known to be valid (presets in code and tests). */
export function variant(spec: string = DEFAULT_VARIANT): Variant {
  const r = parseVariant(spec);
  if (!r.ok) throw new Error(r.message);
  return r.variant;
}
