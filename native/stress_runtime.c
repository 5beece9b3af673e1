/*
 * The stress harness's runtime: runs one litmus test's threads concurrently on the host kernel, many times.
 *
 * src/stress/codegen.ts appends the test's own part to this file (its init, one function per thread, the table of
 * threads) and src/stress/build.ts compiles the result with the system cc into the cache. Usage:
 *   stress ITERATIONS TIME_MS SEED BUDGET_MS DELAY_NS
 * Output (stdout), once at the end:
 *   STRESS <iterations> <elapsed_ms> <released> <late> <stuck> <ncpu>   (late and stuck iterations are not counted)
 *   STATE <count> <key>           one per distinct raw final state
 *   END
 *   FATAL <EPMnnn> <message>     instead, when the harness cannot run
 * A key is one field per named thread line, each prefixed by '|': `RET <ret> <errno> [fds=..] [data=..] [ev=..]
 * [u64=..]` as the oracle's helper answers (src/oracle/protocol.ts parses it), `BLOCKS` for a call recorded as
 * blocked, `-` for a line that never ran.
 *
 * Layout: a controller (this process: a child subreaper in a private mount namespace with its own tmpfs over /tmp, so
 * nothing is created on the host's filesystems and every mount goes with the namespace) forks a host process that
 * holds no fds but three opens of /dev/null (as the model's processes start) and is chrooted to a sandbox directory.
 * The host starts the test's threads as pthreads pinned to distinct CPUs; each iteration it runs the test's init
 * (a `thread P in c` runs in the process `c` init forks, started afresh), then the threads wait on a futex, meet at a
 * spin barrier, spin a random delay each and run their calls, recording every result in shared memory. The controller
 * waits until every thread has returned. A thread asleep inside a call that can sleep, while every other thread has
 * returned or is asleep too, for BUDGET_MS plus the call's own timeout, is recorded as blocked; then SIGUSR1 (a no-op
 * handler without SA_RESTART) interrupts it and it stops. Once every thread has returned, the host closes every fd
 * (close_range) and reaps the processes init forked, and the controller detaches every mount and removes every file
 * left in the sandbox; only then is the iteration counted. A test that can reach fds it did not open gets a fresh
 * host every iteration. An iteration that does not end
 * within a hard limit is killed with its host and counted as stuck.
 */
#include "host_common.h"
#include <ftw.h>
#include <pthread.h>

#define MAX_THREADS 8
#define MAX_LINES 16
#define MAX_DATA 256 /* the largest read count a stressed test may pass */
#define MAX_EV 64    /* the largest maxevents a stressed test may pass */
#define NOFILE 1024
#define HIST_SIZE 4096
#define KEY_MAX 16384

/* One call's result, as the oracle's helper reports it. */
struct rec {
	int64_t ret;
	int32_t err;
	uint8_t has_fds, has_data, has_u64, has_ev;
	int32_t fds[2];
	uint32_t dlen;
	uint8_t data[MAX_DATA];
	uint64_t u64;
	int32_t nev;
	uint32_t evm[MAX_EV];
	uint64_t evd[MAX_EV];
	int64_t t0, t1; /* CLOCK_MONOTONIC around the call (not in the final state) */
	int32_t own_ms; /* the call's own sleep: its timeout and the timers it waits for, 0 for none */
};

/* Where a thread is: the controller reads it to tell a sleeping call from a running thread. */
enum phase { PH_IDLE, PH_RUN, PH_CALL, PH_DONE };

struct tslot {
	uint32_t phase;
	int32_t pid, tid;
	int32_t line;    /* the line of the call in progress (or the last one) */
	int32_t wait_ms; /* the call's own timeout, added to the budget */
	uint32_t stop;   /* set by the controller: the call in progress was recorded as blocked */
	int32_t blocked; /* that line, or -1 */
	uint64_t delay;  /* spin loops before the first call */
	struct rec recs[MAX_LINES];
};

/*
 * Iteration i (from 1) goes: the controller publishes `seq` = i; the host runs init (forking the test's other processes,
 * whose threads start then) and adds 1 to `ready`; every thread adds 1 to `ready` and waits for `go` = i; they meet at the barrier (`arrived`)
 * and run; each adds 1 to `finished`; the controller records the state and publishes `end` = i; the host closes every
 * fd, reaps the processes init forked and publishes `cleaned` = i. ready, arrived and finished count over all
 * iterations (N_THREADS per iteration, ready one more), so a thread may get ready for the next iteration early.
 */
struct shm {
	uint32_t seq, go, end, cleaned;
	uint32_t ready, arrived, finished;
	struct tslot t[MAX_THREADS];
};

