// Standalone reproducers: the C file — native/repro_runtime.c with the test's calls, target and probe filled in.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Prop, Ref, Value } from '../litmus/ast.ts';
import type { PlannedCall, StressPlan } from '../stress/plan.ts';
import { callCode, type VarOf } from './calls.ts';
import type { ReproTarget } from './target.ts';

export const REPRO_RUNTIME: string = fileURLToPath(new URL('../../native/repro_runtime.c', import.meta.url));
const SLOT = '/* REPRO_TEST_PART */';

/** Why the test cannot be written as a reproducer: its first unsupported part. */
export class Unsupported {
  constructor(readonly message: string) {}
}

const cstr = (s: string): string => JSON.stringify(s).replace(/\?/g, '\\?');

/** Thread index and line index of a reference: the last line of the thread binding the name (what the state shows). */
function lineOf(plan: StressPlan, ref: Ref): { k: number; l: number } {
  const k = plan.threads.findIndex((t) => t.name === ref.thread);
  const calls = plan.threads[k]?.calls ?? [];
  let l = -1;
  calls.forEach((c, i) => {
    if (c.line.names.includes(ref.name)) l = i;
  });
  if (k < 0 || l < 0) throw new Unsupported(`${ref.thread}:${ref.name} names no call result`);
  return { k, l };
}

function cmpC(plan: StressPlan, ref: Ref, op: string, value: Value): string {
  if (ref.field !== null && ref.field !== 'ret') throw new Unsupported(`.${ref.field} is not checked by reproducers`);
  const { k, l } = lineOf(plan, ref);
  if (value.k === 'status') {
    const want = value.s === 'blocked' ? 'L_BLOCKED' : 'L_UNREACHED';
    return `(ld(&R[${k}][${l}].state) ${op === '==' ? '==' : '!='} ${want})`;
  }
  let rhs: string;
  if (value.k === 'int') rhs = `${value.v}L`;
  else if (value.k === 'errno') rhs = `-${value.name}`;
  else throw new Unsupported(`comparisons with ${value.k} values are not checked by reproducers`);
  const got = `RET(${k}, ${l})`;
  // As the model reads it: `-1` is any failure, and a call that did not return is unequal to every number.
  const test =
    value.k === 'int' && value.v === -1n && (op === '==' || op === '!=')
      ? `${got} < 0`
      : `${got} ${op === '!=' ? '==' : op} ${rhs}`;
  return op === '!=' ? `!(is_done(${k}, ${l}) && ${test})` : `(is_done(${k}, ${l}) && ${test})`;
}

/** The proposition as a C expression over R[][]. */
export function propC(plan: StressPlan, p: Prop): string {
  switch (p.k) {
    case 'and':
      return `(${propC(plan, p.a)} && ${propC(plan, p.b)})`;
    case 'or':
      return `(${propC(plan, p.a)} || ${propC(plan, p.b)})`;
    case 'not':
      return `!${propC(plan, p.p)}`;
    case 'const':
      return p.v ? '1' : '0';
    case 'cmp':
      return cmpC(plan, p.ref, p.op, p.value);
    case 'has':
      throw new Unsupported('`has` (event bits) is not checked by reproducers');
    case 'violation':
    case 'release':
      throw new Unsupported(`${p.k}(...) terms are model-only`);
  }
}

/** The probe: the latest call whose number the target compares (re-run during the hold and after the release). */
export function probeOf(plan: StressPlan, p: Prop): { k: number; l: number } | null {
  const numeric = (q: Prop): Ref[] =>
    q.k === 'cmp' && q.value.k !== 'status'
      ? [q.ref]
      : q.k === 'and' || q.k === 'or'
        ? [...numeric(q.a), ...numeric(q.b)]
        : [];
  let best: { k: number; l: number } | null = null;
  for (const r of numeric(p)) {
    const at = lineOf(plan, r);
    if (best === null || at.l >= best.l) best = at;
  }
  return best;
}

function code(c: PlannedCall, v: VarOf): string[] {
  const s = callCode(c, v);
  if (s === null) throw new Unsupported(`line ${c.line.line}: ${c.line.def.name} is not supported by reproducers`);
  return s;
}

const gvar: VarOf = (n) => `g_${n}`;
const tvar =
  (k: number): VarOf =>
  (n) =>
    `t${k}_${n}`;
const comment = (c: PlannedCall): string => `/* ${c.line.line}: ${c.line.text.replace(/\*\//g, '* /')} */`;

function initFn(plan: StressPlan): string[] {
  const out = ['static void gen_init(int control)', '{', '\tlong x;', '\t(void)control;'];
  for (const c of plan.init) {
    out.push(`\t${comment(c)}`);
    const s = code(c, gvar);
    if (c.id === 'C_EPOLL_CTL') out.push('\tif (!control) {', ...s.map((x) => `\t\t${x}`), '\t}');
    else out.push(...s.map((x) => `\t${x}`));
  }
  out.push('\t(void)x;', '}');
  return out;
}

function threadFn(plan: StressPlan, k: number): string[] {
  const th = plan.threads[k] as StressPlan['threads'][number];
  const v = tvar(k);
  const out = [`/* thread ${th.name} */`, `static void gen_thread_${k}(void)`, '{', '\tlong x;'];
  for (const n of plan.fdNames) out.push(`\t${v(n)} = ${gvar(n)};`);
  th.calls.forEach((c, l) => {
    out.push(`\t${comment(c)}`, `\tbegin(${k}, ${l});`, ...code(c, v).map((x) => `\t${x}`));
    out.push(`\tend(${k}, ${l}, x);`, `\tif (stopped(${k}))`, '\t\treturn;');
  });
  out.push('}');
  return out;
}

