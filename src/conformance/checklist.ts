// The rows of the conformance checklist (conformance-checklist.md §6) by group, and why a row cannot be checked on the
// oracle host when it cannot (model-only files, threads, calls outside the script vocabulary).

export interface ChecklistRow {
  readonly id: string;
  readonly behaviour: string;
  /** Why no script can check the row against the host kernel; absent when a script can. */
  readonly cannot?: string;
}

/** The ten groups A..J and their titles. */
export const GROUPS: Readonly<Record<string, string>> = {
  A: 'Instance creation and the epoll file',
  B: 'epoll_ctl validation',
  C: 'Registration key and lifetimes',
  D: 'epoll_wait / epoll_pwait / epoll_pwait2 arguments',
  E: 'What gets reported',
  F: 'Trigger modes',
  G: 'Multiple waiters and EPOLLEXCLUSIVE',
  H: 'Nested epoll',
  I: "Watched file types (model's file objects)",
  J: 'Process-level and miscellaneous',
};

export const CHECKLIST: readonly ChecklistRow[] = [
  { id: 'A1', behaviour: '`epoll_create(size)`: size ≤ 0 → EINVAL, else ignored' },
  { id: 'A2', behaviour: '`epoll_create1`: only EPOLL_CLOEXEC accepted (O_NONBLOCK → EINVAL)' },
  { id: 'A3', behaviour: 'EPOLL_CLOEXEC sets FD_CLOEXEC; closed across exec' },
  { id: 'A4', behaviour: 'EMFILE when the fd table is full' },
  { id: 'A5', behaviour: 'read/write on epfd → EINVAL; lseek → 0' },
  { id: 'A6', behaviour: 'epfd is pollable: IN when a queued item is really ready, never OUT' },
  {
    id: 'A7',
    behaviour: 'fdinfo lists tfd/events/data/pos/ino/sdev, events include implicit ERR|HUP',
    cannot: 'fdinfo (/proc/PID/fdinfo) is not in the script vocabulary',
  },
  {
    id: 'A8',
    behaviour:
      'EPIOCSPARAMS/EPIOCGPARAMS busy-poll ioctls (≥ 6.9) with validation; unknown epoll ioctl → EINVAL; on non-epoll → ENOTTY',
    cannot: 'ioctls are not in the script vocabulary',
  },
  { id: 'B1', behaviour: 'unreadable event on ADD/MOD/unknown op → EFAULT before any fd check' },
  { id: 'B2', behaviour: 'DEL ignores the event pointer (NULL or garbage)' },
  { id: 'B3', behaviour: 'bad epfd → EBADF, then bad target → EBADF (O_PATH fd → EBADF)' },
  { id: 'B4', behaviour: 'non-pollable target → EPERM, checked before "not epoll"/op validity, for every op' },
  { id: 'B5', behaviour: 'epfd not epoll, or target is the same file (incl. dup of epfd) → EINVAL' },
  { id: 'B6', behaviour: 'unknown op → EINVAL, but only after EFAULT/EBADF/EPERM checks' },
  {
    id: 'B7',
    behaviour: 'ADD of existing (file, fd) → EEXIST (also for a disarmed ONESHOT item); data not changed',
  },
  { id: 'B8', behaviour: 'MOD/DEL of unregistered → ENOENT' },
  { id: 'B9', behaviour: 'arbitrary/unknown event bits accepted and stored' },
  {
    id: 'B10',
    behaviour:
      'EXCLUSIVE rules: ADD only; only IN/OUT/ERR/HUP/ET/WAKEUP alongside; not on epoll targets; MOD with it → EINVAL even if unregistered; MOD of an exclusive item → EINVAL; DEL ok',
  },
  {
    id: 'B11',
    behaviour: 'EPOLLWAKEUP silently dropped without CAP_BLOCK_SUSPEND',
    cannot: 'needs a process without CAP_BLOCK_SUSPEND; the oracle runs as root',
  },
  {
    id: 'B12',
    behaviour: 'ENOSPC at /proc/sys/fs/epoll/max_user_watches (per user)',
    cannot: 'needs lowering the host-wide sysctl fs.epoll.max_user_watches',
  },
  { id: 'B13', behaviour: 'ERR|HUP always ORed into the stored mask (ADD and MOD)' },
  {
    id: 'C1',
    behaviour: 'key = (description, fd number); two fds of one description = two registrations, two events per wake-up',
  },
  {
    id: 'C2',
    behaviour:
      'registration holds no file reference; final release of the description removes it from every epoll, including a queued ready entry',
  },
  {
    id: 'C3',
    behaviour:
      'closing one fd while a dup/fork/passed fd keeps the description → still registered, still reported with old data',
  },
  {
    id: 'C4',
    behaviour:
      'after that: DEL via closed number EBADF, via other number ENOENT, via same number re-pointing at same description OK',
  },
  {
    id: 'C5',
    behaviour: 'reused fd number with a new file after full close: no stale entry, ADD succeeds, DEL of old → ENOENT',
  },
  { id: 'C6', behaviour: 'DEL after the registered fd is fully closed → EBADF' },
  {
    id: 'C7',
    behaviour:
      'fork shares the epoll description: child ctl affects parent; child ADD same (file, fd) → EEXIST; child close of its copy keeps the registration',
  },
  {
    id: 'C8',
    behaviour:
      'pipe HUP / write-end ERR only when the last writer / reader *description* is released (child copies count)',
  },
  { id: 'C9', behaviour: 'closing the epoll (last ref) drops all its registrations and removes it from outer epolls' },
  {
    id: 'C10',
    behaviour: 'closing epfd in another thread does not wake or fail a blocked epoll_wait',
    cannot: 'needs a second thread blocked in epoll_wait while the epoll fd is closed',
  },
  {
    id: 'C11',
    behaviour:
      "temporary file pin during epoll's poll/DEL calls (since v6.9 + stable backports); final release may run in the epoll caller → a racing umount can see EBUSY briefly",
    cannot: 'a race against umount: no deterministic single-threaded script',
  },
  { id: 'C12', behaviour: 'registration does not pin the mount: umount EBUSY only while an fd is open' },
  {
    id: 'C13',
    behaviour:
      'dma-buf poll pins its own file until the fence callback; registrations survive the last close until then',
    cannot: 'dma-buf: model-only (no /dev/udmabuf or sw_sync on the host)',
  },
  {
    id: 'C14',
    behaviour: "epoll fd passed over SCM_RIGHTS still refers to the sender's files",
    cannot: 'SCM_RIGHTS is not in the script vocabulary',
  },
  { id: 'D1', behaviour: 'maxevents ≤ 0 or > INT_MAX/12 → EINVAL' },
  { id: 'D2', behaviour: 'bad epfd → EBADF; non-epoll epfd → EINVAL' },
  { id: 'D3', behaviour: 'precedence: ≥ 6.15 EBADF before maxevents/range checks; < 6.15 the reverse' },
  {
    id: 'D4',
    behaviour: 'buffer range check only; real fault → EFAULT iff 0 copied; faulting item re-queued (ET not lost)',
  },
  { id: 'D5', behaviour: 'NULL/unwritable buffer is harmless when nothing is ready' },
  {
    id: 'D6',
    behaviour:
      'timeout: 0 non-blocking; any negative = infinite; ms rounded up on CLOCK_MONOTONIC; lower bound honoured',
  },
  {
    id: 'D7',
    behaviour:
      'pwait2: NULL infinite; {0,0} non-blocking; invalid timespec → EINVAL before fd validation; bad pointer → EFAULT',
  },
  { id: 'D8', behaviour: 'tiny timeouts (1 ns…) must expire, never become infinite' },
  {
    id: 'D9',
    behaviour:
      'sigmask applied atomically for the wait; sigsetsize ≠ 8 → EINVAL; bad mask → EFAULT; on EINTR handler runs under the temp mask',
    cannot: 'signals and signal masks are not in the script vocabulary',
  },
  {
    id: 'D10',
    behaviour: 'EINTR on caught signal, never restarted',
    cannot: 'signals are not in the script vocabulary',
  },
  {
    id: 'D11',
    behaviour: 'waiting on an empty set blocks until timeout or until another thread ADDs a ready fd',
    cannot: 'needs a second thread adding an fd while one waits (a wait that sleeps ends a script)',
  },
  { id: 'E1', behaviour: 'mask = fresh poll at delivery ∩ stored mask; empty result → dropped silently' },
  { id: 'E2', behaviour: 'data from the latest ADD/MOD' },
  { id: 'E3', behaviour: 'ADD/MOD of an already-ready file queues it and wakes waiters' },
  { id: 'E4', behaviour: 'several wake-ups between waits collapse into one entry' },
  { id: 'E5', behaviour: 'ready list FIFO by first wake-up; LT re-appended at tail → round robin' },
  { id: 'E6', behaviour: 'one wake-up visits watchers newest-registration-first (exclusive ones last, in ADD order)' },
  { id: 'E7', behaviour: 'DEL removes a queued ready entry' },
  { id: 'E8', behaviour: 'MOD re-reads readiness immediately ("modify will reread available I/O")' },
  { id: 'E9', behaviour: 'maxevents cap: returns min(ready, maxevents), rest on later calls, no duplicates' },
  { id: 'E10', behaviour: 'quiet registrations never reported' },
  { id: 'F1', behaviour: 'LT: reported on every wait while ready' },
  { id: 'F2', behaviour: 'ET: reported once per wake-up, not again without a new one' },
  {
    id: 'F3',
    behaviour: 'ET re-fires on each producer wake-up even without a not-ready phase (socketpair, pipe, eventfd writes)',
  },
  { id: 'F4', behaviour: "reading generates wake-ups for the peer's writers, not for the reader" },
  { id: 'F5', behaviour: 'MOD re-arms an ET item that is still ready' },
  {
    id: 'F6',
    behaviour:
      'ONESHOT: after one delivery the item is disabled (no IN/OUT/HUP/ERR) until MOD; ADD → EEXIST; MOD re-arms and re-polls',
  },
  { id: 'F7', behaviour: 'ONESHOT disarmed only after a successful copy-out' },
  { id: 'F8', behaviour: 'ET|ONESHOT: one event, nothing after transitions' },
  { id: 'F9', behaviour: 'poll()/select() on epfd does not consume ET/ONESHOT state; prunes not-ready entries' },
  {
    id: 'G1',
    behaviour: 'one callback wakes one epoll_wait sleeper; LT items cascade to further sleepers; ET does not',
    cannot: 'needs several threads asleep in epoll_wait (scripts are single-threaded; see the explorer)',
  },
  {
    id: 'G2',
    behaviour: 'poll()ers of the epoll fd are all woken on every callback',
    cannot: 'needs threads asleep in poll and epoll_wait',
  },
  {
    id: 'G3',
    behaviour: 'no lost wake-up when MOD races a sleeper',
    cannot: 'a race between MOD and a sleeper (threads)',
  },
  {
    id: 'G4',
    behaviour: 'N ET events written at once to N sleepers: each sleeper wakes once',
    cannot: 'needs several sleeping threads',
  },
  {
    id: 'G5',
    behaviour: 'a sleeper that times out must not swallow a wake-up',
    cannot: 'a timeout race between threads',
  },
  {
    id: 'G6',
    behaviour: 'concurrent non-blocking LT waits never see a spurious 0',
    cannot: 'concurrent non-blocking waits (threads)',
  },
  { id: 'G7', behaviour: 'N instances watching one file without EXCLUSIVE: all get it' },
  {
    id: 'G8',
    behaviour:
      'EXCLUSIVE: non-exclusive watchers all serviced, then exclusive instances in ADD order get the item until one with a blocked waiter (matching IN/OUT class) claims it',
    cannot: 'which exclusive waiter claims a wake-up needs blocked waiters (threads)',
  },
  {
    id: 'G9',
    behaviour: 'concurrent producers/consumers with ONESHOT re-arm never lose a response',
    cannot: 'concurrent producers and consumers (threads)',
  },
  { id: 'H1', behaviour: 'epoll inside epoll; inner readiness = has a really-ready queued item' },
  { id: 'H2', behaviour: 'outer LT over inner ET keeps reporting until an epoll_wait on the inner consumes the item' },
  {
    id: 'H3',
    behaviour:
      "outer ET fires again on each new wake-up of the inner's source, even if the inner item was already queued",
  },
  {
    id: 'H4',
    behaviour: 'threads on inner and outer simultaneously (inner sleeper must wake; outer may)',
    cannot: 'needs threads asleep on the inner and the outer epoll',
  },
  { id: 'H5', behaviour: 'fan-out outer over several inner epolls' },
  {
    id: 'H6',
    behaviour:
      'depth: chain of 5 epolls allowed, 6th → ELOOP (older kernels EINVAL); depth counted below the child and above the container',
  },
  { id: 'H7', behaviour: 'cycles (2-cycle, long loop) → ELOOP' },
  { id: 'H8', behaviour: 'self-add → EINVAL (not ELOOP)' },
  {
    id: 'H9',
    behaviour: 'reverse-path limits per watched file (1000/500/100/50/10) → EINVAL',
    cannot: 'the reverse-path limits need more than the 1024 fds a script process has',
  },
  { id: 'H10', behaviour: 'EXCLUSIVE on an epoll target → EINVAL' },
  { id: 'H11', behaviour: 'nested DEL/MOD of inner does not affect outer registration' },
  { id: 'I1', behaviour: 'pipe read end: IN with data; HUP (IN|HUP) after last writer; never RDHUP' },
  { id: 'I2', behaviour: 'pipe write end: OUT when a slot frees; OUT|ERR after last reader' },
  { id: 'I3', behaviour: 'pipe OUT is slot-granular (F_SETPIPE_SZ one page: half read frees nothing)' },
  { id: 'I4', behaviour: 'pipes wake readers on every write (ET re-fire), not only empty→non-empty' },
  { id: 'I5', behaviour: 'eventfd: fresh OUT; IN when > 0; at max-1 only IN; semaphore reads keep it readable' },
  { id: 'I6', behaviour: 'unix socketpair: fresh OUT; peer SHUT_WR → IN|OUT|RDHUP; peer close → +HUP' },
  { id: 'I7', behaviour: 'regular file / directory / /dev/zero / memfd → EPERM' },
  {
    id: 'I8',
    behaviour: 'fence (sync_file): IN once signaled and forever; not before; no OUT/HUP',
    cannot: 'sync_file: model-only (no sw_sync on the host)',
  },
  {
    id: 'I9',
    behaviour: 'dma-buf: IN when no write fences, OUT when no fences; per-direction single pending callback',
    cannot: 'dma-buf: model-only (no /dev/udmabuf or sw_sync on the host)',
  },
  {
    id: 'I10',
    behaviour: '/proc/mounts PRI on mount table change',
    cannot: '/proc/mounts is not in the script vocabulary',
  },
  {
    id: 'I11',
    behaviour: 'signalfd in epoll under heavy signal load works (no deadlock)',
    cannot: 'signalfd is not modelled',
  },
  {
    id: 'I12',
    behaviour: 'TCP: own SHUT_RD → RDHUP; unconnected socket OUT|HUP',
    cannot: 'TCP sockets are not modelled',
  },
  {
    id: 'J1',
    behaviour: "a child blocked on an inherited epoll is woken by the parent's actions on shared files",
    cannot: 'needs a child asleep while the parent acts (a call that sleeps ends a script)',
  },
  { id: 'J2', behaviour: 'separate processes each with their own epoll on one pipe (ET) all woken' },
  { id: 'J3', behaviour: 'kcmp(KCMP_EPOLL_TFD) tests membership', cannot: 'kcmp is not in the script vocabulary' },
  {
    id: 'J4',
    behaviour: 'epoll_ctl_old / epoll_wait_old unsupported',
    cannot: 'epoll_ctl_old/epoll_wait_old are not in the script vocabulary',
  },
  {
    id: 'J5',
    behaviour: 'checkpoint/restore re-arms ET for ready files',
    cannot: 'checkpoint/restore is gVisor-specific',
  },
];

/** The checklist row with this id (`C3`), or undefined. */
export function checklistRow(id: string): ChecklistRow | undefined {
  return CHECKLIST.find((r) => r.id === id);
}
