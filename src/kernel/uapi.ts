// Models include/uapi/asm-generic/fcntl.h, uapi/linux/eventpoll.h, poll.h and friends: flag values of x86_64 Linux.

export const O_RDONLY = 0o0;
export const O_WRONLY = 0o1;
export const O_RDWR = 0o2;
export const O_ACCMODE = 0o3;
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
export const O_NOCTTY = 0o400;
export const O_TRUNC = 0o1000;
export const O_APPEND = 0o2000;
export const O_NONBLOCK = 0o4000;
export const O_DIRECT = 0o40000;
/** Forced on by open(2) on 64-bit kernels (force_o_largefile); pseudo files (pipes, sockets, anon inodes) lack it. */
export const O_LARGEFILE = 0o100000;
export const O_DIRECTORY = 0o200000;
export const O_CLOEXEC = 0o2000000;
export const O_NOATIME = 0o1000000;
export const O_PATH = 0o10000000;

export const SEEK_SET = 0;
export const SEEK_CUR = 1;
export const SEEK_END = 2;
export const SEEK_DATA = 3;
export const SEEK_HOLE = 4;
/** The largest whence lseek(2) passes to ->llseek; larger values are EINVAL. */
export const SEEK_MAX = SEEK_HOLE;

export const FD_CLOEXEC = 1;
export const F_DUPFD = 0;
export const F_GETFD = 1;
export const F_SETFD = 2;
export const F_GETFL = 3;
export const F_SETFL = 4;
export const F_DUPFD_CLOEXEC = 1030;

export const CLOSE_RANGE_UNSHARE = 1 << 1;
export const CLOSE_RANGE_CLOEXEC = 1 << 2;

export const MNT_FORCE = 1;
export const MNT_DETACH = 2;
export const MNT_EXPIRE = 4;
export const UMOUNT_NOFOLLOW = 8;

export const SHUT_RD = 0;
export const SHUT_WR = 1;
export const SHUT_RDWR = 2;

export const SOCK_NONBLOCK = O_NONBLOCK;
export const SOCK_CLOEXEC = O_CLOEXEC;

export const EFD_SEMAPHORE = 1;
export const EFD_CLOEXEC = O_CLOEXEC;
export const EFD_NONBLOCK = O_NONBLOCK;

export const TFD_CLOEXEC = O_CLOEXEC;
export const TFD_NONBLOCK = O_NONBLOCK;

export const TFD_TIMER_ABSTIME = 1;
export const TFD_TIMER_CANCEL_ON_SET = 2;

export const CLOCK_REALTIME = 0;
export const CLOCK_MONOTONIC = 1;
export const CLOCK_BOOTTIME = 7;
export const CLOCK_REALTIME_ALARM = 8;
export const CLOCK_BOOTTIME_ALARM = 9;

export const EPOLL_CLOEXEC = O_CLOEXEC;
export const EPOLL_CTL_ADD = 1;
export const EPOLL_CTL_DEL = 2;
export const EPOLL_CTL_MOD = 3;

export const EPOLLIN = 0x001;
export const EPOLLPRI = 0x002;
export const EPOLLOUT = 0x004;
export const EPOLLERR = 0x008;
export const EPOLLHUP = 0x010;
export const EPOLLNVAL = 0x020;
export const EPOLLRDNORM = 0x040;
export const EPOLLRDBAND = 0x080;
export const EPOLLWRNORM = 0x100;
export const EPOLLWRBAND = 0x200;
export const EPOLLMSG = 0x400;
export const EPOLLRDHUP = 0x2000;
export const EPOLL_URING_WAKE = 1 << 27;
export const EPOLLEXCLUSIVE = 1 << 28;
export const EPOLLWAKEUP = 1 << 29;
export const EPOLLONESHOT = 1 << 30;
/** 1 << 31 as an unsigned 32-bit value. */
export const EPOLLET = 0x80000000;

/** poll.h names share the epoll values. */
export const POLLIN = EPOLLIN;
export const POLLPRI = EPOLLPRI;
export const POLLOUT = EPOLLOUT;
export const POLLERR = EPOLLERR;
export const POLLHUP = EPOLLHUP;
export const POLLNVAL = EPOLLNVAL;
export const POLLRDNORM = EPOLLRDNORM;
export const POLLRDBAND = EPOLLRDBAND;
export const POLLWRNORM = EPOLLWRNORM;
export const POLLWRBAND = EPOLLWRBAND;
export const POLLRDHUP = EPOLLRDHUP;
/** Key of a wakeup that frees the wait queue (signalfd, binder): POLLFREE = 0x4000. */
export const POLLFREE = 0x4000;