/* The test's part (generated): its threads and, per thread line, whether the state shows it. */
struct tdesc {
	int proc;   /* the process the thread runs in: 0 the iteration process, 1.. those init forks */
	int nlines; /* its call lines */
	uint8_t named[MAX_LINES];
};

static struct shm *shm;
static void *ro_page; /* a page the kernel cannot write to: epoll_wait(..., NULL) */
static int ncpu;
static int cpus[64];

static void inc_wake(uint32_t *p)
{
	__atomic_add_fetch(p, 1, __ATOMIC_ACQ_REL);
	futex(p, FUTEX_WAKE, INT32_MAX, NULL);
}

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void spin(uint64_t loops)
{
	for (volatile uint64_t i = 0; i < loops; i++)
		;
}

/* ---- the threads' side ---- */

static void set_ret(struct rec *r, long v)
{
	r->err = v < 0 ? errno : 0;
	r->ret = v < 0 ? -1 : v;
}

static void set_events(struct rec *r, long v, const struct epoll_event *ev)
{
	set_ret(r, v);
	r->has_ev = 1;
	for (long i = 0; ev != NULL && i < v && i < MAX_EV; i++) {
		r->evm[i] = ev[i].events;
		r->evd[i] = ev[i].data.u64;
		r->nev = (int32_t)i + 1;
	}
}

/* Runs one call with the oracle's wire arguments `a` (ints), `b`/`blen` (bytes or a path) and `u` (a u64). */
static void do_call(struct rec *r, int call, const int64_t *a, const char *b, uint32_t blen, uint64_t u)
{
	int fds[2];
	uint64_t v;
	long x;
	struct epoll_event ev[MAX_EV];
	memset(r, 0, sizeof *r);
	errno = 0;
	switch (call) {
	case C_PIPE:
	case C_PIPE2:
	case C_SOCKETPAIR:
		x = call == C_PIPE ? pipe(fds)
				   : call == C_PIPE2 ? pipe2(fds, (int)a[0]) : socketpair(AF_UNIX, SOCK_STREAM, 0, fds);
		set_ret(r, x);
		if (x == 0) {
			r->has_fds = 1;
			r->fds[0] = fds[0];
			r->fds[1] = fds[1];
		}
		break;
	case C_EVENTFD:
		set_ret(r, syscall(SYS_eventfd2, (unsigned int)a[0], (int)a[1]));
		break;
	case C_SHUTDOWN:
		set_ret(r, shutdown((int)a[0], (int)a[1]));
		break;
	case C_READ:
		x = read((int)a[0], r->data, (size_t)a[1]);
		set_ret(r, x);
		r->has_data = x >= 0;
		r->dlen = x >= 0 ? (uint32_t)x : 0;
		break;
	case C_WRITE:
		set_ret(r, write((int)a[0], b, blen));
		break;
	case C_EVENTFD_READ:
		x = read((int)a[0], &v, 8);
		set_ret(r, x);
		if (x == 8) {
			r->has_u64 = 1;
			r->u64 = v;
		}
		break;
	case C_EVENTFD_WRITE:
		set_ret(r, write((int)a[0], &u, 8));
		break;
	case C_CLOSE:
		set_ret(r, close((int)a[0]));
		break;
	case C_DUP:
		set_ret(r, dup((int)a[0]));
		break;
	case C_DUP2:
		set_ret(r, dup2((int)a[0], (int)a[1]));
		break;
	case C_DUP3:
		set_ret(r, dup3((int)a[0], (int)a[1], (int)a[2]));
		break;
	case C_FCNTL:
		set_ret(r, syscall(SYS_fcntl, (int)a[0], (unsigned int)a[1], (unsigned long)(long)a[2]));
		break;
	case C_CLOSE_RANGE:
		set_ret(r, syscall(SYS_close_range, (unsigned int)a[0], (unsigned int)a[1], (unsigned int)a[2]));
		break;
	case C_MOUNT:
		set_ret(r, mount_tmpfs_p(b));
		break;
	case C_UMOUNT:
		set_ret(r, umount2(b, 0));
		break;
	case C_UMOUNT2:
		set_ret(r, umount2(b, (int)a[0]));
		break;
	case C_OPEN:
		set_ret(r, syscall(SYS_openat, AT_FDCWD, b, (int)a[0], 0644));
		break;
	case C_MKFIFO:
		set_ret(r, mknod(b, S_IFIFO | 0644, 0));
		break;
	case C_TIMERFD_CREATE:
		set_ret(r, timerfd_create((int)a[0], (int)a[1]));
		break;
	case C_TIMERFD_SETTIME:
		set_ret(r, timerfd_settime_args(a));
		break;
	case C_EPOLL_CREATE:
		set_ret(r, syscall(SYS_epoll_create, (int)a[0]));
		break;
	case C_EPOLL_CREATE1:
		set_ret(r, syscall(SYS_epoll_create1, (int)a[0]));
		break;
	case C_EPOLL_CTL: {
		struct epoll_event e = {.events = (uint32_t)a[4], .data = {.u64 = u}};
		set_ret(r, syscall(SYS_epoll_ctl, (int)a[0], (int)a[1], (int)a[2], a[3] ? &e : NULL));
		break;
	}
	case C_EPOLL_WAIT: {
		struct epoll_event *buf = a[3] ? (struct epoll_event *)ro_page : ev;
		set_events(r, syscall(SYS_epoll_wait, (int)a[0], buf, (int)a[1], (int)a[2]), a[3] ? NULL : ev);
		break;
	}
	case C_EPOLL_PWAIT2: {
		struct timespec ts = {.tv_sec = a[3], .tv_nsec = a[4]};
		set_events(r, syscall(SYS_epoll_pwait2, (int)a[0], ev, (int)a[1], a[2] ? &ts : NULL, NULL, 0), ev);
		break;
	}
	case C_POLL: {
		struct pollfd p = {.fd = (int)a[0], .events = (short)a[1]};
		set_ret(r, poll(&p, 1, (int)a[2]));
		r->has_ev = 1;
		if (r->ret > 0 && p.revents != 0) {
			r->evm[0] = (uint16_t)p.revents;
			r->evd[0] = (uint64_t)(int64_t)p.fd;
			r->nev = 1;
		}
		break;
	}
	default:
		r->ret = -1;
		r->err = ENOSYS;
	}
}

