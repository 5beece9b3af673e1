// `npm start`'s last section: the case study's sleeping-waiter and EBUSY races, run on this machine's kernel.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLitmus } from '../litmus/parse.ts';
import { stressTest, type StressReport } from '../stress/stress.ts';
import { CORPUS_DIR } from '../litmus/corpus.ts';

/** The tests of the section and the outcome each one's condition names. */
export const CONFIRM_TESTS: readonly { readonly file: string; readonly what: string }[] = [
  { file: 'I5-deferred-release-hang.litmus', what: 'pipe: the write after closing the only reader succeeds' },
  { file: 'I5b-socketpair-write-after-close.litmus', what: "socketpair: the peer's write after the close succeeds" },
  { file: 'I4-close-umount-ebusy.litmus', what: 'umount right after close fails with EBUSY' },
  { file: 'I10-ebusy-window.litmus', what: 'close(ep) racing close + umount: EBUSY' },
];

export interface ConfirmOptions {
  readonly iterations?: number;
  /** Time limit per test, ms. */
  readonly timeMs?: number;
  readonly header?: (s: string) => string;
  readonly dir?: string;
}

/** Why the section cannot run here, or null. */
export function confirmSkipReason(): string | null {
  if (process.getuid?.() !== 0) return 'not root (the harness needs a private mount namespace)';
  const cc = spawnSync('cc', ['--version'], { stdio: 'ignore' });
  if (cc.error !== undefined || cc.status !== 0) return "no C compiler: 'cc' is not on PATH";
  return null;
}

const pct = (n: number, of: number): string => `${of === 0 ? '0' : ((100 * n) / of).toFixed(2)}%`;

function block(r: StressReport, what: string): string[] {
  if (r.kind === 'skipped') return [`  ${r.test}: skipped (${r.reason})`];
  if (r.kind === 'error') return [`  ${r.test}: ${r.error.code} ${r.error.message}`];
  const n = r.run.iterations;
  const v = r.verdict;
  const out = [`  ${r.test} (${what})`];
  const w = Math.max(...v.rows.map((x) => String(x.count).length));
  for (const row of v.rows) {
    const mark = row.satisfies === true ? '*>' : ':>';
    const model = row.allowed ? `allowed by ${r.variant}` : `NOT ALLOWED by ${r.variant}`;
    out.push(`    ${String(row.count).padStart(w)} ${mark} ${row.state}   (${pct(row.count, n)}, ${model})`);
  }
  const seen = v.conditionCount ?? 0;
  out.push(
    `    ${v.sound ? 'sound' : 'UNSOUND'}; the condition's outcome (*>) in ${seen} of ${n} iterations (${pct(seen, n)})`,
  );
  return out;
}

/** The section's text (a one-line reason when it cannot run here). */
export async function confirmedOnKernel(opts: ConfirmOptions = {}): Promise<string> {
  const header = opts.header ?? ((s: string) => s);
  const skip = confirmSkipReason();
  const title = "Confirmed on this machine's kernel";
  if (skip !== null) return `${header(title)}: skipped, ${skip}.\n`;
  const iterations = opts.iterations ?? 3000;
  const out: string[] = [];
  const t0 = performance.now();
  let kernel = '';
  for (const t of CONFIRM_TESTS) {
    const file = join(opts.dir ?? CORPUS_DIR, t.file);
    const p = parseLitmus(readFileSync(file, 'utf8'), { file });
    if (!p.ok) {
      out.push(`  ${t.file}: does not parse`);
      continue;
    }
    const r = await stressTest(p.test, { iterations, timeMs: opts.timeMs ?? 2500 });
    if (r.kind === 'done') kernel = `Linux ${r.kernel}, ${r.run.cpus} CPUs`;
    out.push(...block(r, t.what));
  }
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  return (
    `${header(`${title} (${kernel}; up to ${iterations} iterations each, real threads on distinct CPUs)`)}\n` +
    `${out.join('\n')}\n` +
    `${secs} s. Every host-runnable test: npm run stress (docs/stress.md)\n`
  );
}
