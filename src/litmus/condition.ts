// Litmus tests: the final condition's lexer and parser (`exists (P0:r0 == 1 /\ P1:r1 == -EBUSY)`), errors EPM116.
import { errnoValue } from '../kernel/errno.ts';
import { FLAG_VALUES } from '../kernel/uapi.ts';
import type { ViolationKind } from '../kernel/violation.ts';
import { issue, type Issue, type Pos } from '../script/errors.ts';
import { lexLine, matchAt } from '../script/lexer.ts';
import type { CmpOp, Condition, EventWant, Prop, Quantifier, Ref, Value } from './ast.ts';
import { STATE_KINDS } from './kinds.ts';

type Tok =
  | { readonly t: 'ident'; readonly text: string; readonly pos: Pos }
  | { readonly t: 'int'; readonly value: bigint; readonly text: string; readonly pos: Pos }
  | { readonly t: 'string'; readonly s: string; readonly text: string; readonly pos: Pos }
  | { readonly t: 'kind'; readonly text: string; readonly pos: Pos }
  | { readonly t: 'punct'; readonly text: string; readonly pos: Pos };

/** How deep parentheses and `~` may nest in a condition (EPM116 beyond): the parser recurses once per level. */
export const MAX_CONDITION_DEPTH = 256;

const PUNCTS = ['/\\', '\\/', '==', '!=', '<=', '>=', '(', ')', '[', ']', ',', ':', '.', '|', '~', '=', '<', '>', '-'];

/** What the condition may refer to: threads with their result names, init fd names. */
export interface CondScope {
  readonly threads: ReadonlyMap<string, ReadonlySet<string>>;
  readonly initFds: ReadonlySet<string>;
  /** Names of `observe release(NAME)` lines. */
  readonly observed: ReadonlySet<string>;
}

/** A source line of the condition: its 1-based number and its text (comments included). */
export interface SrcLine {
  readonly line: number;
  readonly text: string;
  /** Column (0-based) where the condition's text starts on this line. */
  readonly from: number;
}

const KIND_RE = /[A-Za-z][A-Za-z0-9-]*/y;
const IDENT_RE = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER_RE = /-?[0-9A-Za-z_]+/y;

function lex(lines: readonly SrcLine[]): Tok[] | Issue {
  const out: Tok[] = [];
  for (const { line, text, from } of lines) {
    let i = from;
    while (i < text.length) {
      const c = text[i] as string;
      const pos = { line, col: i + 1 };
      if (c === '#') break;
      if (c === ' ' || c === '\t' || c === '\r') {
        i++;
        continue;
      }
      const prev = out.at(-1);
      if (prev?.t === 'punct' && prev.text === '(' && out.at(-2)?.t === 'ident' && out.at(-2)?.text === 'violation') {
        const m = matchAt(KIND_RE, text, i);
        if (m !== null) {
          out.push({ t: 'kind', text: m, pos });
          i += m.length;
          continue;
        }
      }
      if (/[A-Za-z_]/.test(c)) {
        const m = matchAt(IDENT_RE, text, i) as string;
        out.push({ t: 'ident', text: m, pos });
        i += m.length;
        continue;
      }
      if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
        const m = matchAt(NUMBER_RE, text, i) as string;
        const r = lexLine(m, line);
        const tok = r?.ok === true ? r.line.tokens[0] : undefined;
        if (tok?.t !== 'int' || (r?.ok === true && r.line.tokens.length !== 1))
          return issue('EPM116', pos, `bad integer '${m}'`);
        out.push({ t: 'int', value: tok.value, text: m, pos });
        i += m.length;
        continue;
      }
      if (c === '"') {
        let j = i + 1;
        while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
        const lit = text.slice(i, j + 1);
        const r = lexLine(lit, line);
        const tok = r?.ok === true ? r.line.tokens[0] : undefined;
        if (tok?.t !== 'string') return issue('EPM116', pos, 'bad string literal');
        let s = '';
        for (const b of tok.bytes) s += String.fromCharCode(b);
        out.push({ t: 'string', s, text: lit, pos });
        i = j + 1;
        continue;
      }
      const p = PUNCTS.find((q) => text.startsWith(q, i));
      const ch = String.fromCodePoint(text.codePointAt(i) as number);
      if (p === undefined) return issue('EPM116', pos, `unexpected character '${ch}' in condition`);
      out.push({ t: 'punct', text: p, pos });
      i += p.length;
    }
  }
  return out;
}

