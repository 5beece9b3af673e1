/*
 * Template of the standalone reproducers `epoll-lab repro` writes (src/repro/codegen.ts fills in the test's part and
 * the header comment). libc and pthreads only. One iteration runs in a forked child: init, then the test's threads
 * pinned to distinct CPUs, meeting at a spin barrier and each spinning a random delay before its calls. A thread
 * asleep in a call (state S or D) while every other thread has returned or sleeps too, for the budget, is recorded
 * `blocked`. The target state is evaluated on the results; when it holds and threads are blocked it is verified: after
 * a hold the blocked threads still sleep and the probe call gives the same result; once they are released (SIGUSR1,
 * installed without SA_RESTART) the probe call gives another one. Only verified iterations are hits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 8
#define MAX_LINES 16

/* What a line of a thread did: not reached, in its call, returned, or recorded blocked (asleep for the budget). */
enum { L_UNREACHED, L_CALL, L_DONE, L_BLOCKED };

struct line {
	int state;
	int returned; /* the call returned (also after it was recorded blocked) */
	long ret;     /* its result, or -errno */
};

static struct line R[MAX_THREADS][MAX_LINES];
static pid_t tids[MAX_THREADS];
static int finished[MAX_THREADS];
static int stop[MAX_THREADS];
static int arrived;
static uint64_t delays[MAX_THREADS];
static int ncpu, cpus[64];

