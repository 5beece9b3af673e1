// Models net/core/sock.c and include/net/sock.h for AF_UNIX: struct sock refcounts, wmem accounting, skb truesize, wakeups.
import type { Aliases, LockedBy } from '../kernel/access.ts';
import { mutex, spinlock, type Lock } from '../kernel/lock.ts';
import { KObject } from '../kernel/object.ts';
import { kfree } from '../kernel/slab.ts';
import { rd, rmw, type Gen } from '../kernel/step.ts';
import { EPOLLIN, EPOLLPRI, EPOLLRDBAND, EPOLLRDNORM } from '../kernel/uapi.ts';
import { waitqueue_active, wake_up_all, wake_up_interruptible_poll, WaitQueueHead } from '../kernel/wait.ts';

export const RCV_SHUTDOWN = 1;
export const SEND_SHUTDOWN = 2;
export const SHUTDOWN_MASK = 3;

export const TCP_ESTABLISHED = 1;
export const TCP_CLOSE = 7;

/** net.core.wmem_default on the reference machine (getsockopt SO_SNDBUF of a fresh socketpair: 212992). */
export const SK_SNDBUF_DEFAULT = 212992;

const PAGE_SIZE = 4096;
/** SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) and SKB_DATA_ALIGN(sizeof(struct sk_buff)) on x86_64. */
const SHINFO_SIZE = 320;
const SKBUFF_SIZE = 256;
/** SKB_MAX_HEAD(0): the linear part a page-sized head can hold. */
export const SKB_MAX_HEAD0 = PAGE_SIZE - SHINFO_SIZE;
/** UNIX_SKB_FRAGS_SZ: paged data per stream skb (32 KiB). */
export const UNIX_SKB_FRAGS_SZ = 32768;

const align = (x: number, a: number): number => Math.ceil(x / a) * a;

/** kmalloc_size_roundup for the sizes a skb head can have (at least SHINFO_SIZE, at most a page). */
function kmalloc_size_roundup(size: number): number {
  for (const s of [512, 1024, 2048, 4096]) if (size <= s) return s;
  return align(size, PAGE_SIZE);
}

/**
 * The linear/paged split unix_stream_sendmsg chooses for an skb of `size` bytes, and the skb's truesize (what it
 * charges to the sender's sk_wmem_alloc): the head's kmalloc bucket + struct sk_buff + whole pages of paged data.
 * Matches SIOCOUTQ on Linux 6.18 for 1 ... 150000-byte writes (e.g. 1 byte -> 768, 36544 -> 37120).
 */
export function unix_skb_truesize(size: number): number {
  const data_len = Math.min(size, align(Math.max(0, size - SKB_MAX_HEAD0), PAGE_SIZE));
  const head = size - data_len;
  return kmalloc_size_roundup(align(head, 64) + SHINFO_SIZE) + SKBUFF_SIZE + align(data_len, PAGE_SIZE);
}

/** struct sk_buff of a stream socket: bytes, how many were read already, and the sender it is charged to. */
export class SkBuff {
  consumed = 0;
  constructor(
    readonly data: Uint8Array,
    readonly truesize: number,
    readonly owner: UnixSock,
  ) {}
  get remaining(): number {
    return this.data.length - this.consumed;
  }
}

/**
 * struct unix_sock (with its struct sock). `wq` stands for the owning socket's wait queue that sk->sk_wq points to;
 * `has_wq` is false once sock_orphan() cut that link (wakeups of a released socket go nowhere). Freed when both the
 * refcount and sk_wmem_alloc (which starts at 1 and is charged by every skb in flight) reach 0.
 */