static _Thread_local int my_thread = -1;

/* Runs a thread's call `line`; the controller sees it as asleep in a call only between the two phase stores. */
static struct rec *rt_call(int line, int wait_ms, int own_ms, int call, const int64_t *a, const char *b,
			   uint32_t blen, uint64_t u)
{
	struct tslot *s = &shm->t[my_thread];
	s->line = line;
	s->wait_ms = wait_ms;
	int64_t t0 = now_ns();
	__atomic_store_n(&s->phase, PH_CALL, __ATOMIC_RELEASE);
	do_call(&s->recs[line], call, a, b, blen, u);
	__atomic_store_n(&s->phase, PH_RUN, __ATOMIC_RELEASE);
	s->recs[line].t0 = t0;
	s->recs[line].t1 = now_ns();
	s->recs[line].own_ms = own_ms;
	return &s->recs[line];
}

/* An init call: nothing is recorded. */
static struct rec init_rec;
static __attribute__((unused)) struct rec *rt_init_call(int call, const int64_t *a, const char *b, uint32_t blen, uint64_t u)
{
	do_call(&init_rec, call, a, b, blen, u);
	return &init_rec;
}

/* The call just made was recorded as blocked: the thread stops there. */
static int rt_stopped(void)
{
	return load(&shm->t[my_thread].stop) != 0;
}

static __attribute__((unused)) int fd_of(const struct rec *r, int i)
{
	if (r->has_fds)
		return r->ret < 0 ? -1 : r->fds[i];
	return r->ret < 0 ? -1 : (int)r->ret;
}

/* The test's part, generated (src/stress/codegen.ts). */
#include "STRESS_TEST_PART"

static void pin(int k)
{
	if (ncpu < 2)
		return;
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpus[k % ncpu], &set);
	sched_setaffinity(0, sizeof set, &set);
}

/* One iteration of thread k. */
static void thread_iteration(int k, uint32_t i)
{
	struct tslot *s = &shm->t[k];
	inc_wake(&shm->ready);
	for (uint32_t g; (g = load(&shm->go)) < i;)
		futex(&shm->go, FUTEX_WAIT, g, NULL);
	uint32_t all = N_THREADS * i;
	__atomic_add_fetch(&shm->arrived, 1, __ATOMIC_ACQ_REL);
	for (unsigned n = 1; load(&shm->arrived) < all; n++)
		if (n % 65536 == 0)
			sched_yield();
	spin(s->delay);
	__atomic_store_n(&s->phase, PH_RUN, __ATOMIC_RELEASE);
	gen_thread(k);
	__atomic_store_n(&s->phase, PH_DONE, __ATOMIC_RELEASE);
	inc_wake(&shm->finished);
}

struct tstart {
	int k;
	int once;	/* a thread of a process init forked: one iteration */
	uint32_t first; /* the iteration it starts at */
};
static struct tstart tstarts[MAX_THREADS];

