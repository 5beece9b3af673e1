// Models net/unix/af_unix.c (stream socketpair, unix_poll, unix_release, unix_shutdown) and net/socket.c's socket files.
//
// Approximations: only connected AF_UNIX SOCK_STREAM pairs exist (no bind/listen/connect, SCM_RIGHTS, OOB, peeking).
// The send buffer is the Linux default sk_sndbuf of 212992 bytes; every skb charges its truesize (computed as Linux
// 6.18 does for stream skbs, see unix_skb_truesize) to the sender until the reader frees it, so `unix_writable`
// (4 x sk_wmem_alloc <= sk_sndbuf) and the point where a sender blocks (sk_wmem_alloc >= sk_sndbuf, checked per skb)
// match the kernel. SIGPIPE is not modelled: a send that Linux answers with EPIPE + SIGPIPE just returns -EPIPE.
import { current } from '../kernel/current.ts';
import { ERRNO } from '../kernel/errno.ts';
import { fd_install, fdget, fdput, get_unused_fd_flags, put_unused_fd } from '../kernel/fdtable.ts';
import { kfn } from '../kernel/kfn.ts';
import { spin_lock, spin_unlock } from '../kernel/lock.ts';
import { poll_wait } from '../kernel/poll.ts';
import { rd, wr, type Gen } from '../kernel/step.ts';
import {
  EPOLLERR,
  EPOLLHUP,
  EPOLLIN,
  EPOLLOUT,
  EPOLLRDHUP,
  EPOLLRDNORM,
  EPOLLWRBAND,
  EPOLLWRNORM,
  O_NONBLOCK,
  O_RDWR,
  SHUT_RD,
  SHUT_RDWR,
  SOCK_CLOEXEC,
  SOCK_NONBLOCK,
} from '../kernel/uapi.ts';
import type { File, FileOperations, Inode, PollTable, ReadResult } from '../kernel/vfs.ts';
import { alloc_file_pseudo } from './pseudo.ts';
import {
  RCV_SHUTDOWN,
  SEND_SHUTDOWN,
  SHUTDOWN_MASK,
  sock_def_wakeup,
  sock_hold,
  sock_orphan,
  sock_put,
  sock_wfree,
  TCP_CLOSE,
  TCP_ESTABLISHED,
  UnixSock,
} from './sock.ts';
import { unix_stream_recvmsg, unix_stream_sendmsg, unix_writable, unix_write_space } from './unix_stream.ts';

/** struct socket (it lives in the sockfs inode): the protocol sock, cleared by ->release. */
export class Socket {
  sk: UnixSock | null;
  constructor(sk: UnixSock) {
    this.sk = sk;
  }
}

function sock_of(file: File): Socket {
  if (!(file.private_data instanceof Socket)) throw new Error('epoll-lab bug: not a socket file');
  return file.private_data;
}

/**
 * sock->sk of a socket file, read from its inode (struct socket lives there). ->release clears it; using a released
 * socket is a NULL dereference in Linux, reported here as a fatal kernel bug.
 */
function* sock_sk(file: File, sock: Socket): Gen<UnixSock> {
  yield rd(file.f_inode, 'socket.sk');
  if (sock.sk === null) {
    current().machine.report(
      'bug-on',
      'BUG: kernel NULL pointer dereference (sock->sk) on a released socket',
      file,
      true,
    );
    throw new Error('unreachable');
  }
  return sock.sk;
}

/** unix_create1: a fresh unconnected stream sock whose write space callback is unix_write_space. */
function unix_create1(): UnixSock {
  const sk = current().machine.alloc('unix_sock', new UnixSock());
  sk.sk_write_space = unix_write_space;
  return sk;
}

/** unix_socketpair: each end takes a reference on the other and both become TCP_ESTABLISHED. */
function* unix_socketpair(ska: UnixSock, skb: UnixSock): Gen {
  yield* sock_hold(ska);
  yield* sock_hold(skb);
  ska.peer = skb;
  skb.peer = ska;
  ska.sk_state = TCP_ESTABLISHED;
  skb.sk_state = TCP_ESTABLISHED;
}

/**
 * unix_poll (epoll-semantics §6.3): ERR if sk_err; HUP if both directions are shut; RDHUP|IN|RDNORM after
 * RCV_SHUTDOWN; IN|RDNORM with queued data; HUP for a closed stream; OUT|WRNORM|WRBAND while unix_writable.
 */
