// The library API's process handle: one method per script call, each running the registry's call on this process.
import { DmaFence } from '../fs/dma_fence.ts';
import { countArg, filler, flagsFromString, type ArgType, type ArgValues } from '../script/args.ts';
import { dmabufExportCall, dmabufFenceCall, fenceSignalCall, syncFileCall } from '../script/calls/dmabuf.ts';
import {
  epollCreate1Call,
  epollCreateCall,
  epollCtlCall,
  epollPwait2Call,
  epollWaitCall,
  pollCall,
} from '../script/calls/epoll.ts';
import { eventfdCall } from '../script/calls/eventfd.ts';
import { closeCall, closeRangeCall, dup2Call, dup3Call, dupCall, fcntlCall } from '../script/calls/fd.ts';
import { mkfifoCall, mountCall, openCall, umount2Call, umountCall } from '../script/calls/namespace.ts';
import { pipe2Call, pipeCall } from '../script/calls/pipe.ts';
import { exitCall, forkCall } from '../script/calls/process.ts';
import { eventfdReadCall, eventfdWriteCall, readCall, writeCall } from '../script/calls/rw.ts';
import { shutdownCall, socketpairCall } from '../script/calls/socket.ts';
import { timerfdCreateCall, timerfdSettimeCall } from '../script/calls/timerfd.ts';
import type { CallDef, CallRun } from '../script/calls/types.ts';
import { EpmError } from '../script/errors.ts';
import { blocksResult, type CallResult } from '../script/result.ts';
import type { ProcessState, Session } from '../script/session.ts';
import { ModelHaltError } from './errors.ts';
import type {
  EpollEventArg,
  EpollWaitResult,
  EventfdReadResult,
  FdPairResult,
  FenceResult,
  PollResult,
  ReadResult,
  SysResult,
} from './results.ts';

/** Flags as a number or as script text such as `'O_NONBLOCK|O_CLOEXEC'`. */
export type Flags = number | string;

function flags(f: Flags): number {
  if (typeof f === 'number') return f;
  const v = flagsFromString(f);
  if (typeof v === 'string') throw new EpmError('EPM106', v);
  return v;
}

function sys(r: CallResult): SysResult {
  return { ret: r.ret, errno: r.errno };
}

function waited(r: CallResult): EpollWaitResult {
  return { ret: r.ret, errno: r.errno, events: r.ret !== null && r.ret >= 0 ? (r.events ?? []) : null };
}

function fdPair(r: CallResult): FdPairResult {
  return { ret: r.ret, errno: r.errno, fds: r.fds };
}

/** Bytes to write: a string is UTF-8 encoded (as script string literals are), a number is that many bytes `x`. */
function bytes(data: string | Uint8Array | number): Uint8Array {
  if (typeof data === 'number') return filler(data);
  return typeof data === 'string' ? new TextEncoder().encode(data) : data;
}

/** A user process of a Kernel. Every method is the script call of the same name and returns its typed result. */
export class Process {
  constructor(
    /** The kernel this process runs on (shared with every other handle of the same Kernel). */
    protected readonly session: Session,
    /** The process's state: its name and task. */
    readonly state: ProcessState,
  ) {}

  /** The process name (`main` for the first one; the script prefix). */
  get name(): string {
    return this.state.name;
  }

  /** Has exit() run in this process? */
  get exited(): boolean {
    return this.state.exited;
  }

  /** Runs any registered call with checked arguments; the generic form every typed method uses. */
  invoke<P extends readonly ArgType<unknown>[]>(def: CallDef<P>, ...args: ArgValues<P>): CallResult {
    return this.result(this.runDef(def, args));
  }

  /** Runs a call and returns its raw outcome (with the values bound to result names). */
  protected runDef<P extends readonly ArgType<unknown>[]>(
    def: CallDef<P>,
    args: ArgValues<P>,
    names: readonly string[] = [],
  ): CallRun {
    def.params.forEach((p, i) => {
      const bad = p.check(args[i]);
      if (bad !== null) throw new EpmError('EPM109', `${def.name}: ${bad}`);
    });
    return this.session.invoke(def, this.state, args, names);
  }

  /** The CallResult of a run; a halted model throws ModelHaltError. */
  protected result(r: CallRun): CallResult {
    if (r.kind === 'halted') throw new ModelHaltError(r.violation);
    return r.kind === 'blocks' ? blocksResult() : r.result;
  }

