// Typed results of the library API: the parts of a CallResult each call fills in.
import type { DmaFence } from '../fs/dma_fence.ts';

/** A call's return value (-1 on failure, null when it blocks forever) and errno name (`BLOCKS` when it blocks). */
export interface SysResult {
  readonly ret: number | null;
  readonly errno: string | null;
}

/** pipe, pipe2, socketpair: the two fds on success. */
export interface FdPairResult extends SysResult {
  readonly fds: readonly [number, number] | null;
}

/** read: the bytes read as a latin-1 string (one char per byte) on success. */
export interface ReadResult extends SysResult {
  readonly data: string | null;
}

/** eventfd_read: the counter value read (ret 8) on success. */
export interface EventfdReadResult extends SysResult {
  readonly value: bigint | null;
}

/** dmabuf_fence: the new fence on success (an opaque handle for fenceSignal and syncFile). */
export interface FenceResult extends SysResult {
  readonly fence: DmaFence | null;
}

/** One event epoll_wait delivered: the ready bits (EPOLLIN = 0x1, …) and the registration's u64 data. */
export interface EpollEventResult {
  readonly events: number;
  readonly data: bigint;
}

/** epoll_wait, epoll_pwait2: the events copied out, in the order the kernel delivered them, on success. */
export interface EpollWaitResult extends SysResult {
  readonly events: readonly EpollEventResult[] | null;
}

/** poll on one fd: `revents` on success (0 when nothing is ready; POLLNVAL for a closed fd). */
export interface PollResult extends SysResult {
  readonly revents: number | null;
}

/** epoll_ctl's event argument; `null` passes a NULL pointer. */
export interface EpollEventArg {
  readonly events: number;
  readonly data: bigint;
}
