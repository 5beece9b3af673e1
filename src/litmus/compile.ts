// Litmus tests: compiles a checked test to the explorer's Scenario (init on the sequential driver, threads explored).
import { stepRefCount } from '../kernel/ref_count.ts';
import { CLONE_FILES, kernel_clone } from '../kernel/fork.ts';
import type { Machine } from '../kernel/machine.ts';
import type { KObject } from '../kernel/object.ts';
import { TASK_INTERRUPTIBLE, type Task } from '../kernel/task.ts';
import type { Variant } from '../kernel/variant.ts';
import type { ViolationKind } from '../kernel/violation.ts';
import { withKinds } from '../explore/engine.ts';
import type { Scenario } from '../explore/scenario.ts';
import { litmusHash } from './hash.ts';
import { isEnabled, start } from '../sched/runtime.ts';
import { runCall } from '../sched/sequential.ts';
import { issue, type ScriptError } from '../script/errors.ts';
import { runScript, type ScriptRun } from '../script/runner.ts';
import type { Binding } from '../script/scope.ts';
import { Session, type ProcessState } from '../script/session.ts';
import type { LitmusTest } from './ast.ts';
import { BLOCKED, stateText, UNFINISHED, type FinalState, type ResultValue } from './state.ts';
import { litmusThread, type ThreadRecord } from './thread.ts';
import { litmusSymmetry } from './symmetry.ts';

/** A test compiled for one variant. */
export interface CompiledLitmus {
  readonly test: LitmusTest;
  readonly scenario: Scenario;
  /** The structured final state of every outcome string the scenario produced so far. */
  readonly states: Map<string, FinalState>;
  /** The fd number of every fd name bound by init (conditions may compare results with them). */
  readonly initFds: ReadonlyMap<string, number>;
}

export type CompileResult = { ok: true; compiled: CompiledLitmus } | { ok: false; error: ScriptError };

/** Runs init; `bound` gets the file each observed fd name named when init bound it (it may be closed later). */
function runInit(test: LitmusTest, variant: Variant, bound?: Map<string, KObject | null>): ScriptRun {
  const onBind = (n: string, b: Binding, proc: ProcessState): void => {
    if (bound !== undefined && b.kind === 'fd' && test.observe.includes(n))
      bound.set(n, proc.task.files?.fd_array[b.fd] ?? null);
  };
  const r = runScript(test.init, { session: new Session(variant), onBind });
  if (!r.ok) throw new Error('epoll-lab bug: a checked init block failed to parse');
  return r;
}

/**
 * Compiles a test for a variant. Runs init once to check that it completes (EPM204 otherwise); every execution then
 * re-runs it from a fresh boot, clones the threads (CLONE_FILES from their process) and starts their programs.
 */
export function compileLitmus(test: LitmusTest, variant: Variant): CompileResult {
  const dry = runInit(test, variant);
  if (dry.end.kind !== 'ok') {
    const why = dry.end.kind === 'blocks' ? 'blocks forever' : `halted the model: ${dry.end.violation.title}`;
    const error = issue('EPM204', { line: dry.end.line, col: 1 }, `init call ${why} (init must complete)`);
    return { ok: false, error: { ...error, file: test.file } };
  }
  const initFds = new Map<string, number>();
  for (const [n, b] of dry.env) if (b.kind === 'fd') initFds.set(n, b.fd);
  const states = new Map<string, FinalState>();
  const ex: Execution = { records: [], marks: [], observed: [], observesDying: observesDying(test) };
  const symmetry = litmusSymmetry(test, states);
  const scenario: Scenario = {
    ...(symmetry === undefined ? {} : { symmetry }),
    name: test.name,
    variant,
    hash: litmusHash(test),
    outcome: (m, tasks) => outcomeOf(test, ex, states, m, tasks),
    threadMark: (i) => threadMark(ex, i),
    // outcomeOf reads the threads' recorded values (their marks), the violations and, for `observe`, who freed a file.
    haltView: { frees: test.observe.length > 0 },
    mustFree: test.mustFree,
    traceCount: stepRefCount,
    setup: () => setupExecution(test, variant, ex),
  };
  return { ok: true, compiled: { test, scenario, states, initFds } };
}

/** What the running execution of a compiled test has recorded so far. */
interface Execution {
  records: ThreadRecord[];
  /** The last mark text of each thread, recomputed only when its line or its number of values changes. */
  marks: { line: number; n: number; text: string }[];
  /** The files of the observed init fd names, in this execution. */
  observed: (KObject | null)[];
  /** ep_item_poll's dying-file observations cost a step per poll: only tests that name them turn them on. */
  readonly observesDying: boolean;
}