static void *thread_main(void *arg)
{
	const struct tstart *t = arg;
	my_thread = t->k;
	pin(t->k);
	shm->t[t->k].pid = getpid();
	shm->t[t->k].tid = (int32_t)syscall(SYS_gettid);
	for (uint32_t i = t->first;; i++) {
		thread_iteration(t->k, i);
		if (t->once)
			return NULL;
	}
}

/* Starts the threads of process `proc`. */
static void start_threads(int proc, int once, uint32_t first, pthread_t *th)
{
	for (int k = 0; k < N_THREADS; k++) {
		if (TDESC[k].proc != proc)
			continue;
		tstarts[k] = (struct tstart){.k = k, .once = once, .first = first};
		pthread_attr_t attr;
		pthread_attr_init(&attr);
		pthread_attr_setstacksize(&attr, 256 * 1024);
		if (pthread_create(&th[k], &attr, thread_main, &tstarts[k]) != 0)
			_exit(3);
		pthread_attr_destroy(&attr);
	}
}

/* A process init forked: its threads run this iteration; then it waits for the end of the iteration and exits. */
static __attribute__((noreturn)) void rt_proc_main(int proc)
{
	pthread_t th[MAX_THREADS];
	uint32_t i = load(&shm->seq);
	start_threads(proc, 1, i, th);
	for (uint32_t e; (e = load(&shm->end)) < i;)
		futex(&shm->end, FUTEX_WAIT, e, NULL);
	for (int k = 0; k < N_THREADS; k++)
		if (TDESC[k].proc == proc)
			pthread_join(th[k], NULL);
	while (wait(NULL) > 0)
		;
	_exit(0);
}

/* fork() in init: the child becomes process `proc` of the test (its threads run there). */
static __attribute__((unused)) pid_t rt_fork(int proc)
{
	pid_t pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		rt_proc_main(proc);
	}
	return pid;
}

static void on_usr1(int sig)
{
	(void)sig;
}

/*
 * The host: the model's first process (fds 0-2 on /dev/null, NOFILE 1024, root = the sandbox). Its threads live across
 * iterations; each iteration it runs init, waits for the end, closes every fd init and the threads opened and reaps the
 * processes init forked. With FRESH_HOST (a test that can reach fds it did not open: fds 0-2 must be the model's) a
 * new host serves each iteration.
 */
static __attribute__((noreturn)) void host_main(const char *sandbox, uint32_t first)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	signal(SIGPIPE, SIG_IGN);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	int nul[3];
	for (int i = 0; i < 3; i++)
		if ((nul[i] = fcntl(open("/dev/null", O_RDWR), F_DUPFD, 100 + i)) < 0)
			_exit(4);
	if (chdir(sandbox) != 0 || chroot(".") != 0)
		_exit(4);
	for (int i = 0; i < 3; i++)
		if (dup2(nul[i], i) != i)
			_exit(4);
	struct rlimit rl = {NOFILE, NOFILE};
	if (syscall(SYS_close_range, 3u, ~0u, 0u) != 0 || setrlimit(RLIMIT_NOFILE, &rl) != 0)
		_exit(4);
	umask(022);
	pthread_t th[MAX_THREADS];
	start_threads(0, FRESH_HOST, first, th);
	for (uint32_t i = first;; i++) {
		for (uint32_t q; (q = load(&shm->seq)) < i;)
			futex(&shm->seq, FUTEX_WAIT, q, NULL);
		gen_init();
		inc_wake(&shm->ready); /* the threads may start */
		for (uint32_t e; (e = load(&shm->end)) < i;)
			futex(&shm->end, FUTEX_WAIT, e, NULL);
		syscall(SYS_close_range, 3u, ~0u, 0u);
		while (wait(NULL) > 0)
			;
		store_wake(&shm->cleaned, i);
		if (FRESH_HOST)
			_exit(0);
	}
}

/* ---- the controller's side ---- */

static char base[64] = "";
static pid_t host_pid;
static int it_mounted; /* the iteration's tmpfs is mounted */
static volatile sig_atomic_t stopping;

static void cleanup(void)
{
	if (host_pid > 0) {
		kill(host_pid, SIGKILL);
		waitpid(host_pid, NULL, 0);
		host_pid = 0;
	}
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	if (base[0] != '\0') {
		umount2(base, MNT_DETACH);
		base[0] = '\0';
	}
}

static void on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

/* Each thread's /proc/PID/task/TID/stat, kept open while the thread lives (a lookup per look is costly). */
static struct {
	int fd, pid, tid;
} statfd[MAX_THREADS];

