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

/** The largest script or litmus text, in UTF-16 code units (EPM118 beyond). */
export const MAX_SOURCE_CHARS = 128 * 1024 * 1024;

/** EPM118 for a source text above MAX_SOURCE_CHARS, else null. */
export function tooLarge(source: string): Issue | null {
  if (source.length <= MAX_SOURCE_CHARS) return null;
  return issue('EPM118', { line: 1, col: 1 }, `input of ${source.length} characters (at most ${MAX_SOURCE_CHARS})`);
}

/** A source text without its UTF-8 byte order mark: scripts and litmus files may start with one (editors add it). */
export function withoutBom(source: string): string {
  return source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
}

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
    const ch = String.fromCodePoint(src.codePointAt(i) as number);
    return { ok: false, issue: issue('EPM101', pos, `unexpected character '${ch}'`) };
  }
  return tokens.length === 0 ? null : { ok: true, line: { line, tokens } };
}

/** The longest integer literal: a u64 needs 20 decimal digits; this leaves room for a sign and spelling. */
const MAX_INT_CHARS = 100;

/** Decimal (no leading zeros), hexadecimal `0x...`, optionally negative. */
function lexInt(src: string, start: number, pos: Pos): { token: Token; end: number } | Issue {
  let j = start;
  if (src[j] === '-') j++;
  while (j < src.length && isIdentChar(src[j] as string)) j++;
  const text = src.slice(start, j);
  if (text.length > MAX_INT_CHARS)
    return issue('EPM113', pos, `integer literal of ${text.length} characters (at most ${MAX_INT_CHARS})`);
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

/** A growable byte buffer: appending is amortised O(1), so a string literal lexes in linear time. */
class Bytes {
  buf = new Uint8Array(64);
  n = 0;
  push(b: number): void {
    if (this.n === this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.n++] = b;
  }
  /** The UTF-8 encoding of one code point. */
  pushCodePoint(cp: number): void {
    if (cp < 0x80) this.push(cp);
    else if (cp < 0x800) {
      this.push(0xc0 | (cp >> 6));
      this.push(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      // A lone surrogate is not a character: TextEncoder's replacement (U+FFFD) stands in for it.
      const c = cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp;
      this.push(0xe0 | (c >> 12));
      this.push(0x80 | ((c >> 6) & 0x3f));
      this.push(0x80 | (c & 0x3f));
    } else {
      this.push(0xf0 | (cp >> 18));
      this.push(0x80 | ((cp >> 12) & 0x3f));
      this.push(0x80 | ((cp >> 6) & 0x3f));
      this.push(0x80 | (cp & 0x3f));
    }
  }
  done(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}

const HEX_ESCAPE = /[0-9a-fA-F]{1,2}/y;
const OCTAL_ESCAPE = /[0-7]{1,3}/y;

/** The match of a sticky regex at `at`, or null (no copy of the rest of the line). */
export function matchAt(re: RegExp, src: string, at: number): string | null {
  re.lastIndex = at;
  return re.exec(src)?.[0] ?? null;
}

/** A double-quoted string with C escapes; characters outside escapes are UTF-8 encoded. Linear in its length. */
function lexString(src: string, start: number, pos: Pos): { token: Token; end: number } | Issue {
  const bytes = new Bytes();
  let j = start + 1;
  for (;;) {
    if (j >= src.length) return issue('EPM102', pos, 'unterminated string');
    const u = src.charCodeAt(j);
    if (u === 34) break;
    if (u !== 92) {
      const cp = src.codePointAt(j) as number;
      bytes.pushCodePoint(cp);
      j += cp > 0xffff ? 2 : 1;
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
      const m = matchAt(HEX_ESCAPE, src, j + 2);
      if (m === null) return issue('EPM102', epos, '\\x must be followed by one or two hex digits');
      bytes.push(parseInt(m, 16));
      j += 2 + m.length;
    } else if (e >= '0' && e <= '7') {
      const m = matchAt(OCTAL_ESCAPE, src, j + 1) as string;
      const v = parseInt(m, 8);
      if (v > 255) return issue('EPM102', epos, `octal escape \\${m} is larger than a byte`);
      bytes.push(v);
      j += 1 + m.length;
    } else {
      return issue('EPM102', epos, `unknown escape '\\${e}'`);
    }
  }
  const end = j + 1;
  return { token: { t: 'string', bytes: bytes.done(), text: src.slice(start, end), pos }, end };
}