class CondParser {
  i = 0;
  /** Open parentheses and `~` around the current token. */
  depth = 0;
  constructor(
    readonly toks: readonly Tok[],
    readonly scope: CondScope,
    readonly end: Pos,
  ) {}
  peek(): Tok | undefined {
    return this.toks[this.i];
  }
  pos(): Pos {
    return this.peek()?.pos ?? this.end;
  }
  isP(text: string): boolean {
    const t = this.peek();
    return t?.t === 'punct' && t.text === text;
  }
  isIdent(text?: string): boolean {
    const t = this.peek();
    return t?.t === 'ident' && (text === undefined || t.text === text);
  }
  fail(what: string): Issue {
    const t = this.peek();
    const found = t === undefined ? 'end of condition' : `'${t.text}'`;
    return issue('EPM116', this.pos(), `expected ${what}, found ${found}`);
  }
  expect(text: string): Issue | null {
    if (!this.isP(text)) return this.fail(`'${text}'`);
    this.i++;
    return null;
  }

  prop(): Prop | Issue {
    let a = this.conj();
    while (!isIssue(a) && this.isP('\\/')) {
      this.i++;
      const b = this.conj();
      if (isIssue(b)) return b;
      a = { k: 'or', a, b };
    }
    return a;
  }
  conj(): Prop | Issue {
    let a = this.unary();
    while (!isIssue(a) && this.isP('/\\')) {
      this.i++;
      const b = this.unary();
      if (isIssue(b)) return b;
      a = { k: 'and', a, b };
    }
    return a;
  }
  unary(): Prop | Issue {
    if (this.isP('~') || this.isP('(')) {
      if (this.depth >= MAX_CONDITION_DEPTH)
        return issue('EPM116', this.pos(), `condition nested deeper than ${MAX_CONDITION_DEPTH} levels of '(' and '~'`);
      this.depth++;
      const p = this.nested();
      this.depth--;
      return p;
    }
    if (this.isIdent('true') || this.isIdent('false')) {
      const v = (this.peek() as Tok).text === 'true';
      this.i++;
      return { k: 'const', v };
    }
    if (this.isIdent('violation')) return this.violation();
    const next = this.toks[this.i + 1];
    if (this.isIdent('release') && next?.t === 'punct' && next.text === '(') return this.release();
    return this.atom();
  }
  /** `~ unary` or `( prop )`, one level deeper. */
  nested(): Prop | Issue {
    if (this.isP('~')) {
      this.i++;
      const p = this.unary();
      return isIssue(p) ? p : { k: 'not', p };
    }
    this.i++;
    const p = this.prop();
    if (isIssue(p)) return p;
    const e = this.expect(')');
    return e ?? p;
  }
  release(): Prop | Issue {
    this.i += 2;
    const n = this.peek();
    if (n?.t !== 'ident') return this.fail('an init fd name');
    if (!this.scope.observed.has(n.text))
      return issue('EPM116', n.pos, `release(${n.text}) needs a line 'observe release(${n.text})'`);
    this.i++;
    const e = this.expect(')');
    if (e !== null) return e;
    const t = this.peek();
    if (t?.t !== 'punct' || !['==', '=', '!='].includes(t.text)) return this.fail("'==' or '!='");
    this.i++;
    const w = this.peek();
    if (w?.t !== 'ident') return this.fail("a thread name, 'kworker', 'main' or 'none'");
    const known = this.scope.threads.has(w.text) || ['none', 'kworker', 'main'].includes(w.text);
    if (!known) return issue('EPM116', w.pos, `'${w.text}' is not a thread of the test, kworker, main or none`);
    this.i++;
    return { k: 'release', name: n.text, op: t.text === '!=' ? '!=' : '==', who: w.text };
  }
  violation(): Prop | Issue {
    this.i++;
    const e = this.expect('(');
    if (e !== null) return e;
    const t = this.peek();
    if (t?.t !== 'kind') return this.fail('a violation kind');
    const kind = t.text;
    if (kind !== 'any' && !STATE_KINDS.includes(kind))
      return issue(
        'EPM116',
        t.pos,
        `unknown violation kind '${kind}' (known: ${STATE_KINDS.join(', ')}, any; lock-order is not a state property)`,
      );
    this.i++;
    const e2 = this.expect(')');
    return e2 ?? { k: 'violation', kind: kind as ViolationKind | 'any' };
  }
  ref(): Ref | Issue {
    const t = this.peek();
    if (t?.t !== 'ident') return this.fail('THREAD:name');
    const names = this.scope.threads.get(t.text);
    if (names === undefined)
      return issue(
        'EPM116',
        t.pos,
        `unknown thread '${t.text}' (threads: ${[...this.scope.threads.keys()].join(', ')})`,
      );
    this.i++;
    const e = this.expect(':');
    if (e !== null) return e;
    const n = this.peek();
    if (n?.t !== 'ident') return this.fail('a result name');
    if (!names.has(n.text)) return issue('EPM116', n.pos, `thread ${t.text} has no result named '${n.text}'`);
    this.i++;
    let field: Ref['field'] = null;
    if (this.isP('.')) {
      this.i++;
      const f = this.peek();
      if (f?.t !== 'ident' || !['ret', 'events', 'data'].includes(f.text))
        return this.fail("a field: 'ret', 'events' or 'data'");
      field = f.text as Ref['field'];
      this.i++;
    }
    return { thread: t.text, name: n.text, field, pos: t.pos };
  }
  atom(): Prop | Issue {
    const ref = this.ref();
    if (isIssue(ref)) return ref;
    if (this.isIdent('has')) {
      if (ref.field !== null && ref.field !== 'events')
        return issue('EPM116', this.pos(), `'has' tests event bits: use ${ref.thread}:${ref.name}.events`);
      this.i++;
      const m = this.flags();
      return isIssue(m) ? m : { k: 'has', ref, mask: m };
    }
    const t = this.peek();
    const ops = ['==', '=', '!=', '<', '<=', '>', '>='];
    if (t?.t !== 'punct' || !ops.includes(t.text)) return this.fail("a comparison ('==', '!=', '<', ...) or 'has'");
    this.i++;
    const op = (t.text === '=' ? '==' : t.text) as CmpOp;
    const valuePos = this.pos();
    const value = this.value(ref);
    if (isIssue(value)) return value;
    const bad = compatible(ref, op, value);
    return bad === null ? { k: 'cmp', ref, op, value } : issue('EPM116', valuePos, bad);
  }
  flags(): number | Issue {
    let acc = 0;
    for (;;) {
      const t = this.peek();
      if (t?.t === 'int') acc = (acc | Number(BigInt.asUintN(32, t.value))) >>> 0;
      else if (t?.t === 'ident' && FLAG_VALUES[t.text] !== undefined)
        acc = (acc | (FLAG_VALUES[t.text] as number)) >>> 0;
      else return t?.t === 'ident' ? issue('EPM116', t.pos, `unknown flag '${t.text}'`) : this.fail('a flag name');
      this.i++;
      if (!this.isP('|')) return acc;
      this.i++;
    }
  }
  value(ref: Ref): Value | Issue {
    const t = this.peek();
    if (t === undefined) return this.fail('a value');
    if (t.t === 'int') {
      if (ref.field === 'events') return this.maskValue();
      this.i++;
      return { k: 'int', v: t.value };
    }
    if (t.t === 'string') {
      this.i++;
      return { k: 'string', s: t.s };
    }
    if (t.t === 'punct' && t.text === '-') {
      this.i++;
      const e = this.peek();
      if (e?.t !== 'ident') return this.fail('an errno name after -');
      const v = errnoValue(e.text);
      if (v === undefined) return issue('EPM116', e.pos, `unknown errno '${e.text}'`);
      this.i++;
      return { k: 'errno', name: e.text, v };
    }
    if (t.t === 'punct' && t.text === '[') return this.eventList();
    if (t.t === 'ident') {
      if (t.text === 'blocked' || t.text === 'unfinished') {
        this.i++;
        return { k: 'status', s: t.text };
      }
      if (FLAG_VALUES[t.text] !== undefined) return this.maskValue();
      if (this.scope.initFds.has(t.text)) {
        this.i++;
        return { k: 'fd', name: t.text };
      }
      if (errnoValue(t.text) !== undefined) return issue('EPM116', t.pos, `write a failure as -${t.text}`);
      return issue(
        'EPM116',
        t.pos,
        `'${t.text}' is not a value (an integer, -ERRNO, an init fd name, flags, [events])`,
      );
    }
    return this.fail('a value');
  }
  maskValue(): Value | Issue {
    const m = this.flags();
    return isIssue(m) ? m : { k: 'mask', v: m };
  }
  eventList(): Value | Issue {
    this.i++;
    const list: EventWant[] = [];
    if (this.isP(']')) {
      this.i++;
      return { k: 'events', list };
    }
    for (;;) {
      const mask = this.flags();
      if (isIssue(mask)) return mask;
      let want: EventWant = { mask, data: null };
      if (this.isP(':')) {
        this.i++;
        const d = this.peek();
        if (d?.t === 'ident' && this.scope.initFds.has(d.text)) want = { mask, data: null, dataFd: d.text };
        else if (d?.t === 'int' && d.value >= 0n) want = { mask, data: d.value };
        else return this.fail('the event data (a u64 or an init fd name)');
        this.i++;
      }
      list.push(want);
      if (this.isP(']')) {
        this.i++;
        return { k: 'events', list };
      }
      const e = this.expect(',');
      if (e !== null) return e;
    }
  }
}

