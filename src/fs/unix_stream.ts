// Models net/unix/af_unix.c's stream data path: unix_stream_sendmsg, unix_stream_recvmsg, unix_writable, write space.
import { ERRNO } from '../kernel/errno.ts';
import { kfn } from '../kernel/kfn.ts';
import { mutex_lock, mutex_unlock, spin_lock, spin_unlock } from '../kernel/lock.ts';
import { rd, wr, type Gen } from '../kernel/step.ts';
import { EPOLLOUT, EPOLLWRBAND, EPOLLWRNORM } from '../kernel/uapi.ts';
import { wait_event, wake_up_interruptible_poll } from '../kernel/wait.ts';
import {
  RCV_SHUTDOWN,
  SEND_SHUTDOWN,
  SKB_MAX_HEAD0,
  SkBuff,
  skb_set_owner_w,
  skwq_has_sleeper,
  sock_def_readable,
  sock_error,
  sock_wfree,
  TCP_ESTABLISHED,
  UNIX_SKB_FRAGS_SZ,
  unix_skb_truesize,
  type UnixSock,
} from './sock.ts';

/**
 * unix_writable: OUT while 4 x sk_wmem_alloc <= sk_sndbuf, i.e. while the bytes (truesize) this socket has queued at
 * its peer and not yet read stay within a quarter of the send buffer. Unaffected by shutdown ("no stuck sockets").
 */
export function* unix_writable(sk: UnixSock): Gen<boolean> {
  yield rd(sk, 'sk_wmem_alloc');
  return sk.sk_wmem_alloc * 4 <= sk.sk_sndbuf;
}

/** unix_write_space (sk_write_space): when writable again, wake the sender's queue with OUT|WRNORM|WRBAND. */
export function* unix_write_space(sk: UnixSock): Gen {
  if (!(yield* unix_writable(sk))) return;
  if (yield* skwq_has_sleeper(sk)) yield* wake_up_interruptible_poll(sk.wq, EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND);
}

/**
 * sock_alloc_send_pskb for one skb: fails with the pending socket error or EPIPE after SEND_SHUTDOWN; waits while
 * sk_wmem_alloc >= sk_sndbuf (EAGAIN without waiting for MSG_DONTWAIT); then charges the skb to the sender.
 */
const sock_alloc_send_pskb = kfn(
  'sock_alloc_send_pskb',
  function* (sk: UnixSock, size: number, noblock: boolean): Gen<number> {
    for (;;) {
      const err = yield* sock_error(sk);
      if (err !== 0) return err;
      yield rd(sk, 'sk_shutdown');
      if ((sk.sk_shutdown & SEND_SHUTDOWN) !== 0) return -ERRNO.EPIPE;
      yield rd(sk, 'sk_wmem_alloc');
      if (sk.sk_wmem_alloc - 1 < sk.sk_sndbuf) break;
      if (noblock) return -ERRNO.EAGAIN;
      // sock_alloc_send_pskb's wait: each field is a read of its own (DPOR orders each against its writer).
      const r = yield* wait_event(sk.wq, function* () {
        yield rd(sk, 'sk_wmem_alloc');
        if (sk.sk_wmem_alloc < sk.sk_sndbuf) return true;
        yield rd(sk, 'sk_shutdown');
        if ((sk.sk_shutdown & SEND_SHUTDOWN) !== 0) return true;
        yield rd(sk, 'sk_err');
        return sk.sk_err !== 0;
      });
      if (r === 'signal') return -ERRNO.EINTR;
    }
    const truesize = unix_skb_truesize(size);
    yield* skb_set_owner_w(sk, truesize);
    return truesize;
  },
);

/**
 * unix_stream_sendmsg: EPIPE after our SEND_SHUTDOWN or once the peer is dead or shut for receiving (SIGPIPE is not
 * modelled); the data goes out in skbs of at most 36544 bytes, each queued at the peer with a sock_def_readable
 * wakeup. Returns the bytes sent if any, else the error.
 */