/** The final state's text (and its structured form in `states`): the threads' results and the observed releases. */
function outcomeOf(
  test: LitmusTest,
  ex: Execution,
  states: Map<string, FinalState>,
  m: Machine,
  tasks: readonly Task[],
): string {
  // A halt (fatal violation while running) leaves calls unfinished; the end detectors' stuck kinds do not.
  const halted = m.violations.some((v) => v.fatal && v.kind !== 'hung-task' && v.kind !== 'deadlock');
  const values = new Map<string, ResultValue>();
  test.threads.forEach((th, i) => {
    const rec = ex.records[i] as ThreadRecord;
    const t = tasks[i] as Task;
    const stuckLine = !t.done && !isEnabled(t) && !halted ? th.lines[rec.line] : undefined;
    for (const n of th.results) {
      let v = rec.values.get(n) ?? UNFINISHED;
      if (stuckLine?.names.includes(n) === true) v = BLOCKED;
      values.set(`${th.name}:${n}`, v);
    }
  });
  test.observe.forEach((n, i) => {
    const f = ex.observed[i] ?? null;
    // kworker names carry a counter (allocation order): they are all `kworker`.
    const by = f === null || !f.freed ? 'none' : f.freeThread.startsWith('kworker/') ? 'kworker' : f.freeThread;
    values.set(`release(${n})`, { status: 'released', by });
  });
  const base = stateText(values);
  const key = withKinds(base, m.violations);
  if (!states.has(key)) states.set(key, { values, kinds: new Set<ViolationKind>(m.violations.map((v) => v.kind)) });
  return base;
}

/** Thread `i`'s mark: its line and the values recorded so far. */
function threadMark(ex: Execution, i: number): string {
  const r = ex.records[i];
  if (r === undefined) return '';
  // A line's values are recorded before the next line starts: (line, values count) identifies the text.
  const m = ex.marks[i];
  if (m !== undefined && m.line === r.line && m.n === r.values.size) return m.text;
  const text = `${r.line}|${stateText(r.values)}`;
  ex.marks[i] = { line: r.line, n: r.values.size, text };
  return text;
}

/** A fresh execution: init from a fresh boot, then the threads cloned (CLONE_FILES) and started on their lines. */
function setupExecution(test: LitmusTest, variant: Variant, ex: Execution): { machine: Machine; threads: Task[] } {
  const bound = new Map<string, KObject | null>();
  const run = runInit(test, variant, bound);
  if (run.end.kind !== 'ok') throw new Error(`epoll-lab bug: litmus init of ${test.name} did not complete`);
  const m = run.session.machine;
  // The file a name was bound to, even if init closed it again (then init released it: `main`).
  ex.observed = test.observe.map((n) => bound.get(n) ?? null);
  m.observe_dying = ex.observesDying;
  const tasks: Task[] = test.threads.map((th) => {
    if (th.context === 'irq') return m.spawn(th.name, 'irq', null);
    const p = run.env.get(th.proc) as Binding & { kind: 'process' };
    const r = runCall(m, p.proc.task, kernel_clone(th.name, CLONE_FILES));
    if (r.kind !== 'done') throw new Error(`epoll-lab bug: clone of litmus thread ${th.name} did not complete`);
    return r.value;
  });
  ex.records = test.threads.map(() => ({ values: new Map<string, ResultValue>(), line: 0 }));
  ex.marks = [];
  const exported = new Map<string, Binding>();
  test.threads.forEach((th, i) => {
    const wakes = test.threads.flatMap((o, j) =>
      o.after?.thread === th.name ? [{ line: o.after.line, task: tasks[j] as Task }] : [],
    );
    const links = { waits: th.after !== null, wakes, exported };
    // An irq thread that waits for another thread's names is created asleep (interruptibly): set here, in setup,
    // before any thread runs, so that its first step is the sleep itself and the waker's wake-up the only race.
    if (links.waits) (tasks[i] as Task).state = TASK_INTERRUPTIBLE;
    start(tasks[i] as Task, litmusThread(m, th, tasks[i] as Task, run.env, ex.records[i] as ThreadRecord, links));
  });
  return { machine: m, threads: tasks };
}

/** The test's condition or expectations name the dying-file observations. */
function observesDying(test: LitmusTest): boolean {
  return [test.condition?.text ?? '', ...test.expectations.map((e) => e.text)].some((t) =>
    /event-(from|dropped)-dying-file/.test(t),
  );
}
