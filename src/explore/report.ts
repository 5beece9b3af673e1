// Explorer: bug reports in the kernel's own formats — KASAN, refcount_t WARN, lockdep, hung_task, kmemleak.
import type { Step } from '../kernel/step.ts';
import type { Violation } from '../kernel/violation.ts';
import { scenarioHash } from './scenario.ts';
import type { LockCycle } from './lockdep.ts';

const RULE = '==================================================================';

/** A made-up but stable kernel address for an object label. */
function addr(label: string, offset = 0): string {
  const h = parseInt(scenarioHash(label), 16) & 0xfffff;
  return `ffff8881${(h * 0x100 + offset).toString(16).padStart(8, '0')}`;
}

function trace(stack: readonly string[], indent = ' '): string[] {
  if (stack.length === 0) return [`${indent}<no kernel function>`];
  return [...stack].reverse().map((f) => `${indent}${f}`);
}

function kasan(v: Violation, access: Step | null): string[] {
  const fn = v.stack.at(-1) ?? '?';
  const double = access?.k === 'free';
  const bug = double ? 'double-free' : 'slab-use-after-free';
  const what = access === null || access.k === 'read' ? 'Read' : 'Write';
  const field = access === null ? '' : `.${access.f}`;
  const out = [RULE, `BUG: KASAN: ${bug} in ${fn}`];
  if (double) out.push(`Free of addr ${addr(v.object)} by task ${v.thread}`);
  else out.push(`${what} of size 8 at addr ${addr(v.object, 0x40)} by task ${v.thread}`);
  out.push(`(${v.object}${field}, event ${v.step})`, '', 'Call Trace:', ...trace(v.stack), '');
  if (v.allocated) out.push(`Allocated by task ${v.allocated.thread}:`, ...trace(v.allocated.stack), '');
  if (v.freed) out.push(`Freed by task ${v.freed.thread}:`, ...trace(v.freed.stack), '');
  out.push(
    `The buggy address belongs to the object at ${addr(v.object)}`,
    ` which belongs to the cache ${v.objectKind}`,
  );
  out.push(
    v.recycledBy === undefined
      ? 'The slot has not been reallocated.'
      : `The slot has since been reallocated to ${v.recycledBy} (SLAB_TYPESAFE_BY_RCU recycling).`,
  );
  if (v.typesafeByRcu === true)
    out.push(
      `epoll-lab: ${v.objectKind} is SLAB_TYPESAFE_BY_RCU, so a real KASAN does not report this access: the slot stays a`,
      " valid object of its cache, freed or reused under the access. This report is the model's check.",
    );
  out.push(RULE);
  return out;
}

function warn(v: Violation, where: string): string[] {
  return [
    '------------[ cut here ]------------',
    v.title,
    `WARNING: at ${where} by task ${v.thread} (event ${v.step})`,
    `object: ${v.object} (${v.objectKind})`,
    'Call Trace:',
    ...trace(v.stack),
    '---[ end trace ]---',
  ];
}

function deadlock(v: Violation): string[] {
  return [
    '============================================',
    'WARNING: possible deadlock: every remaining task is blocked',
    '--------------------------------------------',
    ...v.title
      .replace(/^deadlock: /, '')
      .split('; ')
      .map((w) => ` ${w}`),
    '',
    `task ${v.thread} is blocked at:`,
    ...trace(v.stack),
    '',
    ` *** DEADLOCK ***`,
  ];
}

function hung(v: Violation): string[] {
  return [
    `INFO: task ${v.thread} blocked for more than 120 seconds.`,
    '      epoll-lab model: no thread or timer can wake it',
    `task:${v.thread} state:D`,
    'Call Trace:',
    ...trace(v.stack),
  ];
}

function leak(v: Violation): string[] {
  return [
    `unreferenced object 0x${addr(v.object)} (${v.objectKind}):`,
    `  comm "${v.allocated?.thread ?? v.thread}", object ${v.object}`,
    '  backtrace:',
    ...trace(v.allocated?.stack ?? [], '    '),
  ];
}

/** A lockdep "possible circular locking dependency" report for an inversion found across executions. */
export function lockOrderReport(c: LockCycle): string {
  const e = c.edge;
  const out = [
    '======================================================',
    'WARNING: possible circular locking dependency detected',
    '------------------------------------------------------',
    `${e.thread} is trying to acquire lock:`,
    ` (${e.to}) at: ${e.stack.at(-1) ?? '?'}`,
    '',
    'but task is already holding lock:',
    ` (${e.from})`,
    '',
    'which lock already depends on the new lock.',
    '',
    'the existing dependency chain (in reverse order) is:',
  ];
  const chain = [...c.chain].reverse();
  chain.forEach((d, i) => {
    out.push(
      '',
      `-> #${chain.length - i} (${d.to}):`,
      `       acquired after ${d.from} by ${d.thread} (execution ${d.execution}):`,
    );
    out.push(...trace(d.stack, '       '));
  });
  out.push('', `-> #0 (${e.to}):`, `       acquired after ${e.from} by ${e.thread} (execution ${e.execution}):`);
  out.push(...trace(e.stack, '       '));
  return out.join('\n');
}

/** The text report of a violation; `access` is the step that was executing when it fired, if any. */
export function renderReport(v: Violation, access: Step | null): string {
  switch (v.kind) {
    case 'use-after-free':
      return kasan(v, access).join('\n');
    case 'refcount-addition-on-0':
    case 'refcount-underflow':
      return warn(v, 'lib/refcount.c refcount_warn_saturate').join('\n');
    case 'double-fput':
      return warn(v, 'fs/file_table.c fput').join('\n');
    case 'bug-on':
      return [
        '------------[ cut here ]------------',
        `kernel BUG: ${v.title}`,
        ...warn(v, v.stack.at(-1) ?? '?').slice(2),
      ].join('\n');
    case 'deadlock':
      return deadlock(v).join('\n');
    case 'hung-task':
      return hung(v).join('\n');
    case 'leak':
      return leak(v).join('\n');
    case 'lock-order':
      return [v.title, ...trace(v.stack)].join('\n');
    case 'event-from-dying-file':
    case 'event-dropped-dying-file':
      return [`epoll-lab: observation (not a kernel report): ${v.title}`, ...trace(v.stack)].join('\n');
  }
}
