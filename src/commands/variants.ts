// `epoll-lab variants`: the presets and knobs a variant spec can use, with the commit each models.
import { DEFAULT_VARIANT, hostKnobs, KNOBS, PRESETS, type KnobName } from '../kernel/variant.ts';
import { lines, output, type CommandOutput } from './output.ts';

function pad(s: string, n: number): string {
  return s.length >= n ? `${s} ` : s.padEnd(n);
}

function knobValues(knobs: Readonly<Record<KnobName, unknown>>): string {
  return (Object.keys(KNOBS) as KnobName[]).map((k) => `${k}=${String(knobs[k])}`).join(' ');
}

/** The listing printed by `epoll-lab variants`. */
export function listVariants(): CommandOutput {
  const out: string[] = [`Presets (default ${DEFAULT_VARIANT}):`];
  for (const [name, p] of Object.entries(PRESETS)) {
    out.push(`  ${pad(name, 16)}${p.doc}`, `  ${pad('', 16)}${knobValues(p.knobs)}`);
  }
  const host = hostKnobs();
  out.push(`  ${pad('host', 16)}${host.doc}`, `  ${pad('', 16)}${knobValues(host.knobs)}`, '', 'Knobs:');
  for (const [name, k] of Object.entries(KNOBS)) {
    out.push(`  ${pad(name, 18)}${k.values.join(' | ')}`, `  ${pad('', 18)}${k.doc}`);
  }
  out.push('', 'Override knobs after a preset: --variant v6.9,item_poll_pin=sb_nouser');
  return output(lines(out));
}