  pipe(): FdPairResult {
    return fdPair(this.invoke(pipeCall));
  }
  pipe2(f: Flags): FdPairResult {
    return fdPair(this.invoke(pipe2Call, flags(f)));
  }

  /** read(fd, count): `data` is the bytes read as a latin-1 string ('' at EOF). */
  read(fd: number, count: number): ReadResult {
    const r = this.invoke(readCall, fd, count);
    return { ret: r.ret, errno: r.errno, data: typeof r.data === 'string' ? r.data : null };
  }
  /** write(fd, data): a string is written UTF-8 encoded; a number writes that many filler bytes `x`. */
  write(fd: number, data: string | Uint8Array | number): SysResult {
    if (typeof data === 'number' && countArg.check(data) !== null)
      throw new EpmError('EPM109', `write: ${countArg.check(data)}`);
    return sys(this.invoke(writeCall, fd, bytes(data)));
  }
  /** eventfd(initval, flags): initval is a C unsigned int. */
  eventfd(initval: bigint | number, f: Flags = 0): SysResult {
    return sys(this.invoke(eventfdCall, BigInt(initval), flags(f)));
  }
  /** eventfd_read(fd): an 8-byte read; `value` is the u64 read. */
  eventfdRead(fd: number): EventfdReadResult {
    const r = this.invoke(eventfdReadCall, fd);
    return { ret: r.ret, errno: r.errno, value: typeof r.data === 'bigint' ? r.data : null };
  }
  /** eventfd_write(fd, value): an 8-byte write of a u64. */
  eventfdWrite(fd: number, value: bigint | number): SysResult {
    return sys(this.invoke(eventfdWriteCall, fd, BigInt(value)));
  }

  /** socketpair(): an AF_UNIX stream pair. */
  socketpair(): FdPairResult {
    return fdPair(this.invoke(socketpairCall));
  }
  /** shutdown(fd, how): how is SHUT_RD, SHUT_WR or SHUT_RDWR. */
  shutdown(fd: number, how: Flags): SysResult {
    return sys(this.invoke(shutdownCall, fd, flags(how)));
  }

  /** timerfd_create(clockid, flags): CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_BOOTTIME (and their _ALARM forms). */
  timerfdCreate(clockid: Flags, f: Flags = 0): SysResult {
    return sys(this.invoke(timerfdCreateCall, flags(clockid), flags(f)));
  }
  /**
   * timerfd_settime(fd, flags, {it_value, it_interval}): a one-shot expiry `value` from now on the virtual clock (a
   * zero value disarms). `interval` must be zero: periodic timers are not modelled (EPM109).
   */
  timerfdSettime(
    fd: number,
    f: Flags,
    value: { sec: number; nsec: number },
    interval: { sec: number; nsec: number } = { sec: 0, nsec: 0 },
  ): SysResult {
    return sys(this.invoke(timerfdSettimeCall, fd, flags(f), value.sec, value.nsec, interval.sec, interval.nsec));
  }

  /** epoll_create(size): size must be positive. */
  epollCreate(size: number): SysResult {
    return sys(this.invoke(epollCreateCall, size));
  }
  /** epoll_create1(flags): 0 or EPOLL_CLOEXEC. */
  epollCreate1(f: Flags = 0): SysResult {
    return sys(this.invoke(epollCreate1Call, flags(f)));
  }
  /** epoll_ctl(epfd, op, fd, event): op is EPOLL_CTL_ADD/MOD/DEL; `null` passes a NULL event pointer. */
  epollCtl(epfd: number, op: Flags, fd: number, event: { events: Flags; data?: bigint | number } | null): SysResult {
    const ev: EpollEventArg | null =
      event === null ? null : { events: flags(event.events) >>> 0, data: BigInt(event.data ?? 0) };
    return sys(this.invoke(epollCtlCall, epfd, flags(op), fd, ev === null ? null : ev.events, ev?.data ?? 0n));
  }
  /**
   * epoll_wait(epfd, maxevents, timeoutMs): a negative timeout waits forever (a wait nothing can end returns
   * errno `BLOCKS`). `faultingBuffer` passes a buffer the kernel cannot write to (EFAULT).
   */
  epollWait(
    epfd: number,
    maxevents: number,
    timeoutMs: number,
    opts: { faultingBuffer?: boolean } = {},
  ): EpollWaitResult {
    return waited(this.invoke(epollWaitCall, epfd, maxevents, timeoutMs, opts.faultingBuffer === true));
  }
  /** epoll_pwait2(epfd, maxevents, timeout): `null` waits forever. */
  epollPwait2(epfd: number, maxevents: number, timeout: { sec: number; nsec: number } | null): EpollWaitResult {
    return waited(this.invoke(epollPwait2Call, epfd, maxevents, timeout?.sec ?? null, timeout?.nsec ?? 0));
  }
  /**
   * poll(2) on one fd (timeout 0 unless given; -1 waits forever): `revents` is what the file reported of
   * `events`|POLLERR|POLLHUP.
   */
  poll(fd: number, events: Flags, timeoutMs = 0): PollResult {
    const r = this.invoke(pollCall, fd, flags(events), timeoutMs);
    if (r.ret === null || r.ret < 0) return { ret: r.ret, errno: r.errno, revents: null };
    return { ret: r.ret, errno: r.errno, revents: r.events?.[0]?.events ?? 0 };
  }