/* State letter of thread k from its stat file; 0 if unreadable. */
static char thread_state(int k)
{
	struct tslot *s = &shm->t[k];
	if (statfd[k].fd <= 0 || statfd[k].pid != s->pid || statfd[k].tid != s->tid) {
		char path[64];
		if (statfd[k].fd > 0)
			close(statfd[k].fd);
		snprintf(path, sizeof path, "/proc/%d/task/%d/stat", s->pid, s->tid);
		statfd[k].fd = open(path, O_RDONLY | O_CLOEXEC);
		statfd[k].pid = s->pid;
		statfd[k].tid = s->tid;
	}
	char buf[512];
	ssize_t n = statfd[k].fd > 0 ? pread(statfd[k].fd, buf, sizeof buf - 1, 0) : -1;
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	char *p = strrchr(buf, ')');
	return p != NULL && p[1] == ' ' ? p[2] : 0;
}

/* Closes the stat files of threads that do not outlive the iteration. */
static void forget_threads(int all)
{
	for (int k = 0; k < N_THREADS; k++) {
		if (statfd[k].fd > 0 && (all || FRESH_HOST || TDESC[k].proc != 0)) {
			close(statfd[k].fd);
			statfd[k].fd = 0;
		}
	}
}

/*
 * Every thread has returned or sleeps inside a call (S or D): nothing of the test can wake another. Returns the
 * longest own timeout of the sleeping calls, or -1 when some thread is running; `lines` gets each thread's line.
 */
static int quiescent(int32_t *lines)
{
	int wait_ms = 0;
	for (int k = 0; k < N_THREADS; k++) {
		struct tslot *s = &shm->t[k];
		lines[k] = -1;
		if (load(&s->phase) == PH_DONE)
			continue;
		/* a call that never sleeps for good (umount waiting for RCU) is waited for, never recorded */
		if (load(&s->phase) != PH_CALL || s->wait_ms < 0)
			return -1;
		int32_t line = __atomic_load_n(&s->line, __ATOMIC_ACQUIRE);
		char st = thread_state(k);
		if ((st != 'S' && st != 'D') || load(&s->phase) != PH_CALL || s->line != line)
			return -1;
		lines[k] = line;
		if (s->wait_ms > wait_ms)
			wait_ms = s->wait_ms;
	}
	return wait_ms;
}

static void wait_futex(uint32_t *word, uint32_t seen, int64_t ns)
{
	struct timespec ts = {ns / 1000000000, ns % 1000000000};
	if (load(word) == seen)
		futex(word, FUTEX_WAIT, seen, &ts);
}

/* 1 when every thread of the iteration has returned, -1 when `hard` has passed, else 0; *f, *t: the count and time. */
static int threads_ended(uint32_t all, int64_t hard, uint32_t *f, int64_t *t)
{
	*f = load(&shm->finished);
	if (*f >= all)
		return 1;
	*t = now_ns();
	return *t >= hard ? -1 : 0;
}

/* Records the sleeping calls as blocked and interrupts them until every thread has returned. */
static int release_blocked(uint32_t all, int64_t hard)
{
	for (int k = 0; k < N_THREADS; k++) {
		struct tslot *s = &shm->t[k];
		if (load(&s->phase) == PH_DONE)
			continue;
		s->blocked = s->line;
		store_wake(&s->stop, 1);
	}
	for (int64_t next = 0;;) {
		uint32_t f;
		int64_t t;
		int e = threads_ended(all, hard, &f, &t);
		if (e != 0)
			return e > 0 ? 0 : -1;
		if (t >= next) {
			for (int k = 0; k < N_THREADS; k++)
				if (load(&shm->t[k].phase) != PH_DONE)
					syscall(SYS_tgkill, shm->t[k].pid, shm->t[k].tid, SIGUSR1);
			next = t + 5000000;
		}
		wait_futex(&shm->finished, f, 1000000);
	}
}

struct counts {
	uint64_t iterations, released, late, stuck;
	int64_t t_start, t_run, t_reap; /* ns spent starting the processes, running the threads, reaping them */
};

