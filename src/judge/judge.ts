// The candidate fixes for I5 judged by the model: every test of the corpus (and the bug atlas) explored on the newest
// release and on each candidate, the questions a reviewer asks answered from the results.
import { basename } from 'node:path';
import { expandFiles } from '../litmus/corpus.ts';
import { CANDIDATE_FIXES } from '../kernel/candidates.ts';
import { HISTORY } from '../kernel/history.ts';
import { parseVariant, variant as variantOf, VERSION_PRESETS } from '../kernel/variant.ts';
import type { LitmusTest } from '../litmus/ast.ts';
import { checkVariant, type CheckResult } from '../litmus/check.ts';
import { diffResults } from '../litmus/diff.ts';
import { readLitmusFile } from '../litmus/file.ts';
import { isBug } from '../litmus/kinds.ts';
import { parseLitmus } from '../litmus/parse.ts';
import { NEWEST_PRESET } from '../repro/target.ts';

/** The tests each question reads (by file name; the corpus may hold a subset). */
export const QUESTIONS = {
  /** I5's deferred release itself: the file still allocated while the waiter sleeps. */
  deferred: ['I5-pipe-never-released.litmus', 'I5-socket-never-released.litmus', 'I5-mount-stays-busy.litmus'],
  /** The window: a write after the close succeeds, or umount is EBUSY, before the release runs. */
  window: [
    'I5-deferred-release-hang.litmus',
    'I5b-socketpair-write-after-close.litmus',
    'I4-close-umount-ebusy.litmus',
  ],
} as const;

/** I1/I2 (the use-after-free the pin was added for), I9/I10 and the atlas (Bad Epoll and the other known bugs). */
const UAF = /^I[12]-/;
const BAD_EPOLL = /^(I9|I10)-|^E\d/;
/** The atlas's tests (litmus/bugs/): their `exists` condition is the bug. */
const ATLAS = /^E\d/;

/** A cell that shows a bug: a bug kind reached, or an atlas test's condition. */
export function badCell(c: Cell): boolean {
  return c.bugs.length > 0 || (ATLAS.test(basename(c.file)) && c.reached);
}

/** One test on one variant: did its condition hold, and which bug kinds did it reach (with a token each). */
export interface Cell {
  readonly file: string;
  readonly reached: boolean;
  readonly token: string | null;
  readonly bugs: readonly { readonly kind: string; readonly token: string }[];
}

export interface CandidateVerdict {
  readonly name: string;
  readonly doc: string;
  readonly deferred: readonly Cell[];
  readonly window: readonly Cell[];
  readonly uaf: readonly Cell[];
  readonly badEpoll: readonly Cell[];
  /** Against the unfixed release: states only on the candidate / only on the release, violations gained / lost. */
  readonly diff: {
    readonly tests: readonly string[];
    readonly added: number;
    readonly removed: number;
    readonly gained: readonly { readonly file: string; readonly kind: string; readonly token: string }[];
    readonly lost: readonly { readonly file: string; readonly kind: string }[];
  } | null;
  /** Removes the deferred release in every form the corpus holds. */
  readonly removesI5: boolean;
  /** No I1/I2/I9/I10/atlas condition or bug reached that the unfixed release does not reach, no violation gained. */
  readonly safe: boolean;
  readonly complete: boolean;
}

/** Which releases have I5's deferred release: the version presets and the stable backports of the pin. */
export interface Affected {
  /** Every release checked, in order, and whether a deferred-release test reaches its state there. */
  readonly releases: readonly { readonly release: string; readonly affected: boolean }[];
  readonly first: string | null;
  readonly last: string | null;
}

export interface Judgement {
  readonly base: string;
  readonly affected: Affected;
  readonly tests: number;
  readonly verdicts: readonly CandidateVerdict[];
}

export interface JudgeOptions {
  /** Files or directories of the corpus (default litmus/: the seed tests, findings, the atlas's bugs/). */
  readonly corpus?: readonly string[];
  /** Candidate preset names (default every CANDIDATE_FIXES entry). */
  readonly candidates?: readonly string[];
}

function cellOf(file: string, r: CheckResult): Cell {
  const hit = r.outcomes.find((o) => o.satisfies === true);
  const seen = new Set<string>();
  const bugs = r.violations.filter((v) => isBug(v.kind) && !seen.has(v.kind) && seen.add(v.kind));
  return {
    file,
    reached: hit !== undefined,
    token: hit?.token ?? null,
    bugs: bugs.map((v) => ({ kind: v.kind, token: v.token })),
  };
}

function loadCorpus(paths: readonly string[]): LitmusTest[] | string {
  const tests: LitmusTest[] = [];
  for (const f of expandFiles(paths)) {
    const src = readLitmusFile(f);
    if (typeof src !== 'string') return `${f}: ${src.code} ${src.message}`;
    const p = parseLitmus(src, { file: f });
    if (!p.ok) return p.errors.map((e) => `${f}:${e.line}:${e.col}: ${e.code} ${e.message}`).join('\n');
    tests.push(p.test);
  }
  return tests;
}