  /** dmabuf_export() (model-only): a new dma-buf fd. */
  dmabufExport(): SysResult {
    return sys(this.invoke(dmabufExportCall));
  }
  /** dmabuf_fence(fd, usage) (model-only): attach a new unsignaled fence to the dma-buf; returns the fence. */
  dmabufFence(fd: number, usage: 'read' | 'write'): FenceResult {
    const r = this.runDef(dmabufFenceCall, [fd, usage]);
    const res = this.result(r);
    const b = r.kind === 'done' ? r.binds[0] : undefined;
    const fence = b?.kind === 'fence' && b.fence instanceof DmaFence ? b.fence : null;
    return { ret: res.ret, errno: res.errno, fence };
  }
  /** fence_signal(fence) (model-only): signal the fence from a fresh irq thread. */
  fenceSignal(fence: DmaFence): SysResult {
    return sys(this.invoke(fenceSignalCall, fence));
  }
  /** sync_file(fence) (model-only): a sync_file fd for the fence. */
  syncFile(fence: DmaFence): SysResult {
    return sys(this.invoke(syncFileCall, fence));
  }

  close(fd: number): SysResult {
    return sys(this.invoke(closeCall, fd));
  }
  dup(fd: number): SysResult {
    return sys(this.invoke(dupCall, fd));
  }
  dup2(oldfd: number, newfd: number): SysResult {
    return sys(this.invoke(dup2Call, oldfd, newfd));
  }
  dup3(oldfd: number, newfd: number, f: Flags): SysResult {
    return sys(this.invoke(dup3Call, oldfd, newfd, flags(f)));
  }
  /** fcntl(fd, cmd, arg): F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL, F_SETFL. */
  fcntl(fd: number, cmd: Flags, arg: Flags = 0): SysResult {
    return sys(this.invoke(fcntlCall, fd, flags(cmd), flags(arg)));
  }
  closeRange(first: number, last: number, f: Flags = 0): SysResult {
    return sys(this.invoke(closeRangeCall, first, last, flags(f)));
  }

  /** mount(dir): a fresh tmpfs on `dir` (relative to the sandbox root, created if missing). */
  mount(dir: string): SysResult {
    return sys(this.invoke(mountCall, dir));
  }
  umount(dir: string): SysResult {
    return sys(this.invoke(umountCall, dir));
  }
  umount2(dir: string, f: Flags): SysResult {
    return sys(this.invoke(umount2Call, dir, flags(f)));
  }
  open(path: string, f: Flags): SysResult {
    return sys(this.invoke(openCall, path, flags(f)));
  }
  mkfifo(path: string): SysResult {
    return sys(this.invoke(mkfifoCall, path));
  }

  /** fork(): a child process with a copy of this process's fd table; `name` is its name (default `P<n>`). */
  fork(name?: string): Process {
    const r = this.runDef(forkCall, [], name === undefined ? [] : [name]);
    if (r.kind !== 'done') {
      this.result(r);
      throw new Error('epoll-lab bug: fork blocked');
    }
    const b = r.binds[0];
    if (b?.kind !== 'process') throw new Error('epoll-lab bug: fork bound no process');
    return new Process(this.session, b.proc);
  }
  /** exit(): closes every fd of this process; the handle takes no more calls. */
  exit(): SysResult {
    return sys(this.invoke(exitCall));
  }
}
