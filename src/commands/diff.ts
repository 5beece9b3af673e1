// `epoll-lab diff FILE --from V1 --to V2`: the states and violations one variant allows and the other does not.
import { readLitmusFile } from '../litmus/file.ts';
import { diffLitmus, type LitmusDiff } from '../litmus/diff.ts';
import { coverage } from '../litmus/format.ts';
import { parseLitmus } from '../litmus/parse.ts';
import { toJson } from '../script/json.ts';
import { EpmError } from '../script/errors.ts';
import { errorLine, exploreOptions, type ExploreFlags } from './litmus-opts.ts';
import { lines, output, type CommandOutput } from './output.ts';

export interface DiffFlags extends ExploreFlags {
  readonly from: string;
  readonly to: string;
  readonly json?: boolean;
}

function section(title: string, items: readonly string[]): string[] {
  return [`${title} (${items.length}):`, ...(items.length === 0 ? ['  none'] : items.map((i) => `  ${i}`))];
}

/** The text form of a diff. */
export function formatDiff(d: LitmusDiff): string {
  const f = d.from.variant;
  const t = d.to.variant;
  return [
    `Diff ${d.test}: ${f} -> ${t}`,
    `  ${f}: ${d.from.outcomes.length} states, ${d.from.executions} executions (${coverage(d.from)})`,
    `  ${t}: ${d.to.outcomes.length} states, ${d.to.executions} executions (${coverage(d.to)})`,
    ...section(
      `States only in ${f}`,
      d.onlyFrom.map((o) => `${o.outcome}   ${o.token}`),
    ),
    ...section(
      `States only in ${t}`,
      d.onlyTo.map((o) => `${o.outcome}   ${o.token}`),
    ),
    ...section(
      'States in both',
      d.both.map((b) => `${b.from.outcome}   (${f}: ${b.from.count}, ${t}: ${b.to.count})`),
    ),
    ...section(
      `Violations gained in ${t}`,
      d.gained.map((v) => `${v.kind}: ${v.title}   ${v.token}`),
    ),
    ...section(
      `Violations lost in ${t}`,
      d.lost.map((v) => `${v.kind}: ${v.title}   ${v.token}`),
    ),
  ].join('\n');
}

export function diffJson(d: LitmusDiff): string {
  const o = (x: { outcome: string; count: number; token: string }) => ({
    outcome: x.outcome,
    count: x.count,
    token: x.token,
  });
  const v = (x: { kind: string; title: string; token: string }) => ({ kind: x.kind, title: x.title, token: x.token });
  return toJson({
    test: d.test,
    from: d.from.variant,
    to: d.to.variant,
    complete: d.from.complete && d.to.complete,
    onlyFrom: d.onlyFrom.map(o),
    onlyTo: d.onlyTo.map(o),
    both: d.both.map((b) => ({ outcome: b.from.outcome, fromCount: b.from.count, toCount: b.to.count })),
    gained: d.gained.map(v),
    lost: d.lost.map(v),
  });
}

export function diffFile(file: string, flags: DiffFlags): CommandOutput {
  const opts = exploreOptions(flags);
  if (typeof opts === 'string') return output('', `epoll-lab diff: ${opts}\n`, 2);
  const src = readLitmusFile(file);
  if (typeof src !== 'string') return output('', lines([errorLine(src)]), 2);
  const p = parseLitmus(src, { file });
  if (!p.ok) return output('', lines(p.errors.map(errorLine)), 2);
  try {
    const r = diffLitmus(p.test, flags.from, flags.to, opts);
    if (!r.ok) return output('', lines(r.errors.map(errorLine)), 2);
    return output(lines([flags.json === true ? diffJson(r.diff) : formatDiff(r.diff)]));
  } catch (e) {
    if (EpmError.is(e)) return output('', `${e.code} ${e.message}\n`, 2);
    throw e;
  }
}