/* Waits for every thread of the iteration; 0 when they all returned, -1 when the iteration overran `hard`. */
static int await_threads(uint32_t all, int64_t budget_ns, int64_t hard, struct counts *c)
{
	int32_t lines[MAX_THREADS], seen[MAX_THREADS];
	int64_t quiet_since = -1;
	for (int64_t poll_ns = 50000;;) {
		uint32_t f;
		int64_t t;
		int e = threads_ended(all, hard, &f, &t);
		if (e != 0)
			return e > 0 ? 0 : -1;
		int w = quiescent(lines);
		if (w < 0) {
			quiet_since = -1;
		} else if (quiet_since < 0 || memcmp(lines, seen, sizeof lines) != 0) {
			/* a new quiet spell: every sleeping call must stay asleep for the whole budget */
			quiet_since = t;
			memcpy(seen, lines, sizeof lines);
		} else if (t - quiet_since >= budget_ns + (int64_t)w * 1000000) {
			c->released++;
			return release_blocked(all, hard);
		}
		wait_futex(&shm->finished, f, poll_ns);
		if (poll_ns < 200000)
			poll_ns *= 2;
	}
}

/* A histogram of keys (open addressing; keys are few). */
struct entry {
	char *key;
	uint64_t count;
};
static struct entry hist[HIST_SIZE];
static unsigned hist_used;

static void hist_add(const char *key)
{
	uint64_t h = 1469598103934665603ull;
	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	for (unsigned i = (unsigned)(h % HIST_SIZE);; i = (i + 1) % HIST_SIZE) {
		if (hist[i].key == NULL) {
			if (hist_used + 1 >= HIST_SIZE)
				fatal("EPM306", "more than %d distinct final states", HIST_SIZE - 1);
			hist[i].key = strdup(key);
			hist[i].count = 1;
			hist_used++;
			return;
		}
		if (strcmp(hist[i].key, key) == 0) {
			hist[i].count++;
			return;
		}
	}
}

static size_t put(char *key, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(key + n, n < KEY_MAX ? KEY_MAX - n : 0, fmt, ap);
	va_end(ap);
	return n + (w > 0 ? (size_t)w : 0);
}

/*
 * The iteration's key; 1 when no call recorded as blocked ended with EINTR once interrupted: something else woke them,
 * so they were not blocked and the iteration is not counted. (When several were, the first interrupted one may
 * release what the others sleep on, e.g. the deferred fput of I5's socket gives the peer's read EOF: they count.)
 */
static int iteration_key(char *key)
{
	size_t n = 0;
	int blocked = 0, eintr = 0;
	key[0] = '\0';
	for (int k = 0; k < N_THREADS; k++) {
		struct tslot *s = &shm->t[k];
		if (s->blocked >= 0) {
			blocked++;
			eintr += s->recs[s->blocked].err == EINTR;
		}
		for (int l = 0; l < TDESC[k].nlines; l++) {
			if (!TDESC[k].named[l])
				continue;
			const struct rec *r = &s->recs[l];
			if (l == s->blocked) {
				n = put(key, n, "|BLOCKS");
				continue;
			}
			if (l > s->line || (s->blocked >= 0 && l > s->blocked)) {
				n = put(key, n, "|-");
				continue;
			}
			n = put(key, n, "|RET %" PRId64 " %d", r->ret, r->err);
			if (r->has_fds)
				n = put(key, n, " fds=%d,%d", r->fds[0], r->fds[1]);
			if (r->has_data) {
				n = put(key, n, " data=");
				for (uint32_t i = 0; i < r->dlen; i++)
					n = put(key, n, "%02x", r->data[i]);
			}
			if (r->has_u64)
				n = put(key, n, " u64=%" PRIu64, r->u64);
			if (r->has_ev) {
				n = put(key, n, " ev=");
				for (int i = 0; i < r->nev; i++)
					n = put(key, n, "%s%" PRIu32 ":%" PRIu64, i == 0 ? "" : ",", r->evm[i], r->evd[i]);
			}
		}
	}
	if (n >= KEY_MAX)
		fatal("EPM306", "a final state longer than %d characters", KEY_MAX);
	return blocked > 0 && eintr == 0;
}

/* Did thread k, before its first call or between two, not run until after `deadline`? */
static int idle_past(int k, int64_t deadline)
{
	const struct tslot *s = &shm->t[k];
	for (int l = 0; l <= s->line && l < TDESC[k].nlines; l++)
		if (s->recs[l].t0 > deadline && (l == 0 || s->recs[l - 1].t1 < deadline))
			return 1;
	return 0;
}

/*
 * Did a call sleep through its own timeout (or timers) while another thread, between two calls or before its first,
 * had not run? The model moves its clock only when no thread can run, so such an iteration shows the host's
 * scheduling, not the kernel's: not counted (as late).
 */