export class UnixSock extends KObject {
  /** `sk_wq`: the link to the socket's wait queue (`has_wq`). */
  declare readonly $locations?: 'sk_wq';
  /** sock_orphan sets SOCK_DEAD and cuts sk_wq together. */
  static readonly $aliases: Aliases<UnixSock> = { has_wq: 'sk_wq', dead: 'sk_wq' };
  /** sock_orphan runs under the sock's lock (skwq_has_sleeper reads sk_wq without it, with a step). */
  static readonly $lockedBy: LockedBy<UnixSock> = { sk_wq: (sk) => sk.lock };
  readonly lock: Lock = spinlock(this, 'lock');
  readonly iolock: Lock = mutex(this, 'iolock');
  readonly wq = new WaitQueueHead(this, 'sk_wq');
  has_wq = true;
  sk_refcnt = 1;
  sk_wmem_alloc = 1;
  sk_sndbuf = SK_SNDBUF_DEFAULT;
  sk_shutdown = 0;
  sk_err = 0;
  sk_state = TCP_CLOSE;
  /** SOCK_DEAD. */
  dead = false;
  peer: UnixSock | null = null;
  readonly sk_receive_queue: SkBuff[] = [];
  /** sk->sk_write_space (unix_write_space for AF_UNIX), called when an skb charged to this socket is freed. */
  sk_write_space: (sk: UnixSock) => Gen = function* () {};
  override get label(): string {
    return `sock#${this.id}`;
  }
}

export function* sock_hold(sk: UnixSock): Gen {
  yield rmw(sk, 'sk_refcnt');
  sk.sk_refcnt++;
}

/** __sk_free: the last of refcount and wmem is gone. */
function* __sk_free(sk: UnixSock): Gen {
  yield* kfree(sk);
}

/** sk_free: drop the wmem unit the socket holds for itself; in-flight skbs keep it alive until sock_wfree. */
function* sk_free(sk: UnixSock): Gen {
  yield rmw(sk, 'sk_wmem_alloc');
  if (--sk.sk_wmem_alloc === 0) yield* __sk_free(sk);
}

export function* sock_put(sk: UnixSock): Gen {
  yield rmw(sk, 'sk_refcnt');
  if (--sk.sk_refcnt === 0) yield* sk_free(sk);
}

/** skb_set_owner_w: charge an skb to its sender. */
export function* skb_set_owner_w(sk: UnixSock, truesize: number): Gen {
  yield rmw(sk, 'sk_wmem_alloc');
  sk.sk_wmem_alloc += truesize;
}

/** sock_wfree (the destructor of a freed skb): uncharge the sender, tell it (sk_write_space), maybe free it. */
export function* sock_wfree(skb: SkBuff): Gen {
  const sk = skb.owner;
  yield rmw(sk, 'sk_wmem_alloc');
  sk.sk_wmem_alloc -= skb.truesize - 1;
  yield* sk.sk_write_space(sk);
  yield rmw(sk, 'sk_wmem_alloc');
  if (--sk.sk_wmem_alloc === 0) yield* __sk_free(sk);
}

/** sock_error: read and clear sk_err; the pending error as a negative errno, or 0. */
export function* sock_error(sk: UnixSock): Gen<number> {
  yield rd(sk, 'sk_err');
  if (sk.sk_err === 0) return 0;
  yield rmw(sk, 'sk_err');
  const err = sk.sk_err;
  sk.sk_err = 0;
  return -err;
}

/** skwq_has_sleeper: the socket still has its wait queue and something waits on it. */
export function* skwq_has_sleeper(sk: UnixSock): Gen<boolean> {
  yield rd(sk, 'sk_wq');
  if (!sk.has_wq) return false;
  return yield* waitqueue_active(sk.wq);
}

/** sock_def_readable (sk_data_ready): wake readers with IN|PRI|RDNORM|RDBAND. */
export function* sock_def_readable(sk: UnixSock): Gen {
  if (yield* skwq_has_sleeper(sk)) {
    yield* wake_up_interruptible_poll(sk.wq, EPOLLIN | EPOLLPRI | EPOLLRDNORM | EPOLLRDBAND);
  }
}

/** sock_def_wakeup (sk_state_change): a keyless wakeup of everyone on the socket's queue. */
export function* sock_def_wakeup(sk: UnixSock): Gen {
  if (yield* skwq_has_sleeper(sk)) yield* wake_up_all(sk.wq);
}

/** sock_orphan: the socket (file) is going away; wakeups stop reaching its wait queue. */
export function* sock_orphan(sk: UnixSock): Gen {
  yield rmw(sk, 'sk_wq');
  sk.dead = true;
  sk.has_wq = false;
}