function explore(tests: readonly LitmusTest[], name: string): Map<string, CheckResult> | string {
  const v = variantOf(name);
  const out = new Map<string, CheckResult>();
  for (const t of tests) {
    const r = checkVariant(t, v);
    if ('code' in r) return `${t.file}: ${r.code} ${r.message}`;
    out.set(t.file, r);
  }
  return out;
}

function pick(results: ReadonlyMap<string, CheckResult>, keep: (name: string) => boolean): Cell[] {
  return [...results].filter(([f]) => keep(basename(f))).map(([f, r]) => cellOf(f, r));
}

function verdictOf(
  name: string,
  doc: string,
  results: ReadonlyMap<string, CheckResult>,
  base: ReadonlyMap<string, CheckResult> | null,
): CandidateVerdict {
  const cells = (names: readonly string[]): Cell[] => pick(results, (n) => names.includes(n));
  const deferred = cells(QUESTIONS.deferred);
  const uaf = pick(results, (n) => UAF.test(n));
  const badEpoll = pick(results, (n) => BAD_EPOLL.test(n));
  let diff: CandidateVerdict['diff'] = null;
  if (base !== null) {
    const tests: string[] = [];
    let added = 0;
    let removed = 0;
    const gained: { file: string; kind: string; token: string }[] = [];
    const lost: { file: string; kind: string }[] = [];
    for (const [f, r] of results) {
      const b = base.get(f);
      if (b === undefined) continue;
      const d = diffResults(r.test, b, r);
      if (d.onlyFrom.length + d.onlyTo.length + d.gained.length + d.lost.length > 0) tests.push(f);
      added += d.onlyTo.length;
      removed += d.onlyFrom.length;
      gained.push(...d.gained.map((v) => ({ file: f, kind: v.kind, token: v.token })));
      lost.push(...d.lost.map((v) => ({ file: f, kind: v.kind })));
    }
    diff = { tests, added, removed, gained, lost };
  }
  const worse = (c: Cell): boolean => {
    const b = base?.get(c.file);
    return badCell(c) && (b === undefined || !badCell(cellOf(c.file, b)));
  };
  const safe = ![...uaf, ...badEpoll].some(worse) && !(diff?.gained.some((g) => isBug(g.kind)) ?? false);
  return {
    name,
    doc,
    deferred,
    window: cells(QUESTIONS.window),
    uaf,
    badEpoll,
    diff,
    removesI5: deferred.length > 0 && deferred.every((c) => !c.reached),
    safe,
    complete: [...results.values()].every((r) => r.complete),
  };
}

/** The deferred-release tests on every version preset and on each stable release the pin was backported to. */
function affectedReleases(tests: readonly LitmusTest[]): Affected | string {
  const deferred = tests.filter((t) => (QUESTIONS.deferred as readonly string[]).includes(basename(t.file)));
  const pin = HISTORY.find((c) => c.knob === 'item_poll_pin' && c.value === 'inc_not_zero');
  const stable = (pin?.stable ?? []).map((r) => `v${r}`).filter((r) => parseVariant(r).ok);
  const releases: { release: string; affected: boolean }[] = [];
  for (const rel of [...VERSION_PRESETS, ...stable]) {
    const r = explore(deferred, rel);
    if (typeof r === 'string') return r;
    releases.push({ release: rel, affected: [...r].some(([f, c]) => cellOf(f, c).reached) });
  }
  const hit = releases.filter((r) => r.affected && VERSION_PRESETS.includes(r.release));
  return { releases, first: hit[0]?.release ?? null, last: hit.at(-1)?.release ?? null };
}

/** Explores the corpus on the newest release and on every candidate; a corpus that does not parse is a message. */
export function judge(opts: JudgeOptions = {}): { ok: true; judgement: Judgement } | { ok: false; message: string } {
  const tests = loadCorpus(opts.corpus ?? ['litmus']);
  if (typeof tests === 'string') return { ok: false, message: tests };
  const names = opts.candidates ?? CANDIDATE_FIXES.map((c) => c.name);
  const unknown = names.find((n) => !CANDIDATE_FIXES.some((c) => c.name === n));
  if (unknown !== undefined)
    return {
      ok: false,
      message: `unknown candidate '${unknown}' (known: ${CANDIDATE_FIXES.map((c) => c.name).join(', ')})`,
    };
  const base = explore(tests, NEWEST_PRESET);
  if (typeof base === 'string') return { ok: false, message: base };
  const affected = affectedReleases(tests);
  if (typeof affected === 'string') return { ok: false, message: affected };
  const verdicts = [verdictOf(NEWEST_PRESET, 'the newest release, unfixed', base, null)];
  for (const n of names) {
    const r = explore(tests, n);
    if (typeof r === 'string') return { ok: false, message: r };
    verdicts.push(verdictOf(n, CANDIDATE_FIXES.find((c) => c.name === n)?.doc ?? '', r, base));
  }
  return { ok: true, judgement: { base: NEWEST_PRESET, affected, tests: tests.length, verdicts } };
}
