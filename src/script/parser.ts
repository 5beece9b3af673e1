// Parses the tokens of one script line into a LineNode (syntax only; names and calls are checked by compile.ts).
import { lineText, type ArgNode, type IdentNode, type IntNode, type LineNode, type NameNode } from './ast.ts';
import { issue, type Issue, type Pos } from './errors.ts';
import type { LexedLine, Token } from './lexer.ts';

export type ParseLineResult = { ok: true; node: LineNode } | { ok: false; issue: Issue };

class Cursor {
  i = 0;
  constructor(
    readonly tokens: readonly Token[],
    readonly eol: Pos,
  ) {}
  peek(k = 0): Token | undefined {
    return this.tokens[this.i + k];
  }
  pos(): Pos {
    return this.peek()?.pos ?? this.eol;
  }
  isPunct(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t !== undefined && t.t === 'punct' && t.text === text;
  }
  isIdent(k = 0): boolean {
    return this.peek(k)?.t === 'ident';
  }
}

function describe(t: Token | undefined): string {
  if (t === undefined) return 'end of line';
  if (t.t === 'string') return 'a string';
  return `'${t.text}'`;
}

function expected(c: Cursor, what: string): Issue {
  return issue('EPM101', c.pos(), `expected ${what}, found ${describe(c.peek())}`);
}

function name(c: Cursor): NameNode {
  const t = c.peek() as Token & { t: 'ident' };
  c.i++;
  return { name: t.text, pos: t.pos };
}

/** Parses one lexed line; `eolCol` is the column just past the line's last character. */
export function parseLine(lexed: LexedLine, eolCol: number): ParseLineResult {
  const c = new Cursor(lexed.tokens, { line: lexed.line, col: eolCol });
  let proc: NameNode | null = null;
  if (c.isIdent() && c.isPunct(':', 1)) {
    proc = name(c);
    c.i++;
  }
  const names: NameNode[] = [];
  if (c.isIdent() && (c.isPunct(',', 1) || c.isPunct('=', 1))) {
    for (;;) {
      if (!c.isIdent()) return { ok: false, issue: expected(c, 'a result name') };
      names.push(name(c));
      if (c.isPunct('=')) {
        c.i++;
        break;
      }
      if (!c.isPunct(',')) return { ok: false, issue: expected(c, "',' or '='") };
      c.i++;
    }
  }
  if (!c.isIdent()) return { ok: false, issue: expected(c, 'a call name') };
  const call = name(c);
  if (!c.isPunct('(')) return { ok: false, issue: expected(c, `'(' after ${call.name}`) };
  c.i++;
  const args: ArgNode[] = [];
  if (c.isPunct(')')) c.i++;
  else {
    for (;;) {
      const a = arg(c);
      if ('code' in a) return { ok: false, issue: a };
      args.push(a);
      if (c.isPunct(')')) {
        c.i++;
        break;
      }
      if (!c.isPunct(',')) return { ok: false, issue: expected(c, "',' or ')'") };
      c.i++;
    }
  }
  if (c.peek() !== undefined) return { ok: false, issue: expected(c, 'end of line') };
  return {
    ok: true,
    node: { line: lexed.line, proc, names, call, args, text: lineText(proc, names, call.name, args) },
  };
}

function term(c: Cursor): IntNode | IdentNode | Issue {
  const t = c.peek();
  if (t?.t === 'int') {
    c.i++;
    return { kind: 'int', value: t.value, text: t.text, pos: t.pos };
  }
  if (t?.t === 'ident') {
    c.i++;
    return { kind: 'ident', name: t.text, pos: t.pos };
  }
  return expected(c, 'an argument');
}

function arg(c: Cursor): ArgNode | Issue {
  const t = c.peek();
  if (t?.t === 'string') {
    c.i++;
    return { kind: 'string', bytes: t.bytes, text: t.text, pos: t.pos };
  }
  const first = term(c);
  if ('code' in first) return first;
  if (!c.isPunct('|')) return first;
  const terms = [first];
  while (c.isPunct('|')) {
    c.i++;
    const next = term(c);
    if ('code' in next) return next;
    terms.push(next);
  }
  return { kind: 'or', terms, pos: first.pos };
}
