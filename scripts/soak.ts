// `npm run soak`: many seeded random scripts on the model and the host kernel, in batches; prints the figures.
// Usage: npm run soak -- [--count N] [--seed S] [--batch B]   (defaults: 100000 scripts, seed 1, batches of 1000)
import { GROUPS } from '../src/conformance/checklist.ts';
import { runConformance, type GroupCount } from '../src/conformance/run.ts';
import { Helper } from '../src/oracle/helper.ts';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i < 0 ? undefined : process.argv[i + 1];
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v)) {
    console.error(`soak: --${name} takes a non-negative integer, not '${v}'`);
    process.exit(2);
  }
  return Number(v);
}

const count = arg('count', 100_000);
const seed = arg('seed', 1);
const batch = Math.max(1, arg('batch', 1000));
const opened = await Helper.open();
if (!opened.ok) {
  console.error(`${opened.error.code} ${opened.error.message}`);
  process.exit(2);
}
const helper = opened.helper;
const t0 = Date.now();
const totals = { scripts: 0, agree: 0, diverge: 0, skipped: 0, errors: 0, lines: 0 };
const groups: Record<string, GroupCount> = {};
for (const g of [...Object.keys(GROUPS), '-']) groups[g] = { scripts: 0, agree: 0, diverge: 0 };
let shrinks = 3;
for (let done = 0, b = 0; done < count; done += batch, b++) {
  const n = Math.min(batch, count - done);
  // Batch b uses seed S*1_000_003+b: every batch is reproducible on its own (`conformance --random B --seed ...`).
  const bseed = seed * 1_000_003 + b;
  const r = await runConformance(helper, { random: n, seed: bseed, shrinkLimit: shrinks });
  totals.scripts += r.totals.scripts;
  totals.agree += r.totals.agree;
  totals.diverge += r.totals.diverge;
  totals.skipped += r.skipped.length;
  totals.errors += r.errors.length;
  for (const s of r.reports) {
    totals.lines += s.checked.lines;
  }
  for (const [g, c] of Object.entries(r.groups)) {
    const t = groups[g] as GroupCount;
    t.scripts += c.scripts;
    t.agree += c.agree;
    t.diverge += c.diverge;
  }
  for (const s of r.reports) {
    const v = s.checked.verdict;
    if (v.kind === 'diverge') {
      shrinks = Math.max(0, shrinks - 1);
      console.log(`EPM305 ${s.name} diverges at line ${v.diff.line}: ${v.diff.call}`);
      console.log(`  model:  ${v.diff.model}\n  kernel: ${v.diff.kernel}`);
      console.log((s.shrunk ?? s.source).replace(/^/gm, '    '));
    } else if (v.kind === 'error') {
      console.log(`${s.name}: ${v.error.code} ${v.error.message}`);
    }
  }
  const secs = (Date.now() - t0) / 1000;
  console.error(
    `soak: ${done + n}/${count} scripts, ${totals.agree} agree, ${totals.diverge} diverge, ${totals.errors} errors, ${secs.toFixed(0)} s`,
  );
}
await helper.close();
const secs = (Date.now() - t0) / 1000;
console.log('group  scripts  agree  diverge');
for (const [g, c] of Object.entries(groups)) {
  console.log(
    `${g.padEnd(5)}  ${String(c.scripts).padStart(7)}  ${String(c.agree).padStart(5)}  ${String(c.diverge).padStart(7)}`,
  );
}
console.log(
  `soak: seed ${seed}, ${totals.lines} call lines, ${totals.errors} oracle errors, ${secs.toFixed(0)} s (${(totals.scripts / secs) | 0} scripts/s)`,
);
console.log(`conformance: ${totals.scripts} scripts, ${totals.agree} agree, ${totals.diverge} diverge`);
process.exitCode = totals.diverge > 0 ? 1 : totals.errors > 0 ? 2 : 0;