function probeFns(plan: StressPlan, probe: { k: number; l: number } | null): string[] {
  if (probe === null)
    return [
      '#define HAS_PROBE 0',
      'static long probe_first(void) { return 0; }',
      'static long gen_probe(void) { return 0; }',
    ];
  const c = plan.threads[probe.k]?.calls[probe.l] as PlannedCall;
  return [
    '#define HAS_PROBE 1',
    `/* The probe: ${c.line.text.trim()} (thread ${plan.threads[probe.k]?.name}), its first result and a re-run. */`,
    `static long probe_first(void) { return RET(${probe.k}, ${probe.l}); }`,
    'static long gen_probe(void)',
    '{',
    '\tlong x;',
    ...code(c, tvar(probe.k)).map((x) => `\t${x}`),
    '\treturn x < 0 ? -(long)errno : x;',
    '}',
  ];
}

/** The test's part of the runtime; throws Unsupported. */
export function reproPart(plan: StressPlan, target: ReproTarget): string {
  const { test, threads } = plan;
  const proc = threads.find((t) => t.proc !== 0);
  if (proc !== undefined) throw new Unsupported(`thread ${proc.name} runs in another process (fork in init)`);
  const waitMs = Math.max(0, ...threads.flatMap((t) => t.calls.map((c) => c.waitMs)));
  const out = [
    `#define TEST_NAME ${cstr(test.name)}`,
    `#define TARGET_TEXT ${cstr(target.text)}`,
    `#define N_THREADS ${threads.length}`,
    `#define USES_PATHS ${plan.usesPaths ? 1 : 0}`,
    `static long gen_wait_ns(void) { return ${waitMs}L * 1000000L; }`,
    ...plan.fdNames.map((n) => `static int ${gvar(n)} = -1;`),
    ...threads.flatMap((_, k) => plan.fdNames.map((n) => `static int ${tvar(k)(n)} = -1;`)),
    ...initFn(plan),
    ...threads.flatMap((_, k) => threadFn(plan, k)),
    'static void gen_thread(int k)',
    '{',
    '\tswitch (k) {',
    ...threads.flatMap((_, k) => [`\tcase ${k}:`, `\t\tgen_thread_${k}();`, '\t\tbreak;']),
    '\t}',
    '}',
    `/* The target: ${target.text} */`,
    `static int gen_target(void) { return ${propC(plan, target.prop)}; }`,
    ...probeFns(plan, probeOf(plan, target.prop)),
  ];
  return out.join('\n');
}

/** The header comment: the test, the target, the model's states and path, how to build and run. */
export function reproHeader(plan: StressPlan, target: ReproTarget, out: string): string {
  const bin = out.replace(/\.c$/, '');
  const lines = [
    `Standalone reproducer for ${plan.test.name} (${plan.test.file}), written by \`epoll-lab repro\`.`,
    '',
    `Target state: ${target.text}`,
    `The model (variant ${target.variant}) reaches it as:`,
    ...target.states.map((s) => `  ${s.outcome}`),
    `  replay: epoll-lab replay ${target.states[0]?.token ?? ''} --trace`,
    'Kernel functions on the model path to that state, per thread:',
    ...target.path.map((p) => `  ${p.thread}: ${p.fns.join(' > ')}`),
    '',
    `Build: cc -O2 -pthread -Wall -o ${bin} ${out}`,
    `Run:   ./${bin} -n 10000      (prints hits / iterations; exit 0 when reproduced)${plan.usesPaths ? '; needs root' : ''}`,
    `       ./${bin} -n 10000 -c   (control: the file is not in the epoll set; never hits)`,
    'A hit: the target state was seen; threads recorded blocked (asleep in their call for the budget, -b MS)',
    'still sleep after a hold (-H MS) and the probe call gives the same result again; once they are released',
    '(SIGUSR1) the probe gives another result.',
  ];
  const wrapped = lines.flatMap((l) => (l.length <= 116 ? [l] : wrap(l)));
  return ['/*', ...wrapped.map((l) => (l === '' ? ' *' : ` * ${l.replace(/\*\//g, '* /')}`)), ' */', ''].join('\n');
}

function wrap(l: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const w of l.split(' ')) {
    if (cur.length + w.length + 1 > 116 && cur.trim() !== '') {
      out.push(cur);
      cur = '    ';
    }
    cur += (cur === '' || cur === '    ' ? '' : ' ') + w;
  }
  out.push(cur);
  return out;
}

/** The whole file, or why the test cannot be a reproducer. */
export function generateRepro(
  plan: StressPlan,
  target: ReproTarget,
  out: string,
): { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string } {
  const runtime = readFileSync(REPRO_RUNTIME, 'utf8');
  if (!runtime.includes(SLOT)) throw new Error(`epoll-lab bug: ${REPRO_RUNTIME} has no '${SLOT}' line`);
  try {
    return { ok: true, text: reproHeader(plan, target, out) + runtime.replace(SLOT, () => reproPart(plan, target)) };
  } catch (e) {
    if (e instanceof Unsupported) return { ok: false, message: e.message };
    throw e;
  }
}
