// Random syscall scripts over the whole call vocabulary (fast-check), for differential runs and variant properties.
// What each call contributes is in its CallDef (`random`, src/script/calls/); this file draws and assembles lines.
import fc from 'fast-check';
import { CALLS } from '../script/calls/index.ts';
import type { Op, RandomRule, RenderState, Rule, ScriptShape } from '../script/calls/random.ts';

export type { Op, ScriptShape } from '../script/calls/random.ts';

/** The bigints a u64 argument is drawn from most often: the edges. */
const U64 = [0n, 1n, 7n, 0xffffffffn, 2n ** 63n, 2n ** 64n - 1n];

/** `body` with the names its first line binds suffixed by `n` everywhere in it (not `x` of dup: it stays reused). */
function renamed(body: string, n: number): string {
  const first = body.split('\n')[0] as string;
  let out = body;
  for (const name of boundNames(first)) {
    if (name !== 'x') out = out.replace(new RegExp(`\\b${name}\\b`, 'g'), `${name}${n}`);
  }
  return out;
}

/** The fd names a line binds (`r, w = pipe()` binds r and w; `c = fork()` binds a process, not an fd). */
function boundNames(line: string): string[] {
  const m = /^([\w, ]+) = (\w+)\(/.exec(line);
  if (m === null || CALLS.get(m[2] as string)?.binds.includes('fd') !== true) return [];
  return (m[1] as string).split(',').map((n) => n.trim());
}

/** Every call's random rules (its CallDef's `random`), in registry order. */
const RULES: readonly RandomRule[] = [...CALLS.values()].flatMap((d) => d.random ?? []);

/** The rules a shape allows (only creating ones when `creating`), each repeated by its weight. */
function table(shape: ScriptShape, creating: boolean): readonly Rule[] {
  const out: Rule[] = [];
  for (const r of RULES) {
    if (r.only !== undefined && shape[r.only] !== true) continue;
    if (creating && r.creates !== true) continue;
    for (let i = 0; i < r.w; i++) out.push(r.r);
  }
  return out;
}

/** Renders ops to a valid script: process prefixes name live processes only; an exit in `main` ends the script. */
export function renderScript(ops: readonly Op[], shape: ScriptShape = {}): string {
  const rules = table(shape, false);
  const st: RenderState = { shape, forks: 0, fence: false, names: [] };
  const alive = ['main'];
  const lines: string[] = [];
  const creators = table(shape, true);
  const setup = Math.max(3, ops.length >> 2);
  const distinct = shape.distinct ?? (ops[0]?.a ?? 0) % 2 === 1;
  let made = 0;
  for (const [i, o] of ops.entries()) {
    const proc = o.c % 4 === 0 ? (alive[(o.c >> 2) % alive.length] as string) : (alive[0] as string);
    const t = i < setup ? creators : rules;
    // Most scripts are about epoll: the first line creates one unless the draw says otherwise.
    const body = i === 0 && o.rule % 8 !== 0 ? 'ep = epoll_create1(0)' : (t[o.rule % t.length] as Rule)(o, st);
    if (body === null) continue;
    if (body === 'exit()') {
      if (proc === 'main') continue;
      alive.splice(alive.indexOf(proc), 1);
    }
    if (body.endsWith('= fork()')) alive.push(`c${st.forks}`);
    for (const line of (distinct ? renamed(body, ++made) : body).split('\n')) {
      for (const n of boundNames(line)) if (!st.names.includes(n)) st.names.push(n);
      lines.push(proc === 'main' ? line : `${proc}: ${line}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** One random op. */
export const opArbitrary: fc.Arbitrary<Op> = fc.record({
  rule: fc.nat(10_000),
  a: fc.nat(1_000),
  b: fc.nat(1_000),
  c: fc.nat(1_000),
  d: fc.oneof(fc.constantFrom(...U64), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })),
});

/** Random ops for scripts of the given shape (shrinks towards fewer, simpler lines). */
export function opsArbitrary(shape: ScriptShape = {}): fc.Arbitrary<Op[]> {
  return fc.array(opArbitrary, { minLength: 1, maxLength: shape.maxLines ?? 40, size: 'max' });
}

/** Random script text of the given shape. */
export function scriptArbitrary(shape: ScriptShape = {}): fc.Arbitrary<string> {
  return opsArbitrary(shape).map((ops) => renderScript(ops, shape));
}
