// Litmus tests: parses a `.litmus` file; call lines go through the script lexer, parser and checker (src/script/).
import type { CacheName } from '../kernel/machine.ts';
import { CALLS } from '../script/calls/index.ts';
import type { CallDef } from '../script/calls/types.ts';
import { Checker, checkLine, type ScriptLine } from '../script/compile.ts';
import type { LineNode } from '../script/ast.ts';
import { issue, type Issue, type Pos, type ScriptError } from '../script/errors.ts';
import { tooLarge, withoutBom } from '../script/lexer.ts';
import { MAIN, type NameKind } from '../script/scope.ts';
import type { Condition, Expectation, LitmusTest, ThreadDef } from './ast.ts';
import { parseCondition, type SrcLine } from './condition.ts';
import { parseExpect } from './expect.ts';

export type LitmusParse = { ok: true; test: LitmusTest } | { ok: false; errors: readonly ScriptError[] };

export interface LitmusParseOptions {
  /** File name used in error messages (default `<litmus>`). */
  readonly file?: string;
}

interface ThreadBuild {
  name: string;
  context: 'task' | 'irq';
  proc: string;
  lines: ScriptLine[];
  results: string[];
  pos: Pos;
  checker: Checker;
  /** irq threads: names bound by an earlier task thread, with that thread and the index of its last binding line. */
  foreign: Map<string, { thread: string; line: number }>;
  after: { thread: string; line: number } | null;
}

const NAME_RE = /^[A-Za-z0-9_.+-]+$/;

