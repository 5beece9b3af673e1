// Splits a syscall script into lines of tokens: identifiers, integers, C string literals and punctuation.
import { issue, type Issue, type Pos } from './errors.ts';

export type Punct = '(' | ')' | ',' | '=' | ':' | '|';

/** One token with its 1-based position and its source text. */
export type Token =
  | { readonly t: 'ident'; readonly text: string; readonly pos: Pos }
  | { readonly t: 'int'; readonly value: bigint; readonly text: string; readonly pos: Pos }
  | { readonly t: 'string'; readonly bytes: Uint8Array; readonly text: string; readonly pos: Pos }
  | { readonly t: 'punct'; readonly text: Punct; readonly pos: Pos };

/** The tokens of one source line that holds something besides blanks and a comment. */
export interface LexedLine {
  readonly line: number;
  readonly tokens: readonly Token[];
}

export type LexResult = { ok: true; line: LexedLine } | { ok: false; issue: Issue };

const PUNCT = new Set<string>(['(', ')', ',', '=', ':', '|']);
const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  n: 10,
  t: 9,
  r: 13,
  a: 7,
  b: 8,
  f: 12,
  v: 11,
  '\\': 92,
  '"': 34,
  "'": 39,
  '?': 63,
};

const isIdentStart = (c: string): boolean => /[A-Za-z_]/.test(c);
const isIdentChar = (c: string): boolean => /[A-Za-z0-9_]/.test(c);
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/** Lexes one line (without its newline). Returns null for blank and comment-only lines. */
export function lexLine(src: string, line: number): LexResult | null {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    const pos = { line, col: i + 1 };
    if (c === '#') break;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (PUNCT.has(c)) {
      tokens.push({ t: 'punct', text: c as Punct, pos });
      i++;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < src.length && isIdentChar(src[j] as string)) j++;
      tokens.push({ t: 'ident', text: src.slice(i, j), pos });
      i = j;
      continue;
    }
    if (isDigit(c) || (c === '-' && isDigit(src[i + 1] ?? ''))) {
      const r = lexInt(src, i, pos);
      if ('code' in r) return { ok: false, issue: r };
      tokens.push(r.token);
      i = r.end;
      continue;
    }
    if (c === '"') {
      const r = lexString(src, i, pos);
      if ('code' in r) return { ok: false, issue: r };
      tokens.push(r.token);
      i = r.end;
      continue;
    }
    return { ok: false, issue: issue('EPM101', pos, `unexpected character '${c}'`) };
  }
  return tokens.length === 0 ? null : { ok: true, line: { line, tokens } };
}

/** Decimal (no leading zeros), hexadecimal `0x...`, optionally negative. */
function lexInt(src: string, start: number, pos: Pos): { token: Token; end: number } | Issue {
  let j = start;
  if (src[j] === '-') j++;
  while (j < src.length && isIdentChar(src[j] as string)) j++;
  const text = src.slice(start, j);
  const body = text.startsWith('-') ? text.slice(1) : text;
  let magnitude: bigint;
  if (/^0[xX][0-9a-fA-F]+$/.test(body)) magnitude = BigInt(body);
  else if (/^(0|[1-9][0-9]*)$/.test(body)) magnitude = BigInt(body);
  else if (/^0[0-9]+$/.test(body))
    return issue('EPM113', pos, `integer '${text}' has a leading zero (octal is not supported; write 0x...)`);
  else return issue('EPM113', pos, `bad integer '${text}'`);
  const value = text.startsWith('-') ? -magnitude : magnitude;
  return { token: { t: 'int', value, text, pos }, end: j };
}

/** A double-quoted string with C escapes; characters outside escapes are UTF-8 encoded. */
function lexString(src: string, start: number, pos: Pos): { token: Token; end: number } | Issue {
  const bytes: number[] = [];
  const enc = new TextEncoder();
  let j = start + 1;
  for (;;) {
    if (j >= src.length) return issue('EPM102', pos, 'unterminated string');
    const c = src[j] as string;
    if (c === '"') break;
    if (c !== '\\') {
      const cp = src.codePointAt(j) as number;
      const ch = String.fromCodePoint(cp);
      bytes.push(...enc.encode(ch));
      j += ch.length;
      continue;
    }
    const e = src[j + 1];
    const epos = { line: pos.line, col: j + 1 };
    if (e === undefined) return issue('EPM102', pos, 'unterminated string');
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      bytes.push(simple);
      j += 2;
    } else if (e === 'x') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(src.slice(j + 2));
      if (m === null) return issue('EPM102', epos, '\\x must be followed by one or two hex digits');
      bytes.push(parseInt(m[0], 16));
      j += 2 + m[0].length;
    } else if (e >= '0' && e <= '7') {
      const m = /^[0-7]{1,3}/.exec(src.slice(j + 1)) as RegExpExecArray;
      const v = parseInt(m[0], 8);
      if (v > 255) return issue('EPM102', epos, `octal escape \\${m[0]} is larger than a byte`);
      bytes.push(v);
      j += 1 + m[0].length;
    } else {
      return issue('EPM102', epos, `unknown escape '\\${e}'`);
    }
  }
  const end = j + 1;
  return { token: { t: 'string', bytes: Uint8Array.from(bytes), text: src.slice(start, end), pos }, end };
}
