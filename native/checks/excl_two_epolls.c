/*
 * EXCL scenario (src/explore/scenarios/excl-wakeup.ts): an eventfd X watched EPOLLIN|EPOLLEXCLUSIVE by two epolls,
 * E1 added first, then E2. Two threads sleep in epoll_wait(E1) and epoll_wait(E2) (300 ms timeout); once both sleep,
 * the main thread writes 1 to X. Prints what each waiter returned. Linux 6.18: "T1=1 T2=0" — only E1's exclusive
 * entry, first on X's wait queue, is woken; E2's callback never runs, so T2 times out although X is readable. The
 * model's outcome `T1=1:IN T2=0 T3=8` (test/explore/scenarios/excl-wakeup.test.ts) is this schedule.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

static int ep[2];
static int got[2];

static void *waiter(void *arg)
{
	int i = (int)(intptr_t)arg;
	struct epoll_event evs[8];
	got[i] = epoll_wait(ep[i], evs, 8, 300);
	return NULL;
}

int main(void)
{
	int x = eventfd(0, EFD_NONBLOCK);
	for (int i = 0; i < 2; i++) {
		struct epoll_event ev = { .events = EPOLLIN | EPOLLEXCLUSIVE, .data.u64 = 1 };
		ep[i] = epoll_create1(0);
		if (epoll_ctl(ep[i], EPOLL_CTL_ADD, x, &ev) < 0)
			return perror("epoll_ctl"), 1;
	}
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, waiter, (void *)(intptr_t)i);
	usleep(100 * 1000); /* both are asleep in ep_poll */
	uint64_t one = 1;
	if (write(x, &one, 8) != 8)
		return perror("write"), 1;
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("T1=%d T2=%d\n", got[0], got[1]);
	return 0;
}