export const unix_stream_sendmsg = kfn(
  'unix_stream_sendmsg',
  function* (sk: UnixSock, data: Uint8Array, noblock: boolean): Gen<number> {
    yield rd(sk, 'peer');
    const other = sk.peer;
    if (other === null) return -ERRNO.ENOTCONN;
    yield rd(sk, 'sk_shutdown');
    if ((sk.sk_shutdown & SEND_SHUTDOWN) !== 0) return -ERRNO.EPIPE;
    let sent = 0;
    while (sent < data.length) {
      const size = Math.min(data.length - sent, (sk.sk_sndbuf >> 1) - 64, SKB_MAX_HEAD0 + UNIX_SKB_FRAGS_SZ);
      const truesize = yield* sock_alloc_send_pskb(sk, size, noblock);
      if (truesize < 0) return sent > 0 ? sent : truesize;
      const skb = new SkBuff(data.slice(sent, sent + size), truesize, sk);
      yield* spin_lock(other.lock);
      yield rd(other, 'sk_shutdown');
      if (other.dead || (other.sk_shutdown & RCV_SHUTDOWN) !== 0) {
        yield* spin_unlock(other.lock);
        yield* sock_wfree(skb);
        return sent > 0 ? sent : -ERRNO.EPIPE;
      }
      yield wr(other, 'sk_receive_queue');
      other.sk_receive_queue.push(skb);
      yield* spin_unlock(other.lock);
      yield* sock_def_readable(other);
      sent += size;
    }
    return sent;
  },
);

/** unix_stream_data_wait: sleep on our queue until data arrives, an error or RCV_SHUTDOWN shows up, or we die. */
function* unix_stream_data_wait(sk: UnixSock): Gen<boolean> {
  // Each field is a read of its own (DPOR orders each against its writer); SOCK_DEAD is set with the wq detach.
  const r = yield* wait_event(sk.wq, function* () {
    yield rd(sk, 'sk_receive_queue');
    if (sk.sk_receive_queue.length > 0) return true;
    yield rd(sk, 'sk_err');
    if (sk.sk_err !== 0) return true;
    yield rd(sk, 'sk_shutdown');
    if ((sk.sk_shutdown & RCV_SHUTDOWN) !== 0) return true;
    yield rd(sk, 'sk_wq');
    return sk.dead;
  });
  return r !== 'signal';
}

/**
 * unix_stream_recvmsg (unix_stream_read_generic without peeking, credentials or OOB): reads across skbs up to
 * `size`. On an empty queue: a pending sk_err is returned once (and cleared: ECONNRESET after the peer closed with
 * unread data), then 0 after RCV_SHUTDOWN, EAGAIN for MSG_DONTWAIT, else sleep. Each fully read skb is freed, which
 * uncharges its sender and may wake the sender's writers (unix_write_space).
 */
export const unix_stream_recvmsg = kfn(
  'unix_stream_recvmsg',
  function* (sk: UnixSock, size: number, noblock: boolean): Gen<Uint8Array | number> {
    yield rd(sk, 'sk_state');
    if (sk.sk_state !== TCP_ESTABLISHED) return -ERRNO.EINVAL;
    const parts: Uint8Array[] = [];
    let copied = 0;
    let err = 0;
    let left = size;
    yield* mutex_lock(sk.iolock);
    do {
      yield* spin_lock(sk.lock);
      if (sk.dead) {
        err = -ERRNO.ECONNRESET;
        yield* spin_unlock(sk.lock);
        break;
      }
      yield rd(sk, 'sk_receive_queue');
      const skb = sk.sk_receive_queue[0];
      if (skb === undefined) {
        if (copied >= 1) {
          yield* spin_unlock(sk.lock);
          break;
        }
        err = yield* sock_error(sk);
        yield rd(sk, 'sk_shutdown');
        if (err !== 0 || (sk.sk_shutdown & RCV_SHUTDOWN) !== 0) {
          yield* spin_unlock(sk.lock);
          break;
        }
        yield* spin_unlock(sk.lock);
        if (noblock) {
          err = -ERRNO.EAGAIN;
          break;
        }
        yield* mutex_unlock(sk.iolock);
        if (!(yield* unix_stream_data_wait(sk))) return -ERRNO.EINTR;
        yield* mutex_lock(sk.iolock);
        continue;
      }
      yield* spin_unlock(sk.lock);
      const chunk = Math.min(skb.remaining, left);
      parts.push(skb.data.slice(skb.consumed, skb.consumed + chunk));
      copied += chunk;
      left -= chunk;
      skb.consumed += chunk;
      if (skb.remaining > 0) break;
      yield wr(sk, 'sk_receive_queue');
      sk.sk_receive_queue.shift();
      yield* sock_wfree(skb);
    } while (left > 0);
    yield* mutex_unlock(sk.iolock);
    if (copied === 0) return err !== 0 ? err : new Uint8Array(0);
    const out = new Uint8Array(copied);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  },
);