/** The slab caches a `mustfree` line may name. */
const CACHE_NAMES = [
  'filp',
  'dentry',
  'inode',
  'mnt',
  'super_block',
  'files_struct',
  'pipe_inode_info',
  'eventfd_ctx',
  'unix_sock',
  'eventpoll',
  'epitem',
  'epitems_head',
  'eppoll_entry',
  'dma_buf',
  'dma_fence',
  'sync_file',
  'timerfd_ctx',
  'regular',
] as const satisfies readonly CacheName[];
const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The keyword a line starts with (after blanks), or null for a call line. */
function keyword(text: string): string | null {
  const m = /^\s*(~\s*exists\b|[A-Za-z_]+)/.exec(text);
  if (m === null) return null;
  const w = (m[1] as string).replace(/\s+/g, '');
  if (['litmus', 'doc', 'init', 'thread', 'exists', '~exists', 'forall', 'expect', 'mustfree', 'observe'].includes(w)) {
    // `exists(...)`, `thread P0`, `init`: a keyword; `init_foo = ...` or `doc(...)`: not one.
    const after = text.slice((m.index ?? 0) + (m[0] as string).length);
    if (w === 'exists' || w === '~exists' || w === 'forall') return /^\s*($|[(~A-Za-z_#])/.test(after) ? w : null;
    if (w === 'init') return /^\s*($|#)/.test(after) ? w : null;
    return /^(\s|$)/.test(after) && !/^\s*[=,(]/.test(after) ? w : null;
  }
  return null;
}

/** Column (1-based) of the first non-blank character. */
function indent(text: string): number {
  return text.length - text.trimStart().length + 1;
}

/** Parses and checks a litmus test; every error is reported as a value, none is thrown. */
export function parseLitmus(source: string, opts: LitmusParseOptions = {}): LitmusParse {
  const file = opts.file ?? '<litmus>';
  const big = tooLarge(source);
  if (big !== null) return { ok: false, errors: [{ ...big, file }] };
  const errors: Issue[] = [];
  const initChecker = new Checker(CALLS);
  const initLines: ScriptLine[] = [];
  let initModelOnly: string | null = null;
  const threads: ThreadBuild[] = [];
  const doc: string[] = [];
  let name: string | null = null;
  let nameAt: Pos = { line: 1, col: 1 };
  /** `skip`: the lines of a thread whose header is wrong (not checked, so one mistake does not cascade). */
  let section: 'none' | 'init' | 'thread' | 'skip' | 'cond' | 'expect' = 'none';
  let sawInit = false;
  let sawThread = false;
  const condLines: SrcLine[] = [];
  const expectLines: { text: string; line: number; at: number }[] = [];
  const rawLines = withoutBom(source).split('\n');
  let mustFree: CacheName[] | null = null;
  const observe: string[] = [];

  rawLines.forEach((raw, idx) => {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const line = idx + 1;
    const pos = { line, col: indent(text) };
    const stripped = text.replace(/^\s+/, '');
    if (stripped === '' || stripped.startsWith('#')) return;
    const kw = keyword(text);
    if (name === null && kw !== 'litmus') {
      errors.push(issue('EPM115', pos, "a litmus test starts with 'litmus NAME'"));
      name = '';
    }
    const rest = stripped
      .slice((kw ?? '').length)
      .replace(/\s+#.*$/, '')
      .trim();
    switch (kw) {
      case 'litmus':
        if (name === null) nameAt = pos;
        if (name !== null) errors.push(issue('EPM115', pos, "a second 'litmus' line (one test per file)"));
        else if (!NAME_RE.test(rest)) {
          errors.push(issue('EPM115', pos, `bad test name '${rest}' (letters, digits, _ . + -)`));
          name = '';
        } else name = rest;
        return;
      case 'doc':
        doc.push(stripped.slice(3).trim());
        return;
      case 'observe': {
        const items = rest.split(',').map((x) => x.trim());
        for (const it of items) {
          const m = /^release\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)$/.exec(it);
          if (m === null) {
            errors.push(issue('EPM115', pos, `observe takes release(NAME) items, not '${it}'`));
            continue;
          }
          const n = m[1] as string;
          if (initChecker.scope.get(n) !== 'fd')
            errors.push(issue('EPM115', pos, `release(${n}): '${n}' is not an fd name bound in init`));
          else if (!observe.includes(n)) observe.push(n);
        }
        return;
      }
      case 'mustfree': {
        if (mustFree !== null) errors.push(issue('EPM115', pos, "a second 'mustfree' line"));
        const names = rest.split(/[\s,]+/).filter((n) => n !== '');
        const bad = names.find((n) => !(CACHE_NAMES as readonly string[]).includes(n));
        if (names.length === 0 || bad !== undefined)
          errors.push(
            issue(
              'EPM115',
              pos,
              `mustfree takes slab cache names (${CACHE_NAMES.join(', ')})${bad === undefined ? '' : `, not '${bad}'`}`,
            ),
          );
        else mustFree = names as CacheName[];
        return;
      }
      case 'init':
        if (sawInit) errors.push(issue('EPM115', pos, "a second 'init' block"));
        else if (section !== 'none') errors.push(issue('EPM115', pos, "'init' must come before the threads"));
        sawInit = true;
        section = 'init';
        return;
      case 'thread': {
        if (section === 'cond' || section === 'expect') {
          errors.push(issue('EPM115', pos, 'threads must come before the condition and the expectations'));
          section = 'skip';
          return;
        }
        const t = threadHeader(rest, pos, threads, initChecker);
        sawThread = true;
        if ('code' in t) {
          errors.push(t);
          section = 'skip';
          return;
        }
        threads.push(t);
        section = 'thread';
        return;
      }
      case 'exists':
      case '~exists':
      case 'forall':
        if (condLines.length > 0) errors.push(issue('EPM115', pos, 'a second condition (one per test)'));
        else condLines.push({ line, text, from: indent(text) - 1 });
        section = 'cond';
        return;
      case 'expect':
        expectLines.push({ text, line, at: indent(text) - 1 + 'expect'.length });
        section = 'expect';
        return;
      case null:
        break;
    }
    if (section === 'cond') {
      condLines.push({ line, text, from: 0 });
      return;
    }
    if (section === 'skip') return;
    if (section === 'init') {
      const r = checkLine(initChecker, text, line);
      if (r === null) return;
      if ('code' in r) errors.push(r);
      else {
        initLines.push(r);
        if (initModelOnly === null && r.def.modelOnly !== undefined)
          initModelOnly = `line ${r.line}: ${r.def.name} is model-only (${r.def.modelOnly})`;
      }
      return;
    }
    const th = section === 'thread' ? threads.at(-1) : undefined;
    if (th === undefined) {
      errors.push(issue('EPM115', pos, "a call line outside 'init' and the threads"));
      return;
    }
    const r = checkLine(th.checker, text, line, (node) => contextIssue(th, node));
    if (r === null) return;
    if ('code' in r) errors.push(r);
    else {
      th.lines.push(r);
      for (const n of r.names) if (!th.results.includes(n)) th.results.push(n);
    }
  });

  if (name === null) errors.push(issue('EPM115', { line: 1, col: 1 }, "a litmus test starts with 'litmus NAME'"));
  if (!sawThread && name !== null) errors.push(issue('EPM115', nameAt, 'a litmus test needs at least one thread'));
  for (const t of threads)
    if (t.lines.length === 0 && !errors.some((e) => e.line > t.pos.line))
      errors.push(issue('EPM115', t.pos, `thread ${t.name} has no calls`));

  let condition: Condition | null = null;
  if (condLines.length > 0) {
    const initFds = new Set([...initChecker.scope].filter(([, k]) => k === 'fd').map(([n]) => n));
    const scope = {
      threads: new Map(threads.map((t) => [t.name, new Set(t.results)])),
      initFds,
      observed: new Set(observe),
    };
    const c = parseCondition(condLines, scope);
    if ('code' in c) errors.push(c);
    else condition = c;
  }
  const expectations: Expectation[] = [];
  for (const e of expectLines) {
    const r = parseExpect(e.text, e.line, e.at, condLines.length > 0);
    if ('code' in r) errors.push(r);
    else expectations.push(r);
  }
  if (errors.length > 0) {
    const sorted = [...errors].sort((a, b) => a.line - b.line || a.col - b.col);
    return { ok: false, errors: sorted.map((e) => ({ ...e, file })) };
  }
  return {
    ok: true,
    test: {
      name: name ?? '',
      file,
      doc,
      source,
      init: { file, lines: initLines, modelOnly: initModelOnly },
      threads: threads.map((t): ThreadDef => ({
        name: t.name,
        context: t.context,
        proc: t.proc,
        lines: t.lines,
        results: t.results,
        pos: t.pos,
        after: t.after,
      })),
      condition,
      expectations,
      mustFree: mustFree ?? [],
      observe,
    },
  };
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
  const foreign = context === 'irq' ? foreignNames(threads, init) : new Map<string, ForeignName>();
  const scope = new Map(init.scope);
  for (const [n, f] of foreign) scope.set(n, f.kind);
  return {
    name: tname,
    context,
    proc,
    lines: [],
    results: [],
    pos,
    checker: new Checker(CALLS, { scope, resultNames: true }),
    foreign: new Map([...foreign].map(([n, f]) => [n, { thread: f.thread, line: f.line }])),
    after: null,
  };
}

type ForeignName = { thread: string; line: number; kind: NameKind };

/**
 * The names an irq thread may use besides init's: those bound (fences, fds) by exactly one earlier task thread, each
 * with the index of the last line binding it. A name bound by two threads is left out (its value would depend on
 * which ran).
 */
function foreignNames(threads: readonly ThreadBuild[], init: Checker): Map<string, ForeignName> {
  const out = new Map<string, ForeignName>();
  const twice = new Set<string>();
  for (const t of threads) {
    if (t.context !== 'task') continue;
    t.lines.forEach((l, i) => {
      l.names.forEach((n, j) => {
        const kind = l.def.binds[j];
        if (kind === undefined || init.scope.has(n)) return;
        const prev = out.get(n);
        if (prev !== undefined && prev.thread !== t.name) twice.add(n);
        out.set(n, { thread: t.name, line: i, kind });
      });
    });
  }
  for (const n of twice) out.delete(n);
  return out;
}

/** An irq line's uses of other threads' names: they must all come from one thread; sets the thread's `after`. */
function foreignUse(t: ThreadBuild, node: LineNode): Issue | null {
  for (const a of node.args) {
    if (a.kind !== 'ident') continue;
    const f = t.foreign.get(a.name);
    if (f === undefined || t.lines.some((l) => l.names.includes(a.name))) continue;
    if (t.after !== null && t.after.thread !== f.thread)
      return issue(
        'EPM114',
        a.pos,
        `irq thread ${t.name} already uses names of thread ${t.after.thread}: '${a.name}' is bound by ${f.thread}`,
      );
    t.after = { thread: f.thread, line: Math.max(t.after?.line ?? 0, f.line) };
  }
  return null;
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
  return t.context === 'irq' ? foreignUse(t, node) : null;
}
