// Litmus tests: the keyword lines of a `.litmus` file (litmus, doc, observe, mustfree, init, thread, the condition,
// expect), one handler each, over the state the parser builds (src/litmus/parse.ts runs them line by line).
import { CACHE_NAMES as MACHINE_CACHES, type CacheName } from '../kernel/machine.ts';
import { CALLS } from '../script/calls/index.ts';
import { Checker, type ScriptLine } from '../script/compile.ts';
import { issue, type Issue, type Pos } from '../script/errors.ts';
import { MAIN } from '../script/scope.ts';
import type { SrcLine } from './condition.ts';

export interface ThreadBuild {
  name: string;
  context: 'task' | 'irq';
  proc: string;
  lines: ScriptLine[];
  results: string[];
  pos: Pos;
  checker: Checker;
}

/** Where call and condition lines go. `skip`: a thread whose header is wrong (its lines are not checked). */
export type Section = 'none' | 'init' | 'thread' | 'skip' | 'cond' | 'expect';

/** What the lines read so far have built. */
export interface ParseState {
  readonly errors: Issue[];
  readonly initChecker: Checker;
  readonly initLines: ScriptLine[];
  initModelOnly: string | null;
  readonly threads: ThreadBuild[];
  readonly doc: string[];
  name: string | null;
  nameAt: Pos;
  section: Section;
  sawInit: boolean;
  sawThread: boolean;
  readonly condLines: SrcLine[];
  readonly expectLines: { text: string; line: number; at: number }[];
  mustFree: CacheName[] | null;
  readonly observe: string[];
  /** `bad LABEL`: the outcome the condition describes is a bad one, named LABEL. */
  bad: { text: string; pos: Pos } | null;
}

export function newParseState(): ParseState {
  return {
    errors: [],
    initChecker: new Checker(CALLS),
    initLines: [],
    initModelOnly: null,
    threads: [],
    doc: [],
    name: null,
    nameAt: { line: 1, col: 1 },
    section: 'none',
    sawInit: false,
    sawThread: false,
    condLines: [],
    expectLines: [],
    mustFree: null,
    observe: [],
    bad: null,
  };
}

/** A keyword line: its text (without the line end), its text from the keyword on, its position, what follows it. */
export interface KeywordLine {
  readonly text: string;
  readonly stripped: string;
  readonly line: number;
  readonly pos: Pos;
  readonly rest: string;
}

type Handler = (st: ParseState, l: KeywordLine) => void;

const NAME_RE = /^[A-Za-z0-9_.+-]+$/;
const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The slab caches a `mustfree` line may name: the machine's, but task_struct (the model never frees a task). */
const CACHE_NAMES = MACHINE_CACHES.filter((c) => c !== 'task_struct');

/** Column (1-based) of the first non-blank character. */
export function indent(text: string): number {
  return text.length - text.trimStart().length + 1;
}

/** `litmus NAME`: once, first. */
const litmusLine: Handler = (st, { pos, rest }) => {
  if (st.name === null) st.nameAt = pos;
  if (st.name !== null) st.errors.push(issue('EPM115', pos, "a second 'litmus' line (one test per file)"));
  else if (!NAME_RE.test(rest)) {
    st.errors.push(issue('EPM115', pos, `bad test name '${rest}' (letters, digits, _ . + -)`));
    st.name = '';
  } else st.name = rest;
};

/** `observe release(NAME), ...`: fd names bound in init whose release the outcomes record. */
const observeLine: Handler = (st, { pos, rest }) => {
  for (const it of rest.split(',').map((x) => x.trim())) {
    const m = /^release\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)$/.exec(it);
    if (m === null) {
      st.errors.push(issue('EPM115', pos, `observe takes release(NAME) items, not '${it}'`));
      continue;
    }
    const n = m[1] as string;
    if (st.initChecker.scope.get(n) !== 'fd')
      st.errors.push(issue('EPM115', pos, `release(${n}): '${n}' is not an fd name bound in init`));
    else if (!st.observe.includes(n)) st.observe.push(n);
  }
};

/** `mustfree CACHE...`: at most once, slab cache names. */
const mustfreeLine: Handler = (st, { pos, rest }) => {
  if (st.mustFree !== null) st.errors.push(issue('EPM115', pos, "a second 'mustfree' line"));
  const names = rest.split(/[\s,]+/).filter((n) => n !== '');
  const bad = names.find((n) => !(CACHE_NAMES as readonly string[]).includes(n));
  if (names.length === 0 || bad !== undefined)
    st.errors.push(
      issue(
        'EPM115',
        pos,
        `mustfree takes slab cache names (${CACHE_NAMES.join(', ')})${bad === undefined ? '' : `, not '${bad}'`}`,
      ),
    );
  else st.mustFree = names as CacheName[];
};