static int starved(void)
{
	for (int k = 0; k < N_THREADS; k++) {
		const struct tslot *s = &shm->t[k];
		for (int l = 0; l <= s->line && l < TDESC[k].nlines; l++) {
			const struct rec *r = &s->recs[l];
			int64_t deadline = r->t0 + (int64_t)r->own_ms * 1000000;
			if (l == s->blocked || r->own_ms <= 0 || r->t1 < deadline)
				continue;
			for (int k2 = 0; k2 < N_THREADS; k2++)
				if (k2 != k && idle_past(k2, deadline))
					return 1;
		}
	}
	return 0;
}

static uint64_t rng_state;
static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Spin loops per microsecond of this machine. */
static double calibrate(void)
{
	int64_t t0 = now_ns();
	spin(20000000);
	int64_t dt = now_ns() - t0;
	return dt > 0 ? 20000000.0 * 1000.0 / (double)dt : 1000.0;
}

static void setup(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) == 0)
		for (int i = 0; i < CPU_SETSIZE && ncpu < 64; i++)
			if (CPU_ISSET(i, &set))
				cpus[ncpu++] = i;
	shm = mmap(NULL, sizeof *shm, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ro_page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (shm == MAP_FAILED || ro_page == MAP_FAILED)
		fatal("EPM306", "mmap: %s", strerror(errno));
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	private_namespace("stress");
	/* a tmpfs over /tmp in this namespace only: nothing is created on the host's filesystems */
	snprintf(base, sizeof base, "/tmp");
	if (mount("tmpfs", base, "tmpfs", 0, "mode=0755") != 0)
		fatal("EPM303", "mounting a tmpfs on %s: %s", base, strerror(errno));
}

/* Waits until *word >= want; -1 when the host died or `hard` passed first. */
static int await_word(uint32_t *word, uint32_t want, int64_t hard)
{
	for (;;) {
		uint32_t v = load(word);
		if (v >= want)
			return 0;
		int st;
		if (waitpid(host_pid, &st, WNOHANG) == host_pid) {
			host_pid = 0;
			return -1;
		}
		if (now_ns() >= hard)
			return -1;
		wait_futex(word, v, 1000000);
	}
}

/* Starts a host for iterations from `first` on (a fresh tmpfs for it when the test uses paths). */
static void spawn_host(const char *it, uint32_t first)
{
	char sandbox[128];
	snprintf(sandbox, sizeof sandbox, "%s/sandbox", it);
	if (USES_PATHS) {
		if (mount("tmpfs", it, "tmpfs", 0, "mode=0755") != 0)
			fatal("EPM303", "a fresh tmpfs on %s: %s", it, strerror(errno));
		it_mounted = 1;
		if (mkdir(sandbox, 0755) != 0)
			fatal("EPM303", "mkdir %s: %s", sandbox, strerror(errno));
	}
	/* a killed host may have left its counts anywhere: start them where iteration `first` expects them */
	shm->ready = (N_THREADS + 1) * (first - 1);
	shm->arrived = shm->finished = N_THREADS * (first - 1);
	shm->seq = shm->go = shm->end = shm->cleaned = first - 1;
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		fatal("EPM306", "fork: %s", strerror(errno));
	if (pid == 0)
		host_main(sandbox, first);
	host_pid = pid;
}

/* Ends the host (killed unless it exited by itself) and everything it left: processes, the iteration's tmpfs. */
static void end_host(const char *it, int kill_it)
{
	if (host_pid > 0) {
		if (kill_it)
			kill(host_pid, SIGKILL);
		waitpid(host_pid, NULL, 0);
		host_pid = 0;
	}
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	if (it_mounted && umount2(it, MNT_DETACH) != 0)
		fatal("EPM306", "detaching %s: %s", it, strerror(errno));
	it_mounted = 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	if (ftw->level == 0)
		return 0;
	if ((flag == FTW_DP ? rmdir(path) : unlink(path)) != 0)
		fatal("EPM306", "cleaning the sandbox: removing %s: %s", path, strerror(errno));
	return 0;
}

