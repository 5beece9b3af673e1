// Playground: the variant picker (presets and knobs as `epoll-lab variants` lists them) and the bounds form.
import { KNOBS, PRESETS } from '../../src/kernel/variant.ts';
import { KNOWN_KINDS } from '../../src/litmus/kinds.ts';
import { parseVariantList } from '../../src/litmus/variants.ts';
import { PLAYGROUND_MODES, type RunOptions } from '../protocol.ts';

/** An element the page is known to have (index.html); a missing one is a bug of the page. */
export function byId<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (e === null) throw new Error(`epoll-lab playground bug: no #${id}`);
  return e as T;
}

function option(select: HTMLSelectElement, value: string, text: string): void {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  select.append(o);
}

/** Builds the preset checkboxes, the knob list, the mode and stop-on menus. */
export function initControls(): void {
  const presets = byId<HTMLDivElement>('presets');
  for (const [name, p] of Object.entries(PRESETS)) {
    const label = document.createElement('label');
    label.title = p.doc;
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = name;
    box.name = 'preset';
    label.append(box, name);
    presets.append(label);
  }
  const knobs = byId<HTMLDListElement>('knobs');
  for (const [name, k] of Object.entries(KNOBS)) {
    const dt = document.createElement('dt');
    dt.textContent = `${name}=${k.values.join('|')}`;
    const dd = document.createElement('dd');
    dd.textContent = k.doc;
    knobs.append(dt, dd);
  }
  const mode = byId<HTMLSelectElement>('mode');
  for (const m of PLAYGROUND_MODES) option(mode, m, m);
  mode.value = 'dpor';
  const stop = byId<HTMLSelectElement>('stop-on');
  option(stop, '', 'never (explore everything)');
  option(stop, 'any', 'the first bug (any kind but the observations)');
  for (const k of KNOWN_KINDS) option(stop, k, k);
}

function presetBoxes(): HTMLInputElement[] {
  return [...byId<HTMLDivElement>('presets').querySelectorAll<HTMLInputElement>('input[name=preset]')];
}

/** The variant list (`v6.8,v6.9,...`): checked presets in their order, then the extra specs. */
export function readVariants(): string {
  const checked = presetBoxes()
    .filter((b) => b.checked)
    .map((b) => b.value);
  const extra = byId<HTMLInputElement>('extra-variants').value.trim();
  return [...checked, ...(extra === '' ? [] : [extra])].join(',');
}

/** Ticks the presets of a list and puts the other specs in the extra field. */
export function writeVariants(list: string): void {
  const items = list.split(',').map((s) => s.trim());
  const specs: string[] = [];
  for (const it of items) {
    if (it.includes('=') && specs.length > 0) specs[specs.length - 1] += `,${it}`;
    else specs.push(it);
  }
  const plain = new Set(specs.filter((s) => s in PRESETS));
  for (const b of presetBoxes()) b.checked = plain.has(b.value);
  byId<HTMLInputElement>('extra-variants').value = specs.filter((s) => !plain.has(s)).join(',');
}

/** The variant list if it parses, else the message. */
export function checkVariants(list: string): string | null {
  if (list === '') return 'pick at least one variant';
  const r = parseVariantList(list);
  return r.ok ? null : `EPM201 ${r.message}`;
}

function intField(id: string, min: number): number | null | string {
  const raw = byId<HTMLInputElement>(id).value.trim();
  if (raw === '') return null;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) return `${id.replaceAll('-', ' ')} takes an integer >= ${min}`;
  return n;
}

/** The bounds, or the message of the first bad field. */
export function readOptions(): RunOptions | string {
  const max = intField('max-executions', 1);
  const timeout = intField('timeout', 1);
  const bound = intField('bound', 0);
  for (const x of [max, timeout, bound]) if (typeof x === 'string') return x;
  const stop = byId<HTMLSelectElement>('stop-on').value;
  return {
    mode: byId<HTMLSelectElement>('mode').value,
    maxExecutions: max as number | null,
    timeoutMs: timeout as number | null,
    bound: bound as number | null,
    stopOn: stop === '' ? null : stop,
  };
}

export function writeOptions(o: RunOptions): void {
  byId<HTMLSelectElement>('mode').value = o.mode;
  const num = (id: string, v: number | null): void => {
    byId<HTMLInputElement>(id).value = v === null ? '' : String(v);
  };
  num('max-executions', o.maxExecutions);
  num('timeout', o.timeoutMs);
  num('bound', o.bound);
  byId<HTMLSelectElement>('stop-on').value = o.stopOn ?? '';
}