export const unix_poll = kfn('unix_poll', function* (file: File, sock: Socket, pt: PollTable | null): Gen<number> {
  const sk = yield* sock_sk(file, sock);
  yield* poll_wait(file, sk.wq, pt);
  yield rd(sk, 'sk_shutdown');
  const shutdown = sk.sk_shutdown;
  yield rd(sk, 'sk_state');
  const state = sk.sk_state;
  let mask = 0;
  yield rd(sk, 'sk_err');
  if (sk.sk_err !== 0) mask |= EPOLLERR;
  if (shutdown === SHUTDOWN_MASK) mask |= EPOLLHUP;
  if ((shutdown & RCV_SHUTDOWN) !== 0) mask |= EPOLLRDHUP | EPOLLIN | EPOLLRDNORM;
  yield rd(sk, 'sk_receive_queue');
  if (sk.sk_receive_queue.length > 0) mask |= EPOLLIN | EPOLLRDNORM;
  if (state === TCP_CLOSE) mask |= EPOLLHUP;
  if (yield* unix_writable(sk)) mask |= EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND;
  return mask;
});

/**
 * unix_release_sock: orphan and close our sock; the peer gets SHUTDOWN_MASK, ECONNRESET in sk_err if we still had
 * unread data, and a keyless wakeup; our unread skbs are freed (uncharging the peer, which may wake its writers).
 */
const unix_release_sock = kfn('unix_release_sock', function* (sk: UnixSock): Gen {
  yield* spin_lock(sk.lock);
  yield* sock_orphan(sk);
  yield wr(sk, 'sk_shutdown');
  sk.sk_shutdown = SHUTDOWN_MASK;
  // unix_peer(sk) = NULL and sk_state = TCP_CLOSE: stores lockless readers (sendmsg, unix_poll) load on their own.
  yield wr(sk, 'peer');
  const skpair = sk.peer;
  sk.peer = null;
  yield wr(sk, 'sk_state');
  sk.sk_state = TCP_CLOSE;
  yield* spin_unlock(sk.lock);
  if (skpair !== null) {
    yield* spin_lock(skpair.lock);
    yield wr(skpair, 'sk_shutdown');
    skpair.sk_shutdown = SHUTDOWN_MASK;
    yield rd(sk, 'sk_receive_queue');
    if (sk.sk_receive_queue.length > 0) {
      yield wr(skpair, 'sk_err');
      skpair.sk_err = ERRNO.ECONNRESET;
    }
    yield* spin_unlock(skpair.lock);
    yield* sock_def_wakeup(skpair);
    yield* sock_put(skpair);
  }
  for (;;) {
    yield wr(sk, 'sk_receive_queue');
    const skb = sk.sk_receive_queue.shift();
    if (skb === undefined) break;
    yield* sock_wfree(skb);
  }
  yield* sock_put(sk);
});

/** unix_release (proto_ops->release, from sock_close). */
export const unix_release = kfn('unix_release', function* (inode: Inode, sock: Socket): Gen {
  yield rd(inode, 'socket.sk');
  const sk = sock.sk;
  if (sk === null) return;
  yield* unix_release_sock(sk);
  yield wr(inode, 'socket.sk');
  sock.sk = null;
});

/**
 * unix_shutdown: EINVAL unless how is SHUT_RD/SHUT_WR/SHUT_RDWR. Our sk_shutdown gains how+1 (RCV=1, SEND=2); the
 * peer gains the mirror image; both are woken keylessly (sk_state_change).
 */
export const unix_shutdown = kfn('unix_shutdown', function* (file: File, sock: Socket, how: number): Gen<number> {
  if (how < SHUT_RD || how > SHUT_RDWR) return -ERRNO.EINVAL;
  const mode = how + 1;
  const sk = yield* sock_sk(file, sock);
  yield* spin_lock(sk.lock);
  yield wr(sk, 'sk_shutdown');
  sk.sk_shutdown |= mode;
  const other = sk.peer;
  if (other !== null) yield* sock_hold(other);
  yield* spin_unlock(sk.lock);
  yield* sock_def_wakeup(sk);
  if (other !== null) {
    let peer_mode = 0;
    if ((mode & RCV_SHUTDOWN) !== 0) peer_mode |= SEND_SHUTDOWN;
    if ((mode & SEND_SHUTDOWN) !== 0) peer_mode |= RCV_SHUTDOWN;
    yield* spin_lock(other.lock);
    yield wr(other, 'sk_shutdown');
    other.sk_shutdown |= peer_mode;
    yield* spin_unlock(other.lock);
    yield* sock_def_wakeup(other);
    yield* sock_put(other);
  }
  return 0;
});

