// `epoll-lab variants`: the presets and knobs a variant spec can use, with the commit each models.
import { EARLIEST, HISTORY } from '../kernel/history.ts';
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
    for (const c of HISTORY.filter((h) => h.knob === name)) {
      const stable = c.stable.length > 0 ? `; stable ${c.stable.join(', ')}` : '';
      const cve = c.cve !== undefined ? `, ${c.cve}` : '';
      out.push(`  ${pad('', 18)}-> ${String(c.value)}: ${c.commit} "${c.title}" (${c.release}${stable}${cve})`);
    }
  }
  out.push(
    '',
    'Override knobs after a preset: --variant v6.9,item_poll_pin=sb_nouser',
    `Any release from ${EARLIEST} is a preset too, from the version table: --variant v6.12.50`,
    'In variant lists, all = the case-study presets, versions = every version preset.',
  );
  return output(lines(out));
}