/** vfs_poll's answer for files without ->poll. */
export const DEFAULT_POLLMASK = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;

/** Event bit names in increasing value, for printing masks. */
export const EPOLL_BIT_NAMES: readonly (readonly [number, string])[] = [
  [EPOLLIN, 'EPOLLIN'],
  [EPOLLPRI, 'EPOLLPRI'],
  [EPOLLOUT, 'EPOLLOUT'],
  [EPOLLERR, 'EPOLLERR'],
  [EPOLLHUP, 'EPOLLHUP'],
  [EPOLLNVAL, 'EPOLLNVAL'],
  [EPOLLRDNORM, 'EPOLLRDNORM'],
  [EPOLLRDBAND, 'EPOLLRDBAND'],
  [EPOLLWRNORM, 'EPOLLWRNORM'],
  [EPOLLWRBAND, 'EPOLLWRBAND'],
  [EPOLLMSG, 'EPOLLMSG'],
  [EPOLLRDHUP, 'EPOLLRDHUP'],
  [EPOLL_URING_WAKE, 'EPOLL_URING_WAKE'],
  [EPOLLEXCLUSIVE, 'EPOLLEXCLUSIVE'],
  [EPOLLWAKEUP, 'EPOLLWAKEUP'],
  [EPOLLONESHOT, 'EPOLLONESHOT'],
  [EPOLLET, 'EPOLLET'],
];

/** Every flag name a script may use, with its value. */
export const FLAG_VALUES: Readonly<Record<string, number>> = {
  O_RDONLY,
  O_WRONLY,
  O_RDWR,
  O_CREAT,
  O_EXCL,
  O_NOCTTY,
  O_TRUNC,
  O_APPEND,
  O_NONBLOCK,
  O_DIRECT,
  O_LARGEFILE,
  O_DIRECTORY,
  O_NOATIME,
  O_CLOEXEC,
  O_PATH,
  SEEK_SET,
  SEEK_CUR,
  SEEK_END,
  SEEK_DATA,
  SEEK_HOLE,
  FD_CLOEXEC,
  F_DUPFD,
  F_GETFD,
  F_SETFD,
  F_GETFL,
  F_SETFL,
  F_DUPFD_CLOEXEC,
  CLOSE_RANGE_UNSHARE,
  CLOSE_RANGE_CLOEXEC,
  MNT_FORCE,
  MNT_DETACH,
  MNT_EXPIRE,
  UMOUNT_NOFOLLOW,
  SHUT_RD,
  SHUT_WR,
  SHUT_RDWR,
  SOCK_NONBLOCK,
  SOCK_CLOEXEC,
  EFD_SEMAPHORE,
  EFD_CLOEXEC,
  EFD_NONBLOCK,
  TFD_CLOEXEC,
  TFD_NONBLOCK,
  TFD_TIMER_ABSTIME,
  TFD_TIMER_CANCEL_ON_SET,
  CLOCK_REALTIME,
  CLOCK_MONOTONIC,
  CLOCK_BOOTTIME,
  CLOCK_REALTIME_ALARM,
  CLOCK_BOOTTIME_ALARM,
  EPOLL_CLOEXEC,
  EPOLL_CTL_ADD,
  EPOLL_CTL_DEL,
  EPOLL_CTL_MOD,
  ...Object.fromEntries(EPOLL_BIT_NAMES.map(([v, n]) => [n, v])),
  POLLIN,
  POLLPRI,
  POLLOUT,
  POLLERR,
  POLLHUP,
  POLLNVAL,
  POLLRDNORM,
  POLLRDBAND,
  POLLWRNORM,
  POLLWRBAND,
  POLLRDHUP,
};

/** `EPOLLIN|EPOLLHUP`: set bits by increasing value; unknown bits as hex. 0 prints as `0`. */
export function formatEvents(mask: number): string {
  let rest = mask >>> 0;
  const parts: string[] = [];
  for (const [v, n] of EPOLL_BIT_NAMES) {
    if ((rest & v) >>> 0 !== 0) {
      parts.push(n);
      rest = (rest & ~v) >>> 0;
    }
  }
  if (rest !== 0) parts.push(`0x${rest.toString(16)}`);
  return parts.length === 0 ? '0' : parts.join('|');
}
