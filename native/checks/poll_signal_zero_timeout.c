// poll with a zero timeout and a pending signal: EINTR on an idle fd, the event on a ready one. Linux 6.18 prints
// "idle fd: ppoll(timeout 0) = -1 EINTR, revents 0, handler ran 1" and "ready fd: ppoll(timeout 0) = 1, revents 0x1".
// ppoll unblocks a SIGUSR1 raised while blocked, so it is pending (TIF_SIGPENDING) during do_poll.
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
static volatile sig_atomic_t got;
static void h(int s) { (void)s; got++; }
static int one(int ready) {
  int p[2];
  if (pipe(p)) return 99;
  if (ready && write(p[1], "x", 1) != 1) return 98;
  sigset_t block, empty;
  sigemptyset(&block); sigaddset(&block, SIGUSR1); sigemptyset(&empty);
  sigprocmask(SIG_BLOCK, &block, NULL);
  raise(SIGUSR1);
  struct pollfd f = { .fd = p[0], .events = POLLIN };
  struct timespec zero = { 0, 0 };
  int r = ppoll(&f, 1, &zero, &empty);
  int e = errno;
  sigprocmask(SIG_UNBLOCK, &block, NULL);
  printf("%s fd: ppoll(timeout 0) = %d%s%s, revents %#x, handler ran %d\n", ready ? "ready" : "idle", r,
         r < 0 ? " " : "", r < 0 ? strerrorname_np(e) : "", f.revents, (int)got);
  close(p[0]); close(p[1]); got = 0;
  return 0;
}
int main(void) {
  struct sigaction sa; memset(&sa, 0, sizeof sa); sa.sa_handler = h; sigaction(SIGUSR1, &sa, NULL);
  one(0); one(1);
  return 0;
}