static int ld(const int *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void st(int *p, int v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

static void begin(int k, int l)
{
	st(&R[k][l].state, L_CALL);
}

/* The call of line l returned x (a failed call: -1 with errno). */
static void end(int k, int l, long x)
{
	R[k][l].ret = x < 0 ? -(long)errno : x;
	st(&R[k][l].returned, 1);
	int want = L_CALL;
	__atomic_compare_exchange_n(&R[k][l].state, &want, L_DONE, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

static int stopped(int k)
{
	return ld(&stop[k]);
}

/* Result of line l of thread k as the condition reads it (blocked and unreached lines compare unequal to numbers). */
static __attribute__((unused)) int is_done(int k, int l)
{
	return ld(&R[k][l].state) == L_DONE;
}

#define RET(k, l) (R[k][l].ret)

/* ---- the test's part (generated) ---- */
/* REPRO_TEST_PART */
/* ---- end of the test's part ---- */

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void sleep_ns(int64_t ns)
{
	struct timespec ts = {.tv_sec = ns / 1000000000, .tv_nsec = ns % 1000000000};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static void spin(uint64_t loops)
{
	for (volatile uint64_t i = 0; i < loops; i++)
		;
}

static void pin(int k)
{
	if (ncpu < 2)
		return;
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpus[k % ncpu], &set);
	sched_setaffinity(0, sizeof set, &set);
}

static void *thread_main(void *arg)
{
	int k = (int)(intptr_t)arg;
	st(&tids[k], (int)syscall(SYS_gettid));
	pin(k);
	__atomic_add_fetch(&arrived, 1, __ATOMIC_ACQ_REL);
	/* The spin barrier yields now and then: a spinner must not keep a thread not yet started off its CPU. */
	for (unsigned n = 1; ld(&arrived) < N_THREADS; n++)
		if (n % 65536 == 0)
			sched_yield();
	spin(delays[k]);
	gen_thread(k);
	st(&finished[k], 1);
	return NULL;
}

/* The scheduler state of thread k (R running, S/D asleep), from /proc. */
static char task_state(int k)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/self/task/%d/stat", ld(&tids[k]));
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return '?';
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return '?';
	buf[n] = '\0';
	char *p = strrchr(buf, ')');
	return p != NULL && p[1] == ' ' ? p[2] : '?';
}

/* The line thread k is in, or -1 when it is not in a call. */
static int in_call(int k)
{
	for (int l = 0; l < MAX_LINES; l++)
		if (ld(&R[k][l].state) >= L_CALL && ld(&R[k][l].state) != L_DONE && !ld(&R[k][l].returned))
			return l;
	return -1;
}

static int asleep(int k)
{
	char s = task_state(k);
	return in_call(k) >= 0 && (s == 'S' || s == 'D');
}

/* Waits until every thread has returned or sleeps in a call, for budget_ns; those asleep are then recorded blocked. */
static int settle(int64_t budget_ns)
{
	int64_t start = now_ns(), quiet = -1;
	for (;;) {
		int all = 1, any_asleep = 0;
		for (int k = 0; k < N_THREADS && all; k++) {
			if (ld(&finished[k]))
				continue;
			if (ld(&tids[k]) != 0 && asleep(k))
				any_asleep = 1;
			else
				all = 0;
		}
		int64_t t = now_ns();
		if (all && !any_asleep)
			return 0;
		if (!all)
			quiet = -1;
		else if (quiet < 0)
			quiet = t;
		else if (t - quiet >= budget_ns)
			break;
		if (t - start > 5000000000LL)
			return -1;
		sleep_ns(50000);
	}
	for (int k = 0; k < N_THREADS; k++) {
		int l = ld(&finished[k]) ? -1 : in_call(k);
		if (l < 0)
			continue;
		st(&stop[k], 1);
		int want = L_CALL;
		__atomic_compare_exchange_n(&R[k][l].state, &want, L_BLOCKED, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
	}
	return 0;
}

static int any_blocked(void)
{
	for (int k = 0; k < N_THREADS; k++)
		for (int l = 0; l < MAX_LINES; l++)
			if (ld(&R[k][l].state) == L_BLOCKED)
				return 1;
	return 0;
}

/* Interrupts every thread still in a call until it returns, and joins them all. */
static void release_all(pthread_t *th)
{
	for (int k = 0; k < N_THREADS; k++) {
		for (int n = 0; !ld(&finished[k]); n++) {
			if (n % 100 == 0)
				pthread_kill(th[k], SIGUSR1);
			sleep_ns(10000);
		}
		pthread_join(th[k], NULL);
	}
}

static void on_usr1(int sig)
{
	(void)sig;
}

/* Exit codes of one iteration (a child process). */
enum { IT_MISS = 0, IT_HIT = 10, IT_SIGN = 11, IT_STUCK = 12, IT_FAIL = 13 };

static int hold_ms = 50;
static const long SWEEP_NS[] = {500, 1000, 2000, 4000, 8000};

/* The target held with blocked threads: are they still blocked, and does the probe depend on them? */
static int verify(pthread_t *th)
{
	long first = probe_first();
	sleep_ns((int64_t)hold_ms * 1000000);
	for (int k = 0; k < N_THREADS; k++)
		for (int l = 0; l < MAX_LINES; l++)
			if (ld(&R[k][l].state) == L_BLOCKED && (ld(&R[k][l].returned) || !asleep(k)))
				return IT_SIGN;
	if (!HAS_PROBE) {
		release_all(th);
		return IT_HIT;
	}
	long held = gen_probe();
	release_all(th);
	long after = gen_probe();
	if (held != first || after == first)
		return IT_SIGN;
	return IT_HIT;
}

static int iteration(int control, int64_t budget_ns)
{
	alarm(10);
	gen_init(control);
	pthread_t th[MAX_THREADS];
	for (int k = 0; k < N_THREADS; k++)
		if (pthread_create(&th[k], NULL, thread_main, (void *)(intptr_t)k) != 0)
			return IT_FAIL;
	if (settle(budget_ns + gen_wait_ns()) != 0)
		return IT_STUCK;
	int hit = gen_target();
	if (hit && any_blocked())
		return verify(th);
	release_all(th);
	return hit ? IT_HIT : IT_MISS;
}

static uint64_t rng_state = 88172645463325252ULL;
static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Spin loops per ns. */
static double calibrate(void)
{
	int64_t t = now_ns();
	spin(10000000);
	return 1e7 / (double)(now_ns() - t + 1);
}

static void setup_cpus(void)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	sched_getaffinity(0, sizeof set, &set);
	for (int c = 0; c < CPU_SETSIZE && ncpu < 64; c++)
		if (CPU_ISSET(c, &set))
			cpus[ncpu++] = c;
}

/* With paths, every iteration runs chrooted on a fresh tmpfs of a private mount namespace. */
#define SCRATCH "/tmp/epoll-lab-repro"

static void setup_paths(void)
{
	if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
		fprintf(stderr, "repro: a private mount namespace needs root: %s\n", strerror(errno));
		exit(2);
	}
	if (mount("tmpfs", "/tmp", "tmpfs", 0, NULL) != 0 || mkdir(SCRATCH, 0755) != 0) {
		fprintf(stderr, "repro: mounting the scratch tmpfs: %s\n", strerror(errno));
		exit(2);
	}
}

static int run_one(int control, int64_t budget_ns)
{
	if (USES_PATHS && mount("tmpfs", SCRATCH, "tmpfs", 0, NULL) != 0)
		return IT_FAIL;
	pid_t pid = fork();
	if (pid == 0) {
		if (USES_PATHS && (chdir(SCRATCH) != 0 || chroot(".") != 0))
			_exit(IT_FAIL);
		_exit(iteration(control, budget_ns));
	}
	int status = 0;
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return IT_FAIL;
	if (USES_PATHS)
		umount2(SCRATCH, MNT_DETACH);
	if (WIFSIGNALED(status))
		return IT_STUCK;
	return WEXITSTATUS(status);
}

static void usage(const char *me)
{
	fprintf(stderr,
		"usage: %s [-n ITERATIONS] [-t SECONDS] [-d MAX_DELAY_NS (default: swept)] [-b BUDGET_MS] [-H HOLD_MS] [-s SEED] [-c]\n"
		"  -c  control: init's epoll_ctl calls are skipped (no file in the epoll set); must never hit\n",
		me);
	exit(2);
}

int main(int argc, char **argv)
{
	long iters = 10000, secs = 120, delay_ns = -1, budget_ms = 2;
	int control = 0, o;
	while ((o = getopt(argc, argv, "n:t:d:b:H:s:c")) != -1) {
		switch (o) {
		case 'n':
			iters = atol(optarg);
			break;
		case 't':
			secs = atol(optarg);
			break;
		case 'd':
			delay_ns = atol(optarg);
			break;
		case 'b':
			budget_ms = atol(optarg);
			break;
		case 'H':
			hold_ms = atoi(optarg);
			break;
		case 's':
			rng_state = (uint64_t)atoll(optarg) * 2654435761ULL + 1;
			break;
		case 'c':
			control = 1;
			break;
		default:
			usage(argv[0]);
		}
	}
	signal(SIGPIPE, SIG_IGN);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	setup_cpus();
	if (USES_PATHS)
		setup_paths();
	double per_ns = calibrate();
	long hits = 0, signs = 0, stuck = 0, failed = 0, n = 0;
	int64_t until = now_ns() + (int64_t)secs * 1000000000;
	printf("%s: target %s%s\n", TEST_NAME, TARGET_TEXT, control ? " (control: no file in the epoll set)" : "");
	fflush(stdout);
	for (; n < iters && now_ns() < until; n++) {
		/* Each thread's start delay is drawn from [0, cap]; without -d the cap sweeps 0.5-8 us over iterations. */
		long cap = delay_ns >= 0 ? delay_ns : SWEEP_NS[n % (long)(sizeof SWEEP_NS / sizeof SWEEP_NS[0])];
		for (int k = 0; k < N_THREADS; k++)
			delays[k] = (uint64_t)((double)(rng() % (uint64_t)(cap + 1)) * per_ns);
		switch (run_one(control, (int64_t)budget_ms * 1000000)) {
		case IT_HIT:
			hits++;
			break;
		case IT_SIGN:
			signs++;
			break;
		case IT_STUCK:
			stuck++;
			break;
		case IT_FAIL:
			failed++;
			break;
		}
	}
	printf("hits %ld / iterations %ld (%.2f%%); first signs not verified %ld, stuck %ld, failed %ld\n", hits, n,
	       n > 0 ? 100.0 * (double)hits / (double)n : 0.0, signs, stuck, failed);
	printf("%s\n", hits > 0 ? "REPRODUCED" : "not reproduced");
	return hits > 0 ? 0 : 1;
}