/** `init`: once, before the threads. */
const initLine: Handler = (st, { pos }) => {
  if (st.sawInit) st.errors.push(issue('EPM115', pos, "a second 'init' block"));
  else if (st.section !== 'none') st.errors.push(issue('EPM115', pos, "'init' must come before the threads"));
  st.sawInit = true;
  st.section = 'init';
};

/** `thread NAME [irq] [in PROC]`: before the condition and the expectations. */
const threadLine: Handler = (st, { pos, rest }) => {
  if (st.section === 'cond' || st.section === 'expect') {
    st.errors.push(issue('EPM115', pos, 'threads must come before the condition and the expectations'));
    st.section = 'skip';
    return;
  }
  const t = threadHeader(rest, pos, st.threads, st.initChecker);
  st.sawThread = true;
  if ('code' in t) {
    st.errors.push(t);
    st.section = 'skip';
    return;
  }
  st.threads.push(t);
  st.section = 'thread';
};

/** `exists`, `~exists` or `forall`: the one condition, maybe over several lines. */
const conditionLine: Handler = (st, { pos, text, line }) => {
  if (st.condLines.length > 0) st.errors.push(issue('EPM115', pos, 'a second condition (one per test)'));
  else st.condLines.push({ line, text, from: indent(text) - 1 });
  st.section = 'cond';
};

/** `expect ...`: parsed once the condition is known. */
const expectLine: Handler = (st, { text, line }) => {
  st.expectLines.push({ text, line, at: indent(text) - 1 + 'expect'.length });
  st.section = 'expect';
};

/** `bad LABEL` (after the condition): the states the condition describes are bad outcomes. */
const badLine: Handler = (st, { pos, rest }) => {
  if (st.bad !== null) st.errors.push(issue('EPM115', pos, "a second 'bad' line"));
  else if (rest === '') st.errors.push(issue('EPM115', pos, "expected 'bad LABEL' (a name for the bad outcome)"));
  else st.bad = { text: rest, pos };
  if (st.section === 'cond') st.section = 'expect';
};

/** Each keyword's handler; a line starting with none of these is a call (or condition) line. */
export const KEYWORDS: Readonly<Record<string, Handler>> = {
  litmus: litmusLine,
  doc: (st, { stripped }) => st.doc.push(stripped.slice(3).trim()),
  bad: badLine,
  observe: observeLine,
  mustfree: mustfreeLine,
  init: initLine,
  thread: threadLine,
  exists: conditionLine,
  '~exists': conditionLine,
  forall: conditionLine,
  expect: expectLine,
};

/** The keyword a line starts with (after blanks), or null for a call line. */
export function keyword(text: string): string | null {
  const m = /^\s*(~\s*exists\b|[A-Za-z_]+)/.exec(text);
  if (m === null) return null;
  const w = (m[1] as string).replace(/\s+/g, '');
  if (!Object.hasOwn(KEYWORDS, w)) return null;
  // `exists(...)`, `thread P0`, `init`: a keyword; `init_foo = ...` or `doc(...)`: not one.
  const after = text.slice((m.index ?? 0) + (m[0] as string).length);
  if (w === 'exists' || w === '~exists' || w === 'forall') return /^\s*($|[(~A-Za-z_#])/.test(after) ? w : null;
  if (w === 'init') return /^\s*($|#)/.test(after) ? w : null;
  return /^(\s|$)/.test(after) && !/^\s*[=,(]/.test(after) ? w : null;
}

/** `thread NAME [irq] [in PROC]`. */
function threadHeader(rest: string, pos: Pos, threads: readonly ThreadBuild[], init: Checker): ThreadBuild | Issue {
  const words = rest.split(/\s+/).filter((w) => w !== '');
  const [tname, ...opts] = words;
  if (tname === undefined || !IDENT_RE.test(tname))
    return issue('EPM115', pos, "expected 'thread NAME [irq] [in PROC]' with NAME an identifier");
  if (threads.some((t) => t.name === tname)) return issue('EPM115', pos, `thread ${tname} is defined twice`);
  let context: 'task' | 'irq' = 'task';
  let proc = MAIN;
  for (let i = 0; i < opts.length; i++) {
    const o = opts[i] as string;
    if (o === 'irq' && context === 'task' && proc === MAIN) context = 'irq';
    else if (o === 'in' && opts[i + 1] !== undefined && context === 'task' && proc === MAIN) {
      proc = opts[++i] as string;
      const k = init.scope.get(proc);
      if (k !== 'process') return issue('EPM115', pos, `'${proc}' is not a process bound in init (use fork())`);
      if (init.exited.has(proc)) return issue('EPM115', pos, `process '${proc}' exited in init`);
    } else
      return issue('EPM115', pos, `unexpected '${o}' in thread header: 'thread NAME [irq]' or 'thread NAME in PROC'`);
  }
  return {
    name: tname,
    context,
    proc,
    lines: [],
    results: [],
    pos,
    checker: new Checker(CALLS, { scope: init.scope, resultNames: true }),
  };
}
