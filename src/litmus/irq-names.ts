// Litmus tests: the names an irq thread may use besides init's, bound by one earlier task thread (a fence it attached).
import type { LineNode } from '../script/ast.ts';
import type { Checker, ScriptLine } from '../script/compile.ts';
import { issue, type Issue } from '../script/errors.ts';
import type { NameKind } from '../script/scope.ts';

/** A name bound by a task thread: the thread, the index of its last line binding it, its kind. */
export interface ForeignName {
  readonly thread: string;
  readonly line: number;
  readonly kind: NameKind;
}

/** What an irq thread's parse keeps of them: the names it may use, and the thread and line it must run after. */
export interface IrqNames {
  readonly name: string;
  readonly lines: readonly ScriptLine[];
  readonly foreign: ReadonlyMap<string, ForeignName>;
  after: { thread: string; line: number } | null;
}

/**
 * The names bound (fences, fds) by exactly one of the earlier task threads and not by init. A name two threads bind
 * is left out: its value would depend on which ran.
 */
export function foreignNames(
  threads: readonly { readonly name: string; readonly context: string; readonly lines: readonly ScriptLine[] }[],
  init: Checker,
): Map<string, ForeignName> {
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

/** An irq line's uses of other threads' names: all from one thread (else EPM114); moves `after` to the last one. */
export function foreignUse(t: IrqNames, node: LineNode): Issue | null {
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
