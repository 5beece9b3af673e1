// The judge's verdicts as one screen of text (a table, then the tokens that show each "no"), and as JSON.
import { basename } from 'node:path';
import { isBug } from '../litmus/kinds.ts';
import type { JsonValue } from '../script/json.ts';
import { badCell, type CandidateVerdict, type Cell, type Judgement } from './judge.ts';

const yn = (cells: readonly Cell[], good: (c: Cell) => boolean): string =>
  cells.length === 0 ? '-' : cells.map((c) => (good(c) ? 'yes' : 'NO')).join('/');

function row(v: CandidateVerdict, base: string): string[] {
  const released = yn(v.deferred, (c) => !c.reached);
  const closed = yn(v.window, (c) => !c.reached);
  const uaf = v.uaf.some((c) => c.bugs.length > 0) ? 'UAF' : 'none';
  const bad = v.badEpoll.filter(badCell).length;
  const diff =
    v.diff === null
      ? '(reference)'
      : `${v.diff.tests.length} tests: +${v.diff.added}/-${v.diff.removed} states, +${v.diff.gained.length}/-${v.diff.lost.length} viol.`;
  const verdict = v.diff === null ? base : v.removesI5 && v.safe ? 'FIXES I5' : v.removesI5 ? 'REGRESSES' : 'keeps I5';
  return [v.name, released, closed, uaf, `${bad}/${v.badEpoll.length}`, diff, verdict];
}

function table(rows: string[][]): string[] {
  const w = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) =>
    r
      .map((c, i) => c.padEnd(w[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

/** What shows each bad answer: a token per reached deferred release, bug of I1/I2, newly gained violation. */
function evidence(v: CandidateVerdict): string[] {
  const out: string[] = [];
  for (const c of v.deferred) if (c.reached) out.push(`  ${v.name} ${basename(c.file)}: ${c.token ?? ''}`);
  for (const c of v.uaf) for (const b of c.bugs) out.push(`  ${v.name} ${basename(c.file)} ${b.kind}: ${b.token}`);
  const seen = new Set<string>();
  for (const g of v.diff?.gained ?? []) {
    const what = `${basename(g.file)} gains ${g.kind}${isBug(g.kind) ? '' : ' (an observation, not a bug)'}`;
    if (!seen.has(what)) out.push(`  ${v.name} ${what}: ${g.token}`);
    seen.add(what);
  }
  return out;
}

function affectedLine(j: Judgement): string {
  const a = j.affected;
  if (a.first === null) return 'Affected releases: none of the version presets';
  const stable = a.releases.filter((r) => !/^v\d+\.\d+$/.test(r.release) && r.affected).map((r) => r.release);
  const clean = a.releases.filter((r) => !r.affected).map((r) => r.release);
  return `Affected releases: ${a.first} to ${a.last} of the version presets${stable.length > 0 ? ` (stable: ${stable.join(', ')})` : ''}; clean: ${clean.join(', ')}`;
}

export function formatJudgement(j: Judgement): string[] {
  const head = [
    'candidate',
    'I5 released p/s/m',
    'no window p/s/m',
    'I1/I2',
    'bugs hit',
    `diff vs ${j.base}`,
    'verdict',
  ];
  const incomplete = j.verdicts.filter((v) => !v.complete).map((v) => v.name);
  return [
    `Candidate fixes for I5 (deferred release), ${j.tests} tests explored exhaustively on ${j.base} and each candidate`,
    affectedLine(j),
    '',
    ...table([head, ...j.verdicts.map((v) => row(v, 'unfixed'))]),
    '',
    'I5 released: the closed file is freed before the sleeper sleeps for good (litmus/findings: pipe, socket, mount).',
    'No window: the write after close fails / umount succeeds in every interleaving (I5, I5b, I4).',
    'I1/I2: a bug kind (use-after-free...) in the dma-buf tests the pin was added for. Bugs hit: I9/I10 and atlas tests',
    '(E1-E9) that reach a bug kind or whose condition (the bug) holds. FIXES I5: removes every form, and no test reaches a',
    'bug the unfixed release does not reach (the diff gains no bug kind).',
    ...j.verdicts.map((v) => `  ${v.name}: ${v.doc}`),
    ...(incomplete.length > 0 ? [`Not exhaustive: ${incomplete.join(', ')}`] : []),
    'Tokens (epoll-lab replay TOKEN --trace):',
    ...j.verdicts.flatMap(evidence),
  ];
}

/** The judgement as JSON (interfaces of plain data: the cast only forgets their names). */
export function judgementJson(j: Judgement): JsonValue {
  const v = {
    base: j.base,
    affected: j.affected,
    tests: j.tests,
    candidates: j.verdicts.map((v) => ({
      name: v.name,
      doc: v.doc,
      removesI5: v.removesI5,
      safe: v.safe,
      complete: v.complete,
      deferred: v.deferred,
      window: v.window,
      uaf: v.uaf,
      badEpoll: v.badEpoll,
      diff: v.diff,
    })),
  };
  return v as unknown as JsonValue;
}
