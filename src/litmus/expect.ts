// Litmus tests: `expect VARIANTS: WHAT` lines (EPM117) and their evaluation against one variant's exploration.
import type { ViolationKind } from '../kernel/violation.ts';
import { issue, type Issue } from '../script/errors.ts';
import type { Expectation, ExpectWhat } from './ast.ts';
import { isBug, KNOWN_KINDS } from './kinds.ts';
import { parseVariantList } from './variants.ts';

const KINDS = KNOWN_KINDS;

const WORDS = ['ok', 'no', 'exists', 'never', 'always', 'sometimes', 'clean'] as const;

/**
 * Parses the text of an expect line; `text` is the whole line and `at` the 0-based column just after `expect`.
 * `hasCondition` says whether the test has a condition (needed by ok/no/exists/never/always/sometimes).
 */
export function parseExpect(text: string, line: number, at: number, hasCondition: boolean): Expectation | Issue {
  const body = text.slice(at).replace(/#.*$/, '');
  const colon = body.indexOf(':');
  const col = (i: number): { line: number; col: number } => ({ line, col: at + i + 1 });
  if (colon < 0) return issue('EPM117', col(body.length), "expected 'expect VARIANTS: WHAT'");
  const list = body.slice(0, colon).replaceAll('"', '').trim();
  const lead = body.length - body.trimStart().length;
  if (list === '') return issue('EPM117', col(colon), 'expected a variant list or all before the colon');
  let variants: Expectation['variants'];
  if (list === 'all') variants = 'all';
  else {
    const r = parseVariantList(list);
    if (!r.ok) return issue('EPM117', col(lead), r.message);
    variants = r.variants;
  }
  const words = body
    .slice(colon + 1)
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  const wpos = col(colon + 1 + (body.slice(colon + 1).length - body.slice(colon + 1).trimStart().length));
  const what = parseWhat(words);
  if (typeof what === 'string') return issue('EPM117', wpos, what);
  const needsCond = what.k !== 'kind' && what.k !== 'never-kind' && what.k !== 'clean';
  if (needsCond && !hasCondition)
    return issue('EPM117', wpos, `'${words.join(' ')}' is about the condition, but the test has none`);
  return { variants, what, text: `${list}: ${words.join(' ')}`, line };
}

function parseWhat(words: readonly string[]): ExpectWhat | string {
  const usage = `expected one of ${WORDS.join(', ')}, a violation kind, or never KIND (kinds: ${KINDS.join(', ')})`;
  const [a, b, ...rest] = words;
  if (a === undefined || rest.length > 0) return usage;
  if (b === undefined) {
    if ((WORDS as readonly string[]).includes(a)) return { k: a as (typeof WORDS)[number] };
    if (KINDS.includes(a)) return { k: 'kind', kind: a as ViolationKind };
    return `unknown expectation '${a}': ${usage}`;
  }
  if (a !== 'never') return usage;
  if (!KINDS.includes(b)) return `unknown violation kind '${b}': ${usage}`;
  return { k: 'never-kind', kind: b as ViolationKind };
}

/** What an expectation is judged on. */
export interface ExpectInput {
  readonly complete: boolean;
  /** The condition's verdict, or null without a condition. */
  readonly condition: { readonly holds: boolean; readonly positive: number; readonly negative: number } | null;
  readonly quantifier: 'exists' | '~exists' | 'forall' | null;
  readonly kinds: ReadonlySet<ViolationKind>;
}

export type ExpectStatus = 'pass' | 'fail' | 'unknown';

/**
 * Judges an expectation. A bounded exploration proves presence (a state, a violation) but not absence: a claim of
 * absence it does not refute is `unknown`.
 */
export function judge(e: Expectation, x: ExpectInput): { status: ExpectStatus; message: string } {
  const w = e.what;
  const res = (ok: boolean, absence: boolean, message: string): { status: ExpectStatus; message: string } => ({
    status: ok ? (absence && !x.complete ? 'unknown' : 'pass') : 'fail',
    message: ok && absence && !x.complete ? `${message} so far (bounded exploration)` : message,
  });
  if (w.k === 'kind') return res(x.kinds.has(w.kind), false, x.kinds.has(w.kind) ? `${w.kind} found` : `no ${w.kind}`);
  if (w.k === 'never-kind')
    return res(!x.kinds.has(w.kind), true, x.kinds.has(w.kind) ? `${w.kind} found` : `no ${w.kind}`);
  if (w.k === 'clean') {
    const bugs = [...x.kinds].filter(isBug);
    return res(bugs.length === 0, true, bugs.length === 0 ? 'no violation' : `found ${bugs.join(', ')}`);
  }
  const c = x.condition;
  if (c === null) return { status: 'fail', message: 'the test has no condition' };
  const obs = c.positive === 0 ? 'Never' : c.negative === 0 ? 'Always' : 'Sometimes';
  const seen = `observation ${obs} ${c.positive} ${c.negative}`;
  switch (w.k) {
    case 'exists':
      return res(c.positive > 0, false, seen);
    case 'never':
      return res(c.positive === 0, true, seen);
    case 'always':
      return res(c.negative === 0 && c.positive > 0, true, seen);
    case 'sometimes':
      return res(c.positive > 0 && c.negative > 0, false, seen);
    case 'ok':
    case 'no': {
      const want = w.k === 'ok';
      // exists is shown by a witness; ~exists and forall are refuted by one.
      const absence = x.quantifier === 'exists' ? !want : want;
      return res(c.holds === want, absence, `condition ${c.holds ? 'holds' : 'does not hold'} (${seen})`);
    }
  }
}
