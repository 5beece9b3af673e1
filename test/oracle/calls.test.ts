// One call, one place: a call's CallDef says how the oracle runs it, and the C helper's call table, the call ids and
// the two C switches (helper and stress harness) agree with that one list.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { HELPER_SOURCE } from '../../src/oracle/build.ts';
import { ORACLE_CALLS } from '../../src/oracle/calls.ts';
import { CALLS } from '../../src/script/calls/index.ts';

const native = (file: string): string => readFileSync(new URL(`../../native/${file}`, import.meta.url), 'utf8');

/** The rows of native/epoll_helper.c's CALLS table: `[C_ID] = {"name", "kinds"},`. */
function helperTable(c: string): Map<string, { id: string; args: string }> {
  const rows = [...c.matchAll(/^\s*\[(C_\w+)\] = \{"(\w+)", "(\w*)"\},$/gm)];
  return new Map(rows.map((m) => [m[2] as string, { id: m[1] as string, args: m[3] as string }]));
}

/** The ids of host_common.h's `enum call_id`, without C_COUNT. */
function enumIds(h: string): string[] {
  const body = /enum call_id \{([^}]*)\}/.exec(h)?.[1] ?? '';
  return [...body.matchAll(/\b(C_\w+)\b/g)].map((m) => m[1] as string).filter((id) => id !== 'C_COUNT');
}

/** The C table the registry asks for, to paste into native/epoll_helper.c when the test fails. */
function expectedRows(): string {
  return [...ORACLE_CALLS].map(([name, o]) => `\t[C_${name.toUpperCase()}] = {"${name}", "${o.args}"},`).join('\n');
}

test('oracle calls: every registered call is model-only or has its oracle wiring in its CallDef, not both', () => {
  const wrong = [...CALLS.values()].filter((d) => (d.modelOnly === undefined) === (d.oracle === undefined));
  assert.deepEqual(
    wrong.map((d) => d.name),
    [],
  );
  for (const [name, o] of ORACLE_CALLS) assert.match(o.args, /^[iubp]*$/, `${name}: argument kinds`);
});

test("oracle calls: native/epoll_helper.c's CALLS table equals the CallDefs' oracle wiring (names, kinds, ids)", () => {
  const table = helperTable(readFileSync(HELPER_SOURCE, 'utf8'));
  const want = new Map([...ORACLE_CALLS].map(([name, o]) => [name, { id: `C_${name.toUpperCase()}`, args: o.args }]));
  assert.deepEqual(
    Object.fromEntries(table),
    Object.fromEntries(want),
    `native/epoll_helper.c's CALLS table should be:\n${expectedRows()}`,
  );
});

test('oracle calls: host_common.h has one call id per wired call, and both C switches handle every id', () => {
  const ids = enumIds(native('host_common.h'));
  assert.deepEqual([...ids].sort(), [...ORACLE_CALLS.keys()].map((n) => `C_${n.toUpperCase()}`).sort());
  // The stress harness refuses fork and exit (src/stress/plan.ts): its threads are one process's.
  const skipped: Record<string, readonly string[]> = { 'epoll_helper.c': [], 'stress_runtime.c': ['C_FORK', 'C_EXIT'] };
  for (const [file, skip] of Object.entries(skipped)) {
    const c = native(file);
    const missing = ids.filter((id) => !skip.includes(id) && !new RegExp(`case ${id}:`).test(c));
    assert.deepEqual(missing, [], `${file} has no case for ${missing.join(', ')}`);
  }
});

test('oracle calls: a wired call passes as many helper arguments as its kinds say', () => {
  for (const [name, o] of ORACLE_CALLS) {
    const def = CALLS.get(name);
    assert.ok(def !== undefined);
    if (name === 'fork') continue; // the runner adds the child's slot
    const v = def.params.map(() => 0);
    assert.equal(o.wire(v).length, o.args.length, name);
  }
});
