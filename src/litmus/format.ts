// Litmus tests: prints check results as herd7-style text blocks and as one JSON object per test × variant.
import { toJson, type JsonValue } from '../script/json.ts';
import { isBug } from './kinds.ts';
import type { CheckResult, StoppedAt, ValuesRun } from './check.ts';
import type { RaceProfileResult } from '../explore/dpor/profile.ts';

const HEADER: Readonly<Record<string, string>> = { exists: 'Allowed', '~exists': 'Forbidden', forall: 'Required' };

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : `${by}${l}`))
    .join('\n');
}

/** How far the exploration went, in words. */
export function coverage(r: CheckResult): string {
  if (r.complete) return 'exhaustive';
  if (r.limit === 'bound') return r.mode === 'bounded' ? 'bounded: preemption bound' : `sampled: ${r.mode}`;
  if (r.limit === 'interrupted') return 'interrupted: the states are a subset';
  if (r.limit === 'violation' && r.stoppedAt !== null)
    return `bounded: stopped at the first ${r.stoppedAt.kind}, the states are a subset`;
  return `bounded: ${r.limit ?? '?'} limit reached, the states are a subset`;
}

/** The stop-on lines: what stopped the run, and the minimised schedule reproducing it. */
function stoppedLines(s: StoppedAt, file: string): string[] {
  const m = s.minimised;
  return [
    `Stopped at the first ${s.kind}: ${replayCommand(s.token, file)}`,
    m.ok
      ? `  minimised (${m.preemptions} preemptions, ${m.steps} events): ${replayCommand(m.token, file)}`
      : `  not minimised: ${m.message}`,
  ];
}

/** The herd7-style block of one test on one variant. */
export function formatCheck(r: CheckResult): string {
  const out: string[] = [];
  const kind = r.condition === null ? '' : ` ${HEADER[r.condition.quantifier] ?? ''}`;
  out.push(`Test ${r.test}${kind}`);
  out.push(`Variant ${r.variant} (${r.mode}, ${coverage(r)})`);
  out.push(`States ${r.outcomes.length}`);
  const w = Math.max(1, ...r.outcomes.map((o) => String(o.count).length));
  for (const o of r.outcomes) {
    const mark = o.satisfies === true ? '*>' : ':>';
    out.push(`${String(o.count).padEnd(w)} ${mark} ${o.outcome}   ${o.token}`);
  }
  if (r.condition !== null) {
    const c = r.condition;
    out.push(c.holds ? 'Ok' : 'No');
    out.push('Witnesses');
    out.push(`Positive: ${c.positive} Negative: ${c.negative}`);
    out.push(`Condition ${c.text}`);
    out.push(`Observation ${r.test} ${c.observation} ${c.positive} ${c.negative}`);
  } else out.push('Condition none');
  out.push(`Executions ${r.executions}, time ${Math.round(r.timeMs)} ms`);
  const sf = r.stats.stateful;
  if (sf !== undefined)
    out.push(
      `Stateful ${sf.states} states stored, ${sf.merged} executions cut at a stored state ` +
        '(counts are of the executions run, not of traces)',
    );
  if (r.symmetry !== null)
    out.push(
      `Symmetry ${r.symmetry.classes.map((c) => c.join('=')).join(', ')}: one order of their first lock acquisition ` +
        `explored, the other states renamed; ${r.symmetry.deadEnds} executions ended held at it ` +
        '(counts are of the executions run; --no-symmetry explores every order)',
    );
  if (r.values !== null) out.push(valuesLine(r.values));
  if (r.stats.races !== undefined) out.push(...raceLines(r.stats.races));
  if (r.modelError !== null) out.push(`MODEL ERROR ${r.modelError.message}   ${r.modelError.token}`);
  if (r.stoppedAt !== null) out.push(...stoppedLines(r.stoppedAt, r.file));
  // Kernel bugs and the model's observations (ep_item_poll and dying files) are counted apart: an observation is
  // not a violation.
  const bugs = r.violations.filter((v) => isBug(v.kind));
  const observations = r.violations.filter((v) => !isBug(v.kind));
  out.push(bugs.length > 0 ? `Violations ${bugs.length}` : 'Violations none');
  bugs.forEach((v, i) => pushFinding(out, `[${i + 1}]`, v, r.file));
  if (observations.length > 0) out.push(`Observations ${observations.length}`);
  observations.forEach((v, i) => pushFinding(out, `(${i + 1})`, v, r.file));
  if (r.expectations.length > 0) {
    out.push('Expectations');
    for (const e of r.expectations)
      out.push(`  ${e.status.toUpperCase().padEnd(7)} ${r.file}:${e.line}: expect ${e.text} (${e.message})`);
  }
  return out.join('\n');
}

