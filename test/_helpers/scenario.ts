// Test helper: hand-written kernel scenarios — setup through the sequential driver, CLONE_FILES threads, outcome text.
import { sys_epoll_ctl, sys_epoll_wait } from '../../src/epoll/syscalls.ts';
import type { EpollEvent } from '../../src/epoll/wait.ts';
import { errnoName } from '../../src/kernel/errno.ts';
import { sys_close } from '../../src/kernel/fdtable.ts';
import { CLONE_FILES, kernel_clone } from '../../src/kernel/fork.ts';
import type { Machine } from '../../src/kernel/machine.ts';
import type { Gen } from '../../src/kernel/step.ts';
import { syscall } from '../../src/kernel/syscall.ts';
import type { Task } from '../../src/kernel/task.ts';
import type { File } from '../../src/kernel/vfs.ts';
import { EPOLL_CTL_ADD, formatEvents } from '../../src/kernel/uapi.ts';
import { variant, type Variant } from '../../src/kernel/variant.ts';
import { start } from '../../src/sched/runtime.ts';
import { runCall } from '../../src/sched/sequential.ts';
import { threadResult } from '../../src/explore/scenario.ts';

/** A variant preset spec (`v6.8`, `v6.9,item_poll_pin=sb_nouser`) or an already parsed variant. */
export type VariantArg = string | Variant;

/** The variant of a scenario factory's argument; an invalid spec throws (scenarios are built by code and tests). */
export function variantOf(v: VariantArg | undefined, fallback: string): Variant {
  return typeof v === 'object' ? v : variant(v ?? fallback);
}

/** Runs one setup call to completion (sequential driver); a setup call that blocks or halts is a model bug. */
export function setupCall<T>(m: Machine, t: Task, gen: Gen<T>, what: string): T {
  const r = runCall(m, t, gen);
  if (r.kind === 'done') return r.value;
  const why = r.kind === 'halted' ? `halted: ${r.violation.title}` : 'blocked';
  throw new Error(`epoll-lab bug: scenario setup '${what}' ${why}`);
}

/** A setup call returning an fd or 0; a negative errno is a model bug. */
export function setupOk(m: Machine, t: Task, gen: Gen<number>, what: string): number {
  const r = setupCall(m, t, gen, what);
  if (r < 0) throw new Error(`epoll-lab bug: scenario setup '${what}' failed with -${errnoName(r)}`);
  return r;
}

/** epoll_ctl(ADD) in setup. */
export function setupWatch(m: Machine, t: Task, epfd: number, fd: number, events: number): void {
  setupOk(m, t, sys_epoll_ctl(epfd, EPOLL_CTL_ADD, fd, { events, data: BigInt(fd) }), `epoll_ctl ADD ${fd}`);
}

/**
 * Threads of `parent`'s process (kernel_clone with CLONE_FILES: the fd table is shared, so fdget takes real
 * references), each running its program, a generator of whole syscalls (see `sysClose`, `sysEpollWait`). All are
 * cloned before any starts: the sequential driver would otherwise run a started thread during the next clone.
 */
export function threads(m: Machine, parent: Task, programs: readonly (readonly [string, Gen<string>])[]): Task[] {
  const ts: Task[] = [];
  for (const [comm] of programs) ts.push(setupCall(m, parent, kernel_clone(comm, CLONE_FILES), `clone ${comm}`));
  for (let i = 0; i < ts.length; i++) start(ts[i] as Task, (programs[i] as readonly [string, Gen<string>])[1]);
  return ts;
}

/** A syscall's number as outcome text: `0`, `3`, `-EBADF`. */
export function retText(r: number): string {
  return r < 0 ? `-${errnoName(r)}` : String(r);
}

/** Event bits without the EPOLL prefix: `IN|OUT`. */
export function eventsText(mask: number): string {
  return formatEvents(mask).replaceAll('EPOLL', '');
}

/** close(fd) as a whole syscall (task_work runs at its exit); the result as text. */
export function* sysClose(fd: number): Gen<string> {
  return retText(yield* syscall(sys_close(fd)));
}

/** epoll_wait(epfd, 8 events, timeout) as a whole syscall; `n` or `n:EV1,EV2` (each event's bits). */
export function* sysEpollWait(epfd: number, timeoutMs: number): Gen<string> {
  const buf: EpollEvent[] = [];
  const n = yield* syscall(sys_epoll_wait(epfd, buf, 8, timeoutMs));
  if (n <= 0) return retText(n);
  let s = `${n}:`;
  for (let i = 0; i < buf.length; i++) s += (i > 0 ? ',' : '') + eventsText((buf[i] as EpollEvent).events);
  return s;
}

/**
 * Every thread's result by name; a thread whose step raised the fatal violation that halted the machine is `halted`,
 * the threads stopped by the halt are `unfinished`.
 */
export function threadsOutcome(m: Machine, threads: readonly Task[]): string {
  let halter = '';
  for (const v of m.violations) if (v.fatal) halter = v.thread;
  let s = '';
  for (let i = 0; i < threads.length; i++) {
    const t = threads[i] as Task;
    const r = t.done && t.result === undefined && t.comm === halter ? 'halted' : threadResult(t);
    s += `${i > 0 ? ' ' : ''}${t.comm}=${r}`;
  }
  return s;
}

/** The thread that ran a file's __fput to the end (freed it), or `none` while it is still allocated. */
export function releasedBy(f: File | null): string {
  return f === null || !f.freed ? 'none' : f.freeThread;
}
