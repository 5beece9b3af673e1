// Which checklist groups (A..J) and rows a script exercises: rows it declares with `# rows:`, groups from its calls.
import type { Script } from '../script/compile.ts';
import type { GroupState } from '../script/calls/checklist.ts';
import type { CallRecord } from '../script/result.ts';
import { checklistRow } from './checklist.ts';

/** A `# rows: C3 C4` comment line (anywhere in the script): the checklist rows the script is meant to check. */
const ROWS_LINE = /^\s*#\s*rows:\s*(.*)$/;

export type RowsParse = { readonly rows: readonly string[]; readonly unknown: readonly string[] };

/** The rows a script declares, in order, without repeats; ids that are not checklist rows come back in `unknown`. */
export function declaredRows(source: string): RowsParse {
  const rows: string[] = [];
  const unknown: string[] = [];
  for (const line of source.split('\n')) {
    const m = ROWS_LINE.exec(line);
    if (m === null) continue;
    for (const id of (m[1] as string).split(/[\s,]+/).filter((x) => x !== '')) {
      const list = checklistRow(id) === undefined ? unknown : rows;
      if (!list.includes(id)) list.push(id);
    }
  }
  return { rows, unknown };
}

/** The arguments of a normalised call text `name(a, b, c)` (no call argument of epoll_ctl holds a comma). */
function argsOf(text: string): string[] {
  const open = text.indexOf('(');
  return text
    .slice(open + 1, -1)
    .split(',')
    .map((s) => s.trim());
}

/**
 * The groups a run touches, by simple rules on its lines and the model's results: each call's rule is its CallDef's
 * `groups` (src/script/calls/), run over the lines in order; docs/conformance.md states them. Declared rows add their
 * groups.
 */
export function groupsOf(script: Script, records: readonly CallRecord[], rows: readonly string[] = []): string[] {
  const g = new Set<string>(rows.map((r) => r[0] as string));
  const st: GroupState = { epolls: new Set(), files: new Set(), added: false };
  const byLine = new Map(records.map((r) => [r.line, r]));
  for (const line of script.lines) {
    const rule = line.def.groups;
    if (rule === undefined) continue;
    const rec = byLine.get(line.line);
    const call = line.text.slice(line.text.indexOf(line.def.name));
    const args = argsOf(call);
    const groupLine = { args, names: line.names, failed: rec?.ret === -1, events: rec?.events?.length ?? 0 };
    for (const x of rule(groupLine, st)) g.add(x);
  }
  return [...g].sort();
}