/* What an iteration left in the sandbox of a host that serves the next one too: its mounts and its files. */
static void clean_sandbox(const char *sandbox)
{
	size_t n = strlen(sandbox);
	char *line = NULL;
	size_t cap = 0;
	for (int found = 1, pass = 0; found; pass++) {
		if (pass == 64)
			fatal("EPM306", "cleaning the sandbox: mounts keep appearing under %s", sandbox);
		FILE *f = fopen("/proc/self/mountinfo", "r");
		if (f == NULL)
			fatal("EPM306", "reading /proc/self/mountinfo: %s", strerror(errno));
		found = 0;
		while (getline(&line, &cap, f) > 0) {
			char mp[4096];
			if (sscanf(line, "%*s %*s %*s %*s %4095s", mp) == 1 && strncmp(mp, sandbox, n) == 0 && mp[n] == '/') {
				if (umount2(mp, MNT_DETACH) != 0 && errno != EINVAL && errno != ENOENT)
					fatal("EPM306", "cleaning the sandbox: detaching %s: %s", mp, strerror(errno));
				found = 1;
			}
		}
		fclose(f);
	}
	free(line);
	nftw(sandbox, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Iteration i: 0 counted, 1 late, -1 stuck (the host was killed). */
static int iteration(uint32_t i, const char *it, int64_t budget_ns, uint64_t delay_loops, struct counts *c,
		     char *key)
{
	char sandbox[128];
	snprintf(sandbox, sizeof sandbox, "%s/sandbox", it);
	if (host_pid == 0)
		spawn_host(it, i);
	for (int k = 0; k < N_THREADS; k++) {
		struct tslot *s = &shm->t[k];
		s->phase = PH_IDLE;
		s->line = -1;
		s->stop = 0;
		s->blocked = -1;
		s->delay = delay_loops == 0 ? 0 : rng() % (delay_loops + 1);
	}
	int64_t t0 = now_ns(), hard = t0 + 5000000000ll + budget_ns * 10;
	uint32_t all = N_THREADS * i;
	store_wake(&shm->seq, i);
	int stuck = await_word(&shm->ready, all + i, hard) != 0;
	int64_t t1 = now_ns();
	if (!stuck) {
		store_wake(&shm->go, i);
		stuck = await_threads(all, budget_ns, hard, c) != 0;
	}
	int late = !stuck && (iteration_key(key) != 0 || starved());
	int64_t t2 = now_ns();
	store_wake(&shm->end, i);
	stuck = stuck || await_word(&shm->cleaned, i, hard + 2000000000ll) != 0;
	forget_threads(stuck);
	if (stuck || FRESH_HOST)
		end_host(it, stuck);
	else if (USES_PATHS)
		clean_sandbox(sandbox);
	c->t_start += t1 - t0;
	c->t_run += t2 - t1;
	c->t_reap += now_ns() - t2;
	if (stuck)
		c->stuck++;
	else if (late)
		c->late++;
	else {
		hist_add(key);
		c->iterations++;
	}
	return stuck ? -1 : late;
}

int main(int argc, char **argv)
{
	if (argc != 6) {
		fprintf(stderr, "usage: %s ITERATIONS TIME_MS SEED BUDGET_MS DELAY_NS\n", argv[0]);
		return 2;
	}
	uint64_t iterations = strtoull(argv[1], NULL, 10);
	int64_t time_ns = strtoll(argv[2], NULL, 10) * 1000000;
	rng_state = strtoull(argv[3], NULL, 10);
	int64_t budget_ns = strtoll(argv[4], NULL, 10) * 1000000;
	int64_t delay_ns = strtoll(argv[5], NULL, 10);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	signal(SIGHUP, on_term);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	setup();
	uint64_t delay_loops = (uint64_t)(calibrate() * (double)delay_ns / 1000.0);
	char it[96];
	snprintf(it, sizeof it, "%s/it", base);
	char sandbox[128];
	snprintf(sandbox, sizeof sandbox, "%s/sandbox", it);
	if (mkdir(it, 0755) != 0 || (!USES_PATHS && mkdir(sandbox, 0755) != 0))
		fatal("EPM303", "mkdir %s: %s", it, strerror(errno));
	static char key[KEY_MAX];
	struct counts c = {0};
	int64_t t0 = now_ns();
	for (uint32_t i = 1; i <= iterations && !stopping && (time_ns <= 0 || now_ns() - t0 < time_ns); i++)
		iteration(i, it, budget_ns, delay_loops, &c, key);
	int64_t elapsed = (now_ns() - t0) / 1000000;
	end_host(it, 1);
	cleanup();
	if (getenv("EPOLL_LAB_STRESS_PROFILE") != NULL)
		fprintf(stderr, "start %" PRId64 " us, run %" PRId64 " us, reap %" PRId64 " us per iteration\n",
			c.t_start / 1000 / (int64_t)(c.iterations + 1), c.t_run / 1000 / (int64_t)(c.iterations + 1),
			c.t_reap / 1000 / (int64_t)(c.iterations + 1));
	printf("STRESS %" PRIu64 " %" PRId64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %d\n", c.iterations, elapsed,
	       c.released, c.late, c.stuck, ncpu);
	for (unsigned i = 0; i < HIST_SIZE; i++)
		if (hist[i].key != NULL)
			printf("STATE %" PRIu64 " %s\n", hist[i].count, hist[i].key);
	printf("END\n");
	fflush(stdout);
	return 0;
}