function isIssue(x: unknown): x is Issue {
  return typeof x === 'object' && x !== null && 'code' in x && 'message' in x;
}

/** Why a comparison makes no sense, or null. */
function compatible(ref: Ref, op: CmpOp, v: Value): string | null {
  const ordered = op !== '==' && op !== '!=';
  const what = `${ref.thread}:${ref.name}${ref.field === null ? '' : `.${ref.field}`}`;
  if (ref.field === 'events' && v.k !== 'mask') return `${what} is an event mask: compare it with flags`;
  if (ref.field === 'events' && ordered) return `${what} is an event mask: use ==, != or has`;
  if (ref.field === 'data' && v.k !== 'string' && v.k !== 'int' && v.k !== 'fd')
    return `${what} is read data: compare it with a string, a u64 or an init fd name`;
  if (ref.field === 'ret' && (v.k === 'events' || v.k === 'string' || v.k === 'mask'))
    return `${what} is a return value: compare it with a number or -ERRNO`;
  if (ref.field === null && v.k === 'mask') return `compare event bits with ${what}.events`;
  if (ordered && v.k !== 'int' && v.k !== 'errno' && v.k !== 'fd')
    return `'${op}' compares numbers, not ${v.k === 'status' ? 'a status' : v.k}`;
  return null;
}

