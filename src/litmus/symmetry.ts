// Litmus tests: which threads are interchangeable (the explorer's symmetry reduction), and outcomes renamed.
import type { Symmetry } from '../explore/symmetry.ts';
import type { LitmusTest, ThreadDef } from './ast.ts';
import { stateText, type FinalState, type ResultValue } from './state.ts';

/**
 * Calls whose effect depends on which thread makes them: a process of its own (`fork`, `exit`). A thread that makes
 * one is in no class.
 */
const IDENTITY_CALLS: ReadonlySet<string> = new Set(['fork', 'exit']);

/**
 * A line's text with the thread's result names replaced by their position (`e0 = f(x)` -> `$0 = f(x)`); string
 * literals are left as written (`write(w, "e0")` writes the same bytes whoever makes it).
 */
function shape(th: ThreadDef, text: string): string {
  const at = new Map(th.results.map((n, i) => [n, i]));
  return text.replace(/"(?:[^"\\]|\\.)*"|[A-Za-z_]\w*/g, (w) => {
    const i = at.get(w);
    return i === undefined ? w : `$${i}`;
  });
}

/** The thread's program up to its result names, or null when it may not be in a class. */
function signature(test: LitmusTest, th: ThreadDef): string | null {
  if (th.context !== 'task' || th.after !== null) return null;
  if (test.threads.some((o) => o.after?.thread === th.name)) return null;
  if (th.lines.some((l) => IDENTITY_CALLS.has(l.def.name) || l.proc !== th.proc)) return null;
  return `${th.proc}\n${th.results.length}\n${th.lines.map((l) => shape(th, l.text)).join('\n')}`;
}

/** The classes of interchangeable threads of a test (thread indices, in order): those with one program. */
export function symmetryClasses(test: LitmusTest): number[][] {
  const by = new Map<string, number[]>();
  test.threads.forEach((th, i) => {
    const sig = signature(test, th);
    if (sig === null) return;
    const c = by.get(sig);
    if (c === undefined) by.set(sig, [i]);
    else c.push(i);
  });
  return [...by.values()].filter((c) => c.length > 1);
}

/** The state with the threads renamed: thread `perm[i]` has thread `i`'s values; `release(d)` follows its thread. */
export function renameState(test: LitmusTest, st: FinalState, perm: readonly number[]): FinalState {
  const from = Array.from({ length: perm.length }, () => 0);
  perm.forEach((to, i) => (from[to] = i));
  const values = new Map<string, ResultValue>();
  test.threads.forEach((th, j) => {
    const src = test.threads[from[j] as number] as ThreadDef;
    th.results.forEach((n, r) => {
      const v = st.values.get(`${src.name}:${src.results[r] as string}`);
      if (v !== undefined) values.set(`${th.name}:${n}`, v);
    });
  });
  for (const [k, v] of st.values) {
    if (!k.startsWith('release(')) continue;
    const i = v.status === 'released' ? test.threads.findIndex((t) => t.name === v.by) : -1;
    values.set(
      k,
      i >= 0 && v.status === 'released' ? { ...v, by: (test.threads[perm[i] as number] as ThreadDef).name } : v,
    );
  }
  return { values, kinds: st.kinds };
}

/** The outcome string of a final state (`stateText` plus the sorted kinds, as the explorer appends them). */
export function outcomeKey(st: FinalState): string {
  const base = stateText(st.values);
  return st.kinds.size === 0 ? base : `${base} | ${[...st.kinds].sort().join(',')}`;
}

/** The test's symmetry for the explorer, or undefined when no two threads are interchangeable. */
export function litmusSymmetry(test: LitmusTest, states: Map<string, FinalState>): Symmetry | undefined {
  const classes = symmetryClasses(test);
  if (classes.length === 0) return undefined;
  return {
    classes,
    permute(outcome, perm) {
      const st = states.get(outcome);
      if (st === undefined) throw new Error(`epoll-lab bug: no final state recorded for '${outcome}'`);
      const r = renameState(test, st, perm);
      const key = outcomeKey(r);
      if (!states.has(key)) states.set(key, r);
      return key;
    },
  };
}
