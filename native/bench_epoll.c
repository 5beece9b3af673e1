/*
 * The native side of `npm run bench` (bench/native.ts compiles it with cc at bench time; no binary is committed).
 * Runs on the host kernel the loops the bench runs on the model, and prints one JSON object per line:
 *   {"case":"epoll_wait","registered":N,"ready":10,"ns":[...],"cpu_ns":[...]}   per epoll_wait(64, timeout 0)
 *   {"case":"cycle","ns":[...],"cpu_ns":[...]}                   per write(efd) + epoll_wait + read(efd)
 * one figure per repetition: wall-clock ns (CLOCK_MONOTONIC) and CPU ns of the process, user + system
 * (CLOCK_PROCESS_CPUTIME_ID), which is what the bench compares with the model's CPU time.
 * Usage: bench_epoll REPS MIN_MS N1 [N2 ...]. Every eventfd is watched EPOLLIN (level-triggered); 10 of the N hold
 * a count of 1, so every epoll_wait returns the same 10 events. The parent holds the 10 ready eventfds; the others are
 * opened and registered by forked children of at most 1000 fds each (as in the model, whose RLIMIT_NOFILE is 1024),
 * which then sleep until killed: their files, and so the registrations, stay alive.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double clock_ns(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static double now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

static double cpu_ns(void)
{
	return clock_ns(CLOCK_PROCESS_CPUTIME_ID);
}

static void die(const char *what)
{
	fprintf(stderr, "bench_epoll: %s: %s\n", what, strerror(errno));
	exit(2);
}

static int watch(int ep, int fd)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = (uint64_t)fd };
	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

/* ns per call of `op`, one figure per repetition; each repetition runs for at least min_ms. */
typedef int (*op_fn)(void *);

static void measure(const char *head, op_fn op, void *arg, int reps, double min_ms)
{
	long iters = 1;
	for (;;) { /* calibrate: the iteration count of one repetition (min_ms of CPU time) */
		double c0 = cpu_ns();
		for (long i = 0; i < iters; i++)
			if (op(arg) < 0)
				die(head);
		if (cpu_ns() - c0 >= min_ms * 1e6)
			break;
		iters *= 2;
	}
	double wall[64], cpu[64];
	if (reps > 64)
		reps = 64;
	for (int r = 0; r < reps; r++) {
		double t0 = now_ns(), c0 = cpu_ns();
		for (long i = 0; i < iters; i++)
			op(arg);
		cpu[r] = (cpu_ns() - c0) / (double)iters;
		wall[r] = (now_ns() - t0) / (double)iters;
	}
	printf("%s\"ns\":[", head);
	for (int r = 0; r < reps; r++)
		printf("%s%.1f", r ? "," : "", wall[r]);
	printf("],\"cpu_ns\":[");
	for (int r = 0; r < reps; r++)
		printf("%s%.1f", r ? "," : "", cpu[r]);
	printf("]}\n");
	fflush(stdout);
}

struct wait_arg {
	int ep;
	int want;
};

static int wait_op(void *p)
{
	struct wait_arg *a = p;
	struct epoll_event evs[64];
	int n = epoll_wait(a->ep, evs, 64, 0);
	if (n != a->want) {
		errno = n < 0 ? errno : EPROTO;
		return -1;
	}
	return n;
}

static int cycle_op(void *p)
{
	int *fds = p; /* fds[0] = epoll, fds[1] = eventfd */
	uint64_t one = 1, got;
	struct epoll_event evs[8];
	if (write(fds[1], &one, 8) != 8 || epoll_wait(fds[0], evs, 8, 0) != 1 || read(fds[1], &got, 8) != 8)
		return -1;
	return 0;
}

/* A child registering `count` idle eventfds on `ep`, then sleeping; returns its pid once it is done. */
static pid_t filler(int ep, long count)
{
	int p[2];
	if (pipe(p) < 0)
		die("pipe");
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(p[0]);
		for (long k = 0; k < count; k++) {
			int fd = eventfd(0, EFD_NONBLOCK);
			if (fd < 0 || watch(ep, fd) < 0)
				_exit(1);
		}
		char ok = 'k';
		if (write(p[1], &ok, 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	char c;
	if (read(p[0], &c, 1) != 1) {
		errno = EIO;
		die("filler child");
	}
	close(p[0]);
	return pid;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: bench_epoll REPS MIN_MS N...\n");
		return 2;
	}
	int reps = atoi(argv[1]);
	double min_ms = atof(argv[2]);

	for (int i = 3; i < argc; i++) {
		long n = atol(argv[i]);
		int ep = epoll_create1(0);
		if (ep < 0)
			die("epoll_create1");
		int ready[10];
		for (int k = 0; k < 10; k++) {
			ready[k] = eventfd(1, EFD_NONBLOCK);
			if (ready[k] < 0 || watch(ep, ready[k]) < 0)
				die("eventfd/epoll_ctl");
		}
		long nkids = (n - 10 + 999) / 1000;
		pid_t *kids = malloc(sizeof(pid_t) * (size_t)(nkids + 1));
		for (long k = 0; k < nkids; k++) {
			long left = n - 10 - k * 1000;
			kids[k] = filler(ep, left < 1000 ? left : 1000);
		}
		struct wait_arg a = { ep, 10 };
		char head[96];
		snprintf(head, sizeof head, "{\"case\":\"epoll_wait\",\"registered\":%ld,\"ready\":10,", n);
		measure(head, wait_op, &a, reps, min_ms);
		for (long k = 0; k < nkids; k++) {
			kill(kids[k], SIGKILL);
			waitpid(kids[k], NULL, 0);
		}
		for (int k = 0; k < 10; k++)
			close(ready[k]);
		close(ep);
		free(kids);
	}

	int c[2];
	c[0] = epoll_create1(0);
	c[1] = eventfd(0, EFD_NONBLOCK);
	if (c[0] < 0 || c[1] < 0 || watch(c[0], c[1]) < 0)
		die("cycle setup");
	measure("{\"case\":\"cycle\",", cycle_op, c, reps, min_ms);
	return 0;
}