/**
 * Parses a condition starting with its quantifier keyword on the first line (`from` points at the keyword). The
 * condition may continue on the following lines.
 */
export function parseCondition(lines: readonly SrcLine[], scope: CondScope): Condition | Issue {
  const toks = lex(lines);
  if (isIssue(toks)) return toks;
  const last = lines.at(-1) as SrcLine;
  const p = new CondParser(toks, scope, { line: last.line, col: last.text.length + 1 });
  let quantifier: Quantifier;
  if (p.isP('~')) {
    p.i++;
    if (!p.isIdent('exists')) return p.fail("'exists' after '~'");
    quantifier = '~exists';
  } else if (p.isIdent('exists') || p.isIdent('forall')) quantifier = (p.peek() as Tok).text as Quantifier;
  else return p.fail("'exists', '~exists' or 'forall'");
  p.i++;
  const prop = p.prop();
  if (isIssue(prop)) return prop;
  if (p.peek() !== undefined) return p.fail("'/\\', '\\/' or the end of the condition");
  const body = toks
    .slice(quantifier === '~exists' ? 2 : 1)
    .map((t) => t.text)
    .join(' ')
    .replace(/ ?([:.]) ?/g, '$1')
    .replace(/\( /g, '(')
    .replace(/ \)/g, ')')
    .replace(/\[ /g, '[')
    .replace(/ \]/g, ']')
    .replace(/ ,/g, ',')
    .replace(/ \| /g, '|')
    .replace(/- ([A-Z])/g, '-$1')
    .replace(/(violation|release) \(/g, '$1(')
    .replace(/~ /g, '~');
  return { quantifier, prop, text: `${quantifier} ${body}` };
}
