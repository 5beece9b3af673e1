// Which checklist groups (A..J) and rows a script exercises: rows it declares with `# rows:`, groups from its calls.
import type { Script } from '../script/compile.ts';
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
 * The groups a run touches, by simple rules on its lines and the model's results (documented in docs/conformance.md):
 * A epoll_create/epoll_create1 · B a failed epoll_ctl · C a successful ADD, then close/dup2/dup3/close_range/exit ·
 * D a failed wait, a NULL buffer or epoll_pwait2 · E a wait that reports events · F EPOLLET or EPOLLONESHOT in a
 * successful ctl · G EPOLLEXCLUSIVE · H an epoll_ctl whose target is an epoll · I poll(), or a ctl on a pipe,
 * socketpair, eventfd, opened file or timerfd · J fork or exit. Declared rows add their groups.
 */
export function groupsOf(script: Script, records: readonly CallRecord[], rows: readonly string[] = []): string[] {
  const g = new Set<string>(rows.map((r) => r[0] as string));
  const epolls = new Set<string>();
  const files = new Set<string>();
  let added = false;
  const byLine = new Map(records.map((r) => [r.line, r]));
  for (const line of script.lines) {
    const rec = byLine.get(line.line);
    const name = line.def.name;
    const failed = rec?.ret === -1;
    const call = line.text.slice(line.text.indexOf(name));
    if (name === 'epoll_create' || name === 'epoll_create1') {
      g.add('A');
      line.names.forEach((n) => epolls.add(n));
    } else if (['pipe', 'pipe2', 'socketpair', 'eventfd', 'open', 'timerfd_create'].includes(name)) {
      line.names.forEach((n) => files.add(n));
    } else if (name === 'epoll_ctl') {
      const [, op, target, events = ''] = argsOf(call);
      if (failed) g.add('B');
      if (!failed && op === 'EPOLL_CTL_ADD') added = true;
      if (!failed && /EPOLLET|EPOLLONESHOT/.test(events)) g.add('F');
      if (events.includes('EPOLLEXCLUSIVE')) g.add('G');
      if (target !== undefined && epolls.has(target)) g.add('H');
      if (target !== undefined && files.has(target)) g.add('I');
    } else if (name === 'epoll_wait' || name === 'epoll_pwait2') {
      if (failed || name === 'epoll_pwait2' || call.endsWith(', NULL)')) g.add('D');
      if ((rec?.events?.length ?? 0) > 0) g.add('E');
    } else if (name === 'poll') {
      g.add('I');
    }
    if (added && ['close', 'dup2', 'dup3', 'close_range', 'exit'].includes(name)) g.add('C');
    if (name === 'fork' || name === 'exit') g.add('J');
  }
  return [...g].sort();
}