/** sock_read_iter: a zero-length read is 0; O_NONBLOCK becomes MSG_DONTWAIT. */
const sock_read_iter = kfn('sock_read_iter', function* (file: File, count: number): Gen<ReadResult> {
  if (count === 0) return new Uint8Array(0);
  const sk = yield* sock_sk(file, sock_of(file));
  // O_NONBLOCK: a load of f_flags (F_SETFL may change it meanwhile).
  yield rd(file, 'f_flags');
  return yield* unix_stream_recvmsg(sk, count, (file.f_flags & O_NONBLOCK) !== 0);
});

const sock_write_iter = kfn('sock_write_iter', function* (file: File, data: Uint8Array): Gen<number> {
  const sk = yield* sock_sk(file, sock_of(file));
  yield rd(file, 'f_flags');
  return yield* unix_stream_sendmsg(sk, data, (file.f_flags & O_NONBLOCK) !== 0);
});

/** sock_poll: the protocol's poll. */
const sock_poll = kfn('sock_poll', function* (file: File, pt: PollTable | null): Gen<number> {
  return yield* unix_poll(file, sock_of(file), pt);
});

/** sock_close (f_op->release): __sock_release -> unix_release. */
const sock_close = kfn('sock_close', function* (inode: Inode, file: File): Gen {
  yield* unix_release(inode, sock_of(file));
});

/** socket_file_ops: no ->llseek, so lseek is ESPIPE. */
export const socket_file_ops: FileOperations = {
  name: 'socket',
  read: sock_read_iter,
  write: sock_write_iter,
  poll: sock_poll,
  release: sock_close,
};

/** sock_from_file: the socket behind a file, or null (ENOTSOCK) for other files. */
export function sock_from_file(file: File): Socket | null {
  return file.f_op === socket_file_ops ? sock_of(file) : null;
}

/** sock_alloc_file: a sockfs file ("socket:[ino]") opened O_RDWR, keeping O_NONBLOCK. */
function* sock_alloc_file(sock: Socket, flags: number): Gen<File> {
  const file = yield* alloc_file_pseudo('sockfs', 'sock', socket_file_ops, O_RDWR | (flags & O_NONBLOCK));
  file.f_inode.i_private = sock;
  file.private_data = sock;
  return file;
}

/**
 * socketpair(AF_UNIX, SOCK_STREAM | flags, 0): [fd, fd] of a connected pair; EINVAL for flags other than
 * SOCK_NONBLOCK|SOCK_CLOEXEC.
 */
export const sys_socketpair = kfn('socketpair', function* (flags: number = 0): Gen<[number, number] | number> {
  if ((flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK)) !== 0) return -ERRNO.EINVAL;
  const fd1 = yield* get_unused_fd_flags(flags);
  if (fd1 < 0) return fd1;
  const fd2 = yield* get_unused_fd_flags(flags);
  if (fd2 < 0) {
    yield* put_unused_fd(fd1);
    return fd2;
  }
  const ska = unix_create1();
  const skb = unix_create1();
  yield* unix_socketpair(ska, skb);
  const f1 = yield* sock_alloc_file(new Socket(ska), flags);
  const f2 = yield* sock_alloc_file(new Socket(skb), flags);
  yield* fd_install(fd1, f1);
  yield* fd_install(fd2, f2);
  return [fd1, fd2];
});

/** shutdown(fd, how): EBADF for a bad fd, ENOTSOCK for a non-socket, then unix_shutdown. */
export const sys_shutdown = kfn('shutdown', function* (fd: number, how: number): Gen<number> {
  const f = yield* fdget(fd);
  if (f === null) return -ERRNO.EBADF;
  const sock = sock_from_file(f.file);
  const ret = sock === null ? -ERRNO.ENOTSOCK : yield* unix_shutdown(f.file, sock, how);
  yield* fdput(f);
  return ret;
});
