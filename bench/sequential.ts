// Bench: the sequential model (src/sched/sequential.ts) on epoll_wait at scale and a write+epoll_wait+read cycle.
import { sys_epoll_create1, sys_epoll_ctl, sys_epoll_wait } from '../src/epoll/syscalls.ts';
import type { EpollEvent } from '../src/epoll/wait.ts';
import { sys_eventfd2, u64le } from '../src/fs/eventfd.ts';
import { boot } from '../src/init/boot.ts';
import { kernel_clone } from '../src/kernel/fork.ts';
import type { Machine } from '../src/kernel/machine.ts';
import { sys_read, sys_write } from '../src/kernel/read_write.ts';
import type { Gen } from '../src/kernel/step.ts';
import { syscall } from '../src/kernel/syscall.ts';
import type { Task } from '../src/kernel/task.ts';
import { EFD_NONBLOCK, EPOLL_CTL_ADD, EPOLLIN } from '../src/kernel/uapi.ts';
import { variant } from '../src/kernel/variant.ts';
import { runCall } from '../src/sched/sequential.ts';
import { median, repeatRounds, type Rep } from './measure.ts';

/** One syscall through the sequential driver (with its return to user); anything but completion is a bench bug. */
function sys<T>(m: Machine, t: Task, body: Gen<T>): T {
  const r = runCall(m, t, syscall(body));
  if (r.kind !== 'done') throw new Error(`bench: a call ${r.kind === 'halted' ? 'halted' : 'blocked'}`);
  return r.value;
}

function watch(m: Machine, t: Task, ep: number, fd: number): void {
  const r = sys(m, t, sys_epoll_ctl(ep, EPOLL_CTL_ADD, fd, { events: EPOLLIN, data: BigInt(fd) }));
  if (r !== 0) throw new Error(`bench: epoll_ctl ADD failed (${r})`);
}

/** Figures of one measured loop: CPU ns per iteration, one per repetition, their median, and the wall-clock median. */
export interface LoopFigures {
  readonly ns: number[];
  readonly median: number;
  readonly wallMedian: number;
}

/**
 * CPU milliseconds of warm-up per loop, as the explorer scenarios get: with less, the first loop measured (epoll_wait
 * at 1,000) still ran 10-15% slower than the same loop measured again later in the process.
 */
const WARM_MS = 2000;

function figures(rs: readonly Rep[]): LoopFigures {
  const ns = rs.map((r) => (r.cpuMs * 1e6) / r.runs);
  return { ns, median: median(ns), wallMedian: median(rs.map((r) => (r.ms * 1e6) / r.runs)) };
}

/**
 * epoll_wait(ep, 64, 0) on an epoll watching `n` eventfds (level-triggered IN), 10 of them readable: the main
 * process holds the 10 ready ones, forked processes of 1,000 fds each (RLIMIT_NOFILE is 1024) the idle rest, as the
 * native loop does. Returns the loop and how long the setup took.
 */
export function epollWaitLoop(n: number): { fn: () => void; setupMs: number; steps: () => number } {
  const t0 = performance.now();
  const { machine: m, init } = boot(variant('v7.1'));
  const ep = sys(m, init, sys_epoll_create1(0));
  for (let i = 0; i < 10; i++) watch(m, init, ep, sys(m, init, sys_eventfd2(1n, EFD_NONBLOCK)));
  for (let made = 10, k = 0; made < n; k++) {
    const child = sys(m, init, kernel_clone(`filler${k}`, 0));
    for (let i = 0; i < 1000 && made < n; i++, made++)
      watch(m, child, ep, sys(m, child, sys_eventfd2(0n, EFD_NONBLOCK)));
  }
  const setupMs = performance.now() - t0;
  const buf: EpollEvent[] = [];
  const fn = (): void => {
    buf.length = 0;
    if (sys(m, init, sys_epoll_wait(ep, buf, 64, 0)) !== 10) throw new Error('bench: epoll_wait did not return 10');
  };
  return { fn, setupMs, steps: () => m.steps };
}

/** Kernel steps one call of `fn` makes (the machine's step counter across a call, after one warm call). */
function stepsPerCall(fn: () => void, steps: () => number): number {
  fn();
  const s0 = steps();
  fn();
  return steps() - s0;
}

const ONE = u64le(1n);

/** write(efd, 1) + epoll_wait(ep, 8, 0) + read(efd, 8) on an epoll watching one eventfd. */
export function cycleLoop(): () => void {
  const { machine: m, init } = boot(variant('v7.1'));
  const ep = sys(m, init, sys_epoll_create1(0));
  const efd = sys(m, init, sys_eventfd2(0n, EFD_NONBLOCK));
  watch(m, init, ep, efd);
  const buf: EpollEvent[] = [];
  return () => {
    buf.length = 0;
    if (sys(m, init, sys_write(efd, ONE)) !== 8) throw new Error('bench: write');
    if (sys(m, init, sys_epoll_wait(ep, buf, 8, 0)) !== 1) throw new Error('bench: epoll_wait');
    const r = sys(m, init, sys_read(efd, 8));
    if (typeof r === 'number') throw new Error('bench: read');
  };
}

/**
 * The epoll_wait loops at each size and the cycle, measured in rounds (`repeatRounds`): every machine is set up first
 * and all of them stay live while any loop runs, so each loop also pays the garbage collector for the largest heap.
 */
export function measureSequential(
  sizes: readonly number[],
  reps: number,
  minMs: number,
): {
  epollWait: (LoopFigures & { registered: number; setupMs: number; steps: number })[];
  cycle: LoopFigures;
} {
  const waits = sizes.map((n) => {
    const w = epollWaitLoop(n);
    return { n, ...w, perCall: stepsPerCall(w.fn, w.steps) };
  });
  const fns = [...waits.map((w) => w.fn), cycleLoop()];
  const rs = repeatRounds(fns, reps, minMs, Math.max(WARM_MS, 4 * minMs));
  return {
    epollWait: waits.map((w, i) => ({
      registered: w.n,
      setupMs: w.setupMs,
      steps: w.perCall,
      ...figures(rs[i] ?? []),
    })),
    cycle: figures(rs[waits.length] ?? []),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [reps = '7', minMs = '150', ...ns] = process.argv.slice(2);
  const sizes = (ns.length > 0 ? ns : ['1000', '10000', '100000']).map(Number);
  process.stdout.write(`${JSON.stringify(measureSequential(sizes, Number(reps), Number(minMs)))}\n`);
}
