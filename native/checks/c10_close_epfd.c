/* C10: close(ep) in one thread while another is blocked in epoll_wait(ep, -1); then a write readies the pipe. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <unistd.h>
#include <errno.h>
#include <string.h>
static int ep, p[2];
static volatile int returned;
static void *waiter(void *a) {
  struct epoll_event e[8];
  int n = epoll_wait(ep, e, 8, -1);
  if (n < 0) printf("waiter: -%s\n", strerrorname_np(errno));
  else printf("waiter: %d [%x:%llu]\n", n, e[0].events, (unsigned long long)e[0].data.u64);
  returned = 1;
  return a;
}
int main(void) {
  pthread_t t;
  pipe(p);
  ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 3};
  epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
  pthread_create(&t, 0, waiter, 0);
  usleep(100000); /* let the waiter block */
  printf("close(ep) = %d\n", close(ep));
  usleep(100000);
  printf("waiter returned before the write: %s\n", returned ? "yes" : "no");
  printf("write = %zd\n", write(p[1], "x", 1));
  pthread_join(t, 0);
  return 0;
}