/**
 * `--races`: the pairs of sites whose races DPOR reversed, by the branches (executions to run) they added: what the
 * exploration's size comes from.
 */
export function raceLines(p: RaceProfileResult): string[] {
  const out = [`Races ${p.races} processed, ${p.branches} added a branch (an execution); by site pair:`];
  const w = String(Math.max(0, ...p.pairs.map((x) => x.branches))).length;
  for (const x of p.pairs) {
    const share = p.branches > 0 ? Math.round((100 * x.branches) / p.branches) : 0;
    out.push(`  ${String(x.branches).padStart(w)} ${`${share}%`.padStart(4)}  ${x.a}`);
    out.push(`  ${' '.repeat(w)}     against ${x.b}`);
  }
  return out;
}

function racesJson(p: RaceProfileResult): JsonValue {
  const pairs = p.pairs.map((x) => ({ a: x.a, b: x.b, races: x.races, branches: x.branches }));
  return { races: p.races, branches: p.branches, pairs };
}

function pushFinding(out: string[], label: string, v: CheckResult['violations'][number], file: string): void {
  out.push(`${label} ${v.kind}: ${v.title}`);
  out.push(`    replay: ${replayCommand(v.token, file)}`);
  out.push(indent(v.report, '    '));
}

/**
 * The command that replays a token: `replay` finds files under ./litmus/ by itself; any other needs `--file`. (A
 * path test without `node:path`: this module also runs in the browser.)
 */
export function replayCommand(token: string, file: string): string {
  const inLitmus = /^(\.\/)?litmus\/[^/]+$/.test(file);
  return `epoll-lab replay ${token} --trace${inLitmus ? '' : ` --file ${file}`}`;
}

/** The JSON value of one result (u64s and other exact values as the script JSON prints them). */
export function checkJson(r: CheckResult): JsonValue {
  return {
    test: r.test,
    file: r.file,
    variant: r.variant,
    mode: r.mode,
    complete: r.complete,
    limit: r.limit,
    executions: r.executions,
    timeMs: Math.round(r.timeMs),
    ...(r.stats.lastNew === undefined
      ? {}
      : { lastNew: { runs: r.stats.lastNew.runs, ms: Math.round(r.stats.lastNew.ms) } }),
    ...(r.stats.races === undefined ? {} : { races: racesJson(r.stats.races) }),
    ...(r.symmetry === null ? {} : { symmetry: r.symmetry }),
    ...(r.values === null ? {} : { values: { ...r.values } }),
    outcomes: r.outcomes.map((o) => ({ outcome: o.outcome, count: o.count, token: o.token, satisfies: o.satisfies })),
    violations: r.violations.map((v) => ({ kind: v.kind, title: v.title, token: v.token, report: v.report })),
    condition:
      r.condition === null
        ? null
        : {
            text: r.condition.text,
            quantifier: r.condition.quantifier,
            holds: r.condition.holds,
            observation: r.condition.observation,
            positive: r.condition.positive,
            negative: r.condition.negative,
          },
    expectations: r.expectations.map((e) => ({ text: e.text, line: e.line, status: e.status, message: e.message })),
    modelError: r.modelError === null ? null : { message: r.modelError.message, token: r.modelError.token },
    stoppedAt:
      r.stoppedAt === null
        ? null
        : {
            kind: r.stoppedAt.kind,
            token: r.stoppedAt.token,
            minimised: r.stoppedAt.minimised.ok
              ? {
                  token: r.stoppedAt.minimised.token,
                  preemptions: r.stoppedAt.minimised.preemptions,
                  steps: r.stoppedAt.minimised.steps,
                }
              : { error: r.stoppedAt.minimised.message },
          },
  };
}

export function formatCheckJson(r: CheckResult): string {
  return toJson(checkJson(r));
}

/** The value branches' line: how they came on, what they discarded, whether they were turned off. */
function valuesLine(v: ValuesRun): string {
  const on =
    v.afterProbe === null
      ? ''
      : `, on by default after DPOR's first ${v.afterProbe.toLocaleString('en-US')} executions did not finish (--no-values: DPOR)`;
  const off =
    v.off === 'halt'
      ? '; turned off at the first halted execution, the rest explored as plain DPOR'
      : v.off === 'infeasible'
        ? '; turned off when infeasible runs outnumbered the executions kept, the rest explored as plain DPOR'
        : '';
  return (
    `Values each lockless epoll_wait check explored per value it returns (value branches${on}): ` +
    `${v.infeasible} infeasible runs discarded${off}`
  );
}
