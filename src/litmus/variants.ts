// Litmus tests: variant lists (`v6.8,v6.9` or `all`), where a `knob=value` item belongs to the preset before it.
import { CASE_STUDY_PRESETS, parseVariant, VERSION_PRESETS, type Variant } from '../kernel/variant.ts';

/** The case-study presets (v6.8, v6.9, v6.13, v7.1, brauner-nouser, dmabuf-active): what `all` stands for. */
export function allVariants(): Variant[] {
  return presetVariants(CASE_STUDY_PRESETS);
}

/** Every version preset, oldest first: what `versions` stands for. */
export function versionVariants(): Variant[] {
  return presetVariants(VERSION_PRESETS);
}

function presetVariants(names: readonly string[]): Variant[] {
  return names.map((n) => {
    const r = parseVariant(n);
    if (!r.ok) throw new Error(`epoll-lab bug: preset ${n} does not parse`);
    return r.variant;
  });
}

export type VariantListParse = { ok: true; variants: Variant[] } | { ok: false; message: string };

/**
 * `v6.8,v6.9,item_poll_pin=sb_nouser` is two variants: v6.8 and `v6.9,item_poll_pin=sb_nouser`. `all` (alone or as an
 * item) adds the case-study presets, `versions` every version preset. Duplicates are dropped.
 */
export function parseVariantList(list: string): VariantListParse {
  const specs: string[] = [];
  for (const raw of list.split(',')) {
    const item = raw.trim();
    if (item === '') return { ok: false, message: `empty item in variant list '${list}'` };
    if (item.includes('=')) {
      if (specs.length === 0) return { ok: false, message: `knob '${item}' comes before any preset in '${list}'` };
      specs[specs.length - 1] += `,${item}`;
    } else specs.push(item);
  }
  const out: Variant[] = [];
  const add = (v: Variant): void => {
    if (!out.some((o) => o.name === v.name)) out.push(v);
  };
  for (const s of specs) {
    if (s === 'all' || s === 'versions') {
      (s === 'all' ? allVariants() : versionVariants()).forEach(add);
      continue;
    }
    const r = parseVariant(s);
    if (!r.ok) return { ok: false, message: r.message };
    add(r.variant);
  }
  return { ok: true, variants: out };
}
