// Models fs/pipe.c and include/linux/pipe_fs_i.h: struct pipe_inode_info, its buffer ring, alloc/free and put_pipe_info.
import { via, type Aliases, type LockedBy } from '../kernel/access.ts';
import { current } from '../kernel/current.ts';
import { mutex, type Lock } from '../kernel/lock.ts';
import { KObject } from '../kernel/object.ts';
import { kfree } from '../kernel/slab.ts';
import { rmw, type Gen } from '../kernel/step.ts';
import type { Inode } from '../kernel/vfs.ts';
import { WaitQueueHead } from '../kernel/wait.ts';

export const PAGE_SIZE = 4096;
/** PIPE_DEF_BUFFERS: 16 slots of one page each. */
export const PIPE_DEF_BUFFERS = 16;
/** Writes of at most PIPE_BUF bytes are atomic. */
export const PIPE_BUF = PAGE_SIZE;

/** A slot whose page later writes may append to (ordinary writes). */
export const PIPE_BUF_FLAG_CAN_MERGE = 0x10;
/** A packet slot (O_DIRECT write end): a read consumes it whole. */
export const PIPE_BUF_FLAG_PACKET = 0x08;

const NO_BYTES = new Uint8Array(0);

/**
 * struct pipe_buffer: one page; the unread bytes are page[offset, offset + len). The model keeps the page's bytes up to
 * the last one stored, so its length is always offset + len (writes append there): a state's identity (the stateful
 * explorer encodes the bytes) is what it was with a whole page. A zeroed page per write was 0.9% of the self time of
 * an exploration of I1 with a pipe writer.
 */
export class PipeBuffer {
  private page = NO_BYTES;
  offset = 0;
  len = 0;
  constructor(readonly flags: number) {}

  /** Copies `data` into the page from byte `at`. */
  store(data: Uint8Array, at: number): void {
    const end = at + data.length;
    if (end > PAGE_SIZE) throw new Error('epoll-lab bug: a pipe buffer written past its page');
    if (end > this.page.length) {
      const grown = new Uint8Array(end);
      grown.set(this.page);
      this.page = grown;
    }
    this.page.set(data, at);
  }

  /** A copy of the page's bytes [from, from + n). */
  load(from: number, n: number): Uint8Array {
    return this.page.slice(from, from + n);
  }
}

/**
 * struct pipe_inode_info. `bufs` holds the occupied slots from tail (index 0) to head; the ring is full when
 * `bufs.length >= max_usage` (slot-, not byte-granular).
 */
export class PipeInodeInfo extends KObject {
  /**
   * `head_tail`: the ring's head and tail, i.e. which slots `bufs` holds; the `bufs` location is the slots' contents
   * (offset and length of a buffer).
   */
  declare readonly $locations?: 'head_tail';
  static readonly $aliases: Aliases<PipeInodeInfo> = {
    bufs: 'head_tail',
    // `files` is counted under inode->i_lock, whose steps the model names `i_pipe` on the inode.
    files: via((p: PipeInodeInfo) => p.inode, 'i_pipe'),
  };
  /** Not kernel state: the inode whose i_lock guards `files`, for the audit (set when the inode gets the pipe). */
  static readonly $bookkeeping = ['inode'];
  inode: Inode | null = null;
  /** Changed only under pipe->mutex (lockless readers, pipe_poll and the wait conditions, read them with steps). */
  static readonly $lockedBy: LockedBy<PipeInodeInfo> = {
    head_tail: (p) => p.mutex,
    readers: (p) => p.mutex,
    writers: (p) => p.mutex,
    r_counter: (p) => p.mutex,
    w_counter: (p) => p.mutex,
  };
  readonly mutex: Lock = mutex(this, 'mutex');
  readonly rd_wait = new WaitQueueHead(this, 'rd_wait');
  readonly wr_wait = new WaitQueueHead(this, 'wr_wait');
  readers = 0;
  writers = 0;
  /** Open files using this pipe (both ends; FIFO openers). The last put frees it. */
  files = 0;
  /** Opens for reading / writing so far; start at 1 so an anonymous pipe's f_version (0) never matches. */
  r_counter = 1;
  w_counter = 1;
  /** Set by the first ->poll: from then on every write wakes readers (the "epoll nasty semantics"). */
  poll_usage = false;
  max_usage = PIPE_DEF_BUFFERS;
  readonly bufs: PipeBuffer[] = [];
  override get label(): string {
    return `pipe#${this.id}`;
  }
}

export function pipe_empty(pipe: PipeInodeInfo): boolean {
  return pipe.bufs.length === 0;
}

export function pipe_full(pipe: PipeInodeInfo): boolean {
  return pipe.bufs.length >= pipe.max_usage;
}

/** Bytes waiting in the pipe (FIONREAD). */
export function pipe_bytes(pipe: PipeInodeInfo): number {
  return pipe.bufs.reduce((n, b) => n + b.len, 0);
}

/** alloc_pipe_info: an empty pipe with 16 slots; counters start at 1. Not yet visible to other threads. */
export function alloc_pipe_info(): PipeInodeInfo {
  return current().machine.alloc('pipe_inode_info', new PipeInodeInfo());
}

export function* free_pipe_info(pipe: PipeInodeInfo): Gen {
  yield* kfree(pipe);
}

/** put_pipe_info: under inode->i_lock, drop one file's use; the last one detaches i_pipe and frees the pipe. */
export function* put_pipe_info(inode: Inode, pipe: PipeInodeInfo): Gen {
  yield rmw(inode, 'i_pipe');
  let kill = false;
  if (--pipe.files === 0) {
    inode.i_pipe = null;
    kill = true;
  }
  if (kill) yield* free_pipe_info(pipe);
}

/** The pipe behind a pipe or FIFO file. */
export function pipe_of(privateData: unknown): PipeInodeInfo {
  if (!(privateData instanceof PipeInodeInfo)) throw new Error('epoll-lab bug: not a pipe file');
  return privateData;
}
