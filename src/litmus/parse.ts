// Litmus tests: parses a `.litmus` file; call lines go through the script lexer, parser and checker (src/script/).
import { CALLS } from '../script/calls/index.ts';
import type { CallDef } from '../script/calls/types.ts';
import { checkLine } from '../script/compile.ts';
import type { LineNode } from '../script/ast.ts';
import { issue, type Issue, type Pos, type ScriptError } from '../script/errors.ts';
import { tooLarge, withoutBom } from '../script/lexer.ts';
import type { Condition, Expectation, LitmusTest } from './ast.ts';
import { parseCondition } from './condition.ts';
import { parseExpect } from './expect.ts';
import { indent, keyword, KEYWORDS, newParseState, type ParseState, type ThreadBuild } from './sections.ts';

export type LitmusParse = { ok: true; test: LitmusTest } | { ok: false; errors: readonly ScriptError[] };

export interface LitmusParseOptions {
  /** File name used in error messages (default `<litmus>`). */
  readonly file?: string;
}

/** Parses and checks a litmus test; every error is reported as a value, none is thrown. */
export function parseLitmus(source: string, opts: LitmusParseOptions = {}): LitmusParse {
  const file = opts.file ?? '<litmus>';
  const big = tooLarge(source);
  if (big !== null) return { ok: false, errors: [{ ...big, file }] };
  const st = newParseState();
  withoutBom(source)
    .split('\n')
    .forEach((raw, idx) => parseLine(st, raw.endsWith('\r') ? raw.slice(0, -1) : raw, idx + 1));
  checkStructure(st);
  const condition = parseTheCondition(st);
  if (st.bad !== null && st.condLines.length === 0)
    st.errors.push(
      issue('EPM115', st.bad.pos, "'bad' names the outcome the condition describes: the test has no condition"),
    );
  const expectations: Expectation[] = [];
  for (const e of st.expectLines) {
    const r = parseExpect(e.text, e.line, e.at, st.condLines.length > 0);
    if ('code' in r) st.errors.push(r);
    else expectations.push(r);
  }
  if (st.errors.length > 0) {
    const sorted = [...st.errors].sort((a, b) => a.line - b.line || a.col - b.col);
    return { ok: false, errors: sorted.map((e) => ({ ...e, file })) };
  }
  return { ok: true, test: litmusTest(st, source, file, condition, expectations) };
}

/** One line: blank or a comment, a keyword line (its section's handler), or a line of the current section. */
function parseLine(st: ParseState, text: string, line: number): void {
  const pos = { line, col: indent(text) };
  const stripped = text.replace(/^\s+/, '');
  if (stripped === '' || stripped.startsWith('#')) return;
  const kw = keyword(text);
  if (st.name === null && kw !== 'litmus') {
    st.errors.push(issue('EPM115', pos, "a litmus test starts with 'litmus NAME'"));
    st.name = '';
  }
  if (kw === null) {
    sectionLine(st, text, line, pos);
    return;
  }
  const rest = stripped
    .slice(kw.length)
    .replace(/\s+#.*$/, '')
    .trim();
  KEYWORDS[kw]?.(st, { text, stripped, line, pos, rest });
}

/** A line that is no keyword: more of the condition, or a call line of init or of the current thread. */
function sectionLine(st: ParseState, text: string, line: number, pos: Pos): void {
  if (st.section === 'cond') {
    st.condLines.push({ line, text, from: 0 });
    return;
  }
  if (st.section === 'skip') return;
  if (st.section === 'init') {
    const r = checkLine(st.initChecker, text, line);
    if (r === null) return;
    if ('code' in r) st.errors.push(r);
    else {
      st.initLines.push(r);
      if (st.initModelOnly === null && r.def.modelOnly !== undefined)
        st.initModelOnly = `line ${r.line}: ${r.def.name} is model-only (${r.def.modelOnly})`;
    }
    return;
  }
  const th = st.section === 'thread' ? st.threads.at(-1) : undefined;
  if (th === undefined) {
    st.errors.push(issue('EPM115', pos, "a call line outside 'init' and the threads"));
    return;
  }
  const r = checkLine(th.checker, text, line, (node) => contextIssue(th, node));
  if (r === null) return;
  if ('code' in r) st.errors.push(r);
  else {
    th.lines.push(r);
    for (const n of r.names) if (!th.results.includes(n)) th.results.push(n);
  }
}

/** A name, at least one thread, and calls in every thread. */
function checkStructure(st: ParseState): void {
  const { errors } = st;
  if (st.name === null) errors.push(issue('EPM115', { line: 1, col: 1 }, "a litmus test starts with 'litmus NAME'"));
  if (!st.sawThread && st.name !== null)
    errors.push(issue('EPM115', st.nameAt, 'a litmus test needs at least one thread'));
  for (const t of st.threads)
    if (t.lines.length === 0 && !errors.some((e) => e.line > t.pos.line))
      errors.push(issue('EPM115', t.pos, `thread ${t.name} has no calls`));
}

/** The condition over the threads' result names, init's fds and the observed releases; null when there is none. */
function parseTheCondition(st: ParseState): Condition | null {
  if (st.condLines.length === 0) return null;
  const initFds = new Set([...st.initChecker.scope].filter(([, k]) => k === 'fd').map(([n]) => n));
  const scope = {
    threads: new Map(st.threads.map((t) => [t.name, new Set(t.results)])),
    initFds,
    observed: new Set(st.observe),
  };
  const c = parseCondition(st.condLines, scope);
  if (!('code' in c)) return c;
  st.errors.push(c);
  return null;
}

function litmusTest(
  st: ParseState,
  source: string,
  file: string,
  condition: Condition | null,
  expectations: Expectation[],
): LitmusTest {
  return {
    name: st.name ?? '',
    file,
    doc: st.doc,
    source,
    init: { file, lines: st.initLines, modelOnly: st.initModelOnly },
    threads: st.threads.map((t) => ({
      name: t.name,
      context: t.context,
      proc: t.proc,
      lines: t.lines,
      results: t.results,
      pos: t.pos,
    })),
    condition,
    expectations,
    mustFree: st.mustFree ?? [],
    observe: st.observe,
    ...(st.bad === null ? {} : { bad: st.bad.text }),
  };
}

/** Thread lines take no process prefix, and run only calls of the thread's context. */
function contextIssue(t: ThreadBuild, node: LineNode): Issue | null {
  if (node.proc !== null)
    return issue(
      'EPM114',
      node.proc.pos,
      `thread lines take no process prefix: declare the thread 'thread ${t.name} in ${node.proc.name}'`,
    );
  const def: CallDef | undefined = CALLS.get(node.call.name);
  if (def === undefined) return null;
  if (t.context === 'irq' && def.context !== 'irq')
    return issue('EPM114', node.call.pos, `${def.name} is a syscall: it cannot run in irq thread ${t.name}`);
  if (t.context === 'task' && def.context === 'irq')
    return issue(
      'EPM114',
      node.call.pos,
      `${def.name} runs in hard-irq context: declare an irq thread ('thread NAME irq') for it`,
    );
  return null;
}
