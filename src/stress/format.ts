// Stress runs: a klitmus7-style histogram per test, a one-line summary per test, and the JSON of a report.
import type { JsonValue } from '../script/json.ts';
import type { StressReport } from './stress.ts';

type Done = StressReport & { kind: 'done' };

const pct = (n: number, of: number): string =>
  of === 0 ? '0%' : `${((100 * n) / of).toFixed(n * 1000 < of ? 3 : 2)}%`;

/** The command that runs the same stress again. */
export function reproduceCommand(r: Done): string {
  const s = r.settings;
  return (
    `epoll-lab stress ${r.file} --iterations ${s.iterations} --seed ${s.seed} --budget-ms ${s.budgetMs} ` +
    `--delay-ns ${s.delayNs} --variant ${r.variant}`
  );
}

/** The histogram block of a finished run. */
export function formatDone(r: Done): string[] {
  const v = r.verdict;
  const out = [`Test ${r.test} (${r.file}) on Linux ${r.kernel}, ${r.run.cpus} CPUs`];
  out.push(`Histogram (${v.rows.length} states, ${r.run.iterations} iterations)`);
  const w = Math.max(1, ...v.rows.map((x) => String(x.count).length));
  for (const row of v.rows) {
    const mark = row.satisfies === true ? '*>' : ':>';
    const verdict = row.allowed ? 'allowed' : `NOT ALLOWED by ${r.variant}`;
    out.push(
      `${String(row.count).padStart(w)} ${mark} ${row.state}   (${pct(row.count, r.run.iterations)}, ${verdict})`,
    );
  }
  for (const s of v.unseen) out.push(`${'0'.padStart(w)} -- ${s}   (allowed, not seen)`);
  out.push(
    v.sound
      ? `Sound: every observed state is allowed by ${r.variant}`
      : `UNSOUND: the kernel showed states ${r.variant} forbids`,
  );
  if (!r.modelComplete) out.push('  (the model exploration was not exhaustive: its allowed set may be partial)');
  out.push(`Coverage ${v.seenAllowed}/${v.allowedCount} allowed states seen (${pct(v.seenAllowed, v.allowedCount)})`);
  if (r.condition !== null && v.conditionCount !== null)
    out.push(
      `Condition ${r.condition.text}: observed in ${v.conditionCount} of ${r.run.iterations} iterations ` +
        `(${pct(v.conditionCount, r.run.iterations)})`,
    );
  else out.push('Condition none');
  out.push(
    `Iterations ${r.run.iterations} in ${(r.run.elapsedMs / 1000).toFixed(1)} s; ${r.run.released} with calls ` +
      `recorded blocked then released; not counted: ${r.run.late} woken late, ${r.run.stuck} stuck`,
  );
  if (!v.sound) out.push(`EPM307 reproduce: ${reproduceCommand(r)}`);
  return out;
}

/** One line per test for the summary. */
export function summaryLine(r: StressReport): string {
  if (r.kind === 'skipped') return `SKIP    ${r.test}: ${r.reason}`;
  if (r.kind === 'error') return `ERROR   ${r.test}: ${r.error.code} ${r.error.message}`;
  const v = r.verdict;
  const cond = v.conditionCount === null ? '' : `, condition ${pct(v.conditionCount, r.run.iterations)}`;
  return (
    `${v.sound ? 'SOUND  ' : 'UNSOUND'} ${r.test}: ${r.run.iterations} iterations, coverage ` +
    `${v.seenAllowed}/${v.allowedCount}${cond}`
  );
}

export function stressJson(r: StressReport): JsonValue {
  if (r.kind === 'skipped') return { test: r.test, file: r.file, kind: r.kind, reason: r.reason };
  if (r.kind === 'error')
    return { test: r.test, file: r.file, kind: r.kind, code: r.error.code, message: r.error.message };
  const v = r.verdict;
  return {
    test: r.test,
    file: r.file,
    kind: r.kind,
    variant: r.variant,
    kernel: r.kernel,
    settings: { ...r.settings },
    run: { ...r.run },
    sound: v.sound,
    coverage: { seen: v.seenAllowed, allowed: v.allowedCount },
    states: v.rows.map((x) => ({ state: x.state, count: x.count, allowed: x.allowed, satisfies: x.satisfies })),
    unseen: [...v.unseen],
    condition: r.condition === null ? null : { ...r.condition, observed: v.conditionCount },
    modelComplete: r.modelComplete,
    reproduce: reproduceCommand(r),
  };
}
