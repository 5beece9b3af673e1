// Runs a checked script on the real kernel through the helper, producing the same call records as the model.
import { errnoName } from '../kernel/errno.ts';
import type { Script, ScriptLine } from '../script/compile.ts';
import { blocksResult, latin1, sysResult, type CallRecord, type CallResult } from '../script/result.ts';
import { MAIN, type Binding } from '../script/scope.ts';
import type { OracleError } from './build.ts';
import { ORACLE_CALLS } from './calls.ts';
import { replyError, type Helper } from './helper.ts';
import { callRequest, type Reply } from './protocol.ts';

/** The longest armed timer a sleeping call waits for before it counts as BLOCKS (the model's clock is virtual). */
export const MAX_TIMER_MS = 10_000;

/** Process slots of the helper (MAX_SLOTS in native/epoll_helper.c); slot 0 is `main`. */
export const MAX_SLOTS = 256;

export interface OracleTiming {
  /** Budget of a call that can sleep before a call still asleep is BLOCKS (ms, plus its own timeout). */
  readonly blockMs?: number;
  /** Budget of a call that never sleeps for good (ms): longer, since mount/umount may wait for RCU. */
  readonly slowMs?: number;
}

/** How a kernel run ended: after its last line, or at a call that was still asleep after its budget. */
export type KernelEnd = { readonly kind: 'ok' } | { readonly kind: 'blocks'; readonly line: number };

export interface KernelRun {
  readonly script: Script;
  readonly records: readonly CallRecord[];
  readonly end: KernelEnd;
}

export type KernelOutcome =
  { readonly ok: true; readonly run: KernelRun } | { readonly ok: false; readonly error: OracleError };

export type RetReply = Reply & { kind: 'ret' };

/** The record of a finished call, in the shape the model's call definition gives it. */
export function toResult(line: ScriptLine, r: RetReply): CallResult {
  if (r.ret < 0) return sysResult(-r.errno);
  switch (line.def.oracle?.reply) {
    case 'data':
      return sysResult(r.ret, { data: latin1(r.data ?? new Uint8Array()) });
    case 'u64':
      return sysResult(r.ret, r.u64 === null ? {} : { data: r.u64 });
    case 'fds':
      return sysResult(r.ret, { fds: r.fds === null ? null : [r.fds[0], r.fds[1]] });
    case 'events':
      return sysResult(r.ret, { events: r.events === null ? [] : [...r.events] });
    case undefined:
      return sysResult(r.ret);
  }
}

/** The fd values a finished call binds its names to (-1 for a failed call), as the model's call definitions do. */
function fdBinds(line: ScriptLine, v: readonly unknown[], r: RetReply): number[] {
  const kinds = line.def.binds;
  if (kinds.length === 2) return r.ret < 0 || r.fds === null ? [-1, -1] : [r.fds[0], r.fds[1]];
  const binds = line.def.oracle?.bindsFd?.(v) ?? true;
  return kinds.map(() => (r.ret < 0 || !binds ? -1 : r.ret));
}

function err(code: OracleError['code'], message: string): KernelOutcome {
  return { ok: false, error: { code, message } };
}

/**
 * Runs `script` on the helper's kernel, line by line: names bind to the real fd numbers, a process prefix routes the
 * call to that process's slot, `fork` starts a new slot. Model-only scripts are refused with EPM304.
 */
export async function runOnKernel(script: Script, helper: Helper, timing: OracleTiming = {}): Promise<KernelOutcome> {
  if (script.modelOnly !== null) return err('EPM304', `skipped: ${script.modelOnly}`);
  const blockMs = timing.blockMs ?? 10;
  const slowMs = timing.slowMs ?? 5000;
  const reset = await helper.reset();
  if (reset !== null) return { ok: false, error: reset };
  helper.fresh = false;
  const env = new Map<string, Binding>();
  const slots = new Map<string, number>([[MAIN, 0]]);
  let nextSlot = 1;
  let timersMs = 0;
  const records: CallRecord[] = [];
  for (const line of script.lines) {
    const slot = slots.get(line.proc);
    if (slot === undefined) throw new Error(`epoll-lab bug: process '${line.proc}' checked but has no slot`);
    const v = line.args.map((a) => a(env));
    const name = line.def.name;
    let request: string;
    if (name === 'fork') {
      if (nextSlot >= MAX_SLOTS) return err('EPM304', `line ${line.line}: more than ${MAX_SLOTS - 1} forks`);
      request = callRequest(slot, slowMs, 'fork', [{ int: nextSlot }]);
    } else {
      const call = ORACLE_CALLS.get(name);
      if (call === undefined) return err('EPM304', `line ${line.line}: ${name} has no oracle implementation`);
      const wait = call.waitMs?.(v) ?? 0;
      const budget = call.mayBlock === true ? blockMs + wait + timersMs : slowMs + wait;
      request = callRequest(slot, budget, name, call.wire(v));
      if (call.armsMs !== undefined) timersMs = Math.min(MAX_TIMER_MS, Math.max(timersMs, call.armsMs(v)));
    }
    const r = await helper.request(request);
    if (r.kind === 'blocks') {
      records.push({ line: line.line, call: line.text, ...blocksResult() });
      return { ok: true, run: { script, records, end: { kind: 'blocks', line: line.line } } };
    }
    if (r.kind !== 'ret') return { ok: false, error: replyError(r) };
    // fork's pid on the host is arbitrary: a child is reported with the pid the model gives it (its slot + 1).
    const reply = name === 'fork' && r.ret === 0 ? { ...r, ret: nextSlot + 1 } : r;
    records.push({ line: line.line, call: line.text, ...toResult(line, reply) });
    if (name === 'fork') {
      const child = line.names[0];
      if (r.ret < 0) return err('EPM302', `line ${line.line}: fork failed on the host: ${errnoName(r.errno)}`);
      if (child !== undefined) {
        slots.set(child, nextSlot);
        env.delete(child);
      }
      nextSlot++;
      continue;
    }
    const fds = fdBinds(line, v, r);
    line.names.forEach((n, i) => {
      env.set(n, { kind: 'fd', fd: fds[i] ?? -1 });
      slots.delete(n);
    });
  }
  return { ok: true, run: { script, records, end: { kind: 'ok' } } };
}
