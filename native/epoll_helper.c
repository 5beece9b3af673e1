/*
 * The real-kernel oracle's helper: runs syscall-script calls on the host kernel for epoll-lab.
 *
 * Built at test/run time by src/oracle/build.ts with the system cc. Protocol (one line each way, see
 * src/oracle/protocol.ts):
 *   <- READY <controller pid>                       once, after the sandbox is set up
 *   -> CALL <slot> <budget_ms> <call> <arg>...      run one call in process slot <slot>
 *   <- RET <ret> <errno> [fds=A,B] [data=HEX] [u64=N] [ev=BITS:DATA,...] [pid=N]
 *   <- BLOCKS                                       the call was still asleep after <budget_ms>
 *   -> RESET                                        <- READY <controller pid> after killing every process and
 *                                                      starting again on a fresh sandbox (the next script)
 *   -> QUIT                                         <- BYE after killing every process and cleaning up
 *   <- FATAL <EPMnnn> <message>                     the helper cannot go on (it exits)
 * Integers are decimal; bytes and paths are hex strings prefixed with 'x' ("x" alone is empty).
 *
 * Layout: a controller process talks to Node on stdin/stdout. The calls run in worker processes whose fd tables
 * hold nothing but the script's fds (0, 1, 2 are three separate opens of /dev/null, as in the model) so that
 * close_range or dup2 cannot hit a channel: requests and results travel through one MAP_SHARED mailbox with a
 * futex word per worker. fork() is clone(CLONE_PARENT) so every worker is the controller's child: it can
 * waitpid() an exit() to completion and notice a crash. Everything runs in a private mount namespace; the
 * workers are chrooted to a sandbox directory on a tmpfs that is detached and removed at the end. RESET kills every
 * worker, detaches that tmpfs (with whatever the script mounted on it) and starts the next script on a fresh one, so
 * one helper serves a whole conformance run.
 */
#include "host_common.h"

#define MAX_SLOTS 256
#define MAX_COUNT (1u << 24) /* the largest read/write count a script may pass (src/script/args.ts) */
#define MAX_PATH 65536 /* the longest path a script may pass (MAX_PATH_ARG in src/script/args.ts) */
#define EVBUF_LEN 65536 /* epoll events the buffer can take: more than any script can have ready */
#define NOFILE 1024     /* RLIMIT_NOFILE of the model's processes */

/* Argument kinds: i = signed integer, u = u64, b = bytes (hex), p = path (hex). */
static const struct {
	const char *name;
	const char *args;
} CALLS[C_COUNT] = {
	[C_PIPE] = {"pipe", ""},
	[C_PIPE2] = {"pipe2", "i"},
	[C_EVENTFD] = {"eventfd", "ii"},
	[C_SOCKETPAIR] = {"socketpair", ""},
	[C_READ] = {"read", "ii"},
	[C_WRITE] = {"write", "ib"},
	[C_EVENTFD_READ] = {"eventfd_read", "i"},
	[C_EVENTFD_WRITE] = {"eventfd_write", "iu"},
	[C_CLOSE] = {"close", "i"},
	[C_DUP] = {"dup", "i"},
	[C_DUP2] = {"dup2", "ii"},
	[C_DUP3] = {"dup3", "iii"},
	[C_FCNTL] = {"fcntl", "iii"},
	[C_CLOSE_RANGE] = {"close_range", "iii"},
	[C_SHUTDOWN] = {"shutdown", "ii"},
	[C_MOUNT] = {"mount", "p"},
	[C_UMOUNT] = {"umount", "p"},
	[C_UMOUNT2] = {"umount2", "pi"},
	[C_OPEN] = {"open", "pi"},
	[C_MKFIFO] = {"mkfifo", "p"},
	[C_FORK] = {"fork", "i"},
	[C_EXIT] = {"exit", ""},
	[C_TIMERFD_CREATE] = {"timerfd_create", "ii"},
	[C_TIMERFD_SETTIME] = {"timerfd_settime", "iiiiii"},
	[C_EPOLL_CREATE] = {"epoll_create", "i"},
	[C_EPOLL_CREATE1] = {"epoll_create1", "i"},
	[C_EPOLL_CTL] = {"epoll_ctl", "iiiiiu"},
	[C_EPOLL_WAIT] = {"epoll_wait", "iiii"},
	[C_EPOLL_PWAIT2] = {"epoll_pwait2", "iiiii"},
	[C_POLL] = {"poll", "iii"},
};

/* Per-worker futex words: the controller bumps `req`; the worker sets `taken` when it starts, `done` at the end. */
struct slot {
	uint32_t req;
	uint32_t taken;
	uint32_t done;
	uint32_t pad;
};

struct mailbox {
	struct slot slots[MAX_SLOTS];
	/* The request in flight (only one at a time: a call that blocks ends the script). */
	int call;
	int64_t a[6];
	uint64_t u;
	uint32_t blen;
	/* The result. */
	int64_t ret;
	int err;
	int fds[2];
	int has_fds;
	uint64_t u64;
	int has_u64;
	uint32_t rlen;
	int nev;
	int has_ev;
	int64_t pid;
	/* Start-up of the first process: `ready` is set when it is ready or has failed (errno and what failed). */
	uint32_t ready;
	int init_err;
	char init_what[64];
	struct epoll_event ev[EVBUF_LEN];
	unsigned char wbuf[MAX_COUNT + MAX_PATH + 1];
	unsigned char rbuf[MAX_COUNT];
};

static struct mailbox *mb;
static void *ro_page; /* a page the kernel cannot write to: the faulting buffer of epoll_wait(..., NULL) */
static char base[64] = "";
static char sandbox[128];
static pid_t pids[MAX_SLOTS];
static pid_t controller;

/* ---- worker side ---- */

static int64_t sysret(long r)
{
	mb->err = r < 0 ? errno : 0;
	return r < 0 ? -1 : r;
}

static void fd_pair(long r, const int *fds)
{
	mb->ret = sysret(r);
	if (r == 0) {
		mb->fds[0] = fds[0];
		mb->fds[1] = fds[1];
		mb->has_fds = 1;
	}
}

static void events_result(long r, const struct epoll_event *buf)
{
	mb->ret = sysret(r);
	mb->has_ev = 1;
	mb->nev = 0;
	if (r > 0 && buf == mb->ev)
		mb->nev = (int)r;
}

/* Runs the request in the mailbox. Returns the slot the caller continues in (fork's child switches slots). */
static int run_call(int slot, uint32_t *child_seen)
{
	const int64_t *a = mb->a;
	const char *path = (const char *)mb->wbuf;
	int fds[2];
	uint64_t v;
	long r;
	int new_slot;
	mb->has_fds = mb->has_u64 = mb->has_ev = 0;
	mb->rlen = 0;
	mb->nev = 0;
	mb->pid = 0;
	mb->err = 0;
	errno = 0;
	switch (mb->call) {
	case C_PIPE:
		fd_pair(pipe(fds), fds);
		break;
	case C_PIPE2:
		fd_pair(pipe2(fds, (int)a[0]), fds);
		break;
	case C_EVENTFD:
		mb->ret = sysret(syscall(SYS_eventfd2, (unsigned int)a[0], (int)a[1]));
		break;
	case C_SOCKETPAIR:
		fd_pair(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), fds);
		break;
	case C_READ:
		r = read((int)a[0], mb->rbuf, (size_t)a[1]);
		mb->ret = sysret(r);
		if (r >= 0)
			mb->rlen = (uint32_t)r;
		break;
	case C_WRITE:
		mb->ret = sysret(write((int)a[0], mb->wbuf, mb->blen));
		break;
	case C_EVENTFD_READ:
		r = read((int)a[0], &v, 8);
		mb->ret = sysret(r);
		if (r == 8) {
			mb->u64 = v;
			mb->has_u64 = 1;
		}
		break;
	case C_EVENTFD_WRITE:
		v = mb->u;
		mb->ret = sysret(write((int)a[0], &v, 8));
		break;
	case C_CLOSE:
		mb->ret = sysret(close((int)a[0]));
		break;
	case C_DUP:
		mb->ret = sysret(dup((int)a[0]));
		break;
	case C_DUP2:
		mb->ret = sysret(dup2((int)a[0], (int)a[1]));
		break;
	case C_DUP3:
		mb->ret = sysret(dup3((int)a[0], (int)a[1], (int)a[2]));
		break;
	case C_FCNTL:
		mb->ret = sysret(syscall(SYS_fcntl, (int)a[0], (unsigned int)a[1], (unsigned long)(long)a[2]));
		break;
	case C_CLOSE_RANGE:
		mb->ret = sysret(syscall(SYS_close_range, (unsigned int)a[0], (unsigned int)a[1], (unsigned int)a[2]));
		break;
	case C_SHUTDOWN:
		mb->ret = sysret(shutdown((int)a[0], (int)a[1]));
		break;
	case C_MOUNT:
		mb->ret = sysret(mount_tmpfs_p(path));
		break;
	case C_UMOUNT:
		mb->ret = sysret(umount2(path, 0));
		break;
	case C_UMOUNT2:
		mb->ret = sysret(umount2(path, (int)a[0]));
		break;
	case C_OPEN:
		mb->ret = sysret(syscall(SYS_openat, AT_FDCWD, path, (int)a[0], 0644));
		break;
	case C_MKFIFO:
		mb->ret = sysret(mknod(path, S_IFIFO | 0644, 0));
		break;
	case C_FORK:
		/* The new slot's request count before the clone: the controller bumps it only after our answer. */
		/* (Read before the clone: the mailbox holds the next request as soon as the parent has answered.) */
		new_slot = (int)a[0];
		*child_seen = load(&mb->slots[new_slot].req);
		r = syscall(SYS_clone, CLONE_PARENT | SIGCHLD, 0, NULL, NULL, 0);
		if (r == 0) {
			/* The child: the controller is its parent too; it takes requests in its own slot. */
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() != controller)
				_exit(1);
			return new_slot;
		}
		mb->ret = sysret(r < 0 ? r : 0);
		mb->pid = r;
		break;
	case C_EXIT:
		/* exit_files() and the task_work of the final fputs run before the controller's waitpid returns. */
		_exit(0);
	case C_TIMERFD_CREATE:
		mb->ret = sysret(timerfd_create((int)a[0], (int)a[1]));
		break;
	case C_TIMERFD_SETTIME:
		mb->ret = sysret(timerfd_settime_args(a));
		break;
	case C_EPOLL_CREATE:
		mb->ret = sysret(syscall(SYS_epoll_create, (int)a[0]));
		break;
	case C_EPOLL_CREATE1:
		mb->ret = sysret(syscall(SYS_epoll_create1, (int)a[0]));
		break;
	case C_EPOLL_CTL: {
		struct epoll_event ev = {.events = (uint32_t)a[4], .data = {.u64 = mb->u}};
		mb->ret = sysret(syscall(SYS_epoll_ctl, (int)a[0], (int)a[1], (int)a[2], a[3] ? &ev : NULL));
		break;
	}
	case C_EPOLL_WAIT: {
		struct epoll_event *buf = a[3] ? (struct epoll_event *)ro_page : mb->ev;
		events_result(syscall(SYS_epoll_wait, (int)a[0], buf, (int)a[1], (int)a[2]), buf);
		break;
	}
	case C_EPOLL_PWAIT2: {
		struct timespec ts = {.tv_sec = a[3], .tv_nsec = a[4]};
		events_result(syscall(SYS_epoll_pwait2, (int)a[0], mb->ev, (int)a[1], a[2] ? &ts : NULL, NULL, 0),
			      mb->ev);
		break;
	}
	case C_POLL: {
		struct pollfd p = {.fd = (int)a[0], .events = (short)a[1]};
		mb->ret = sysret(poll(&p, 1, (int)a[2]));
		mb->has_ev = 1;
		if (mb->ret > 0 && p.revents != 0) {
			mb->ev[0].events = (uint16_t)p.revents;
			mb->ev[0].data.u64 = (uint64_t)(int64_t)p.fd;
			mb->nev = 1;
		}
		break;
	}
	default:
		mb->ret = -1;
		mb->err = ENOSYS;
	}
	return slot;
}

/* Serves requests in `slot`; `seen` is the slot's request count the process starts from. */
static void worker_loop(int slot, uint32_t seen)
{
	for (;;) {
		uint32_t cur;
		while ((cur = load(&mb->slots[slot].req)) == seen)
			futex(&mb->slots[slot].req, FUTEX_WAIT, seen, NULL);
		seen = cur;
		store_wake(&mb->slots[slot].taken, seen);
		/* fork's child comes back in its own slot: the parent answers; the child waits for its first request. */
		uint32_t child_seen = 0;
		int next = run_call(slot, &child_seen);
		if (next != slot) {
			slot = next;
			seen = child_seen;
			continue;
		}
		store_wake(&mb->slots[slot].done, seen);
	}
}

static void init_fail(const char *what)
{
	mb->init_err = errno;
	snprintf(mb->init_what, sizeof mb->init_what, "%s", what);
	store_wake(&mb->ready, 1);
	_exit(1);
}

/* The first process: no fds but three separate opens of /dev/null, RLIMIT_NOFILE 1024, root = the sandbox. */
static void worker_main(void)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != controller)
		_exit(1);
	signal(SIGPIPE, SIG_IGN);
	struct rlimit rl = {NOFILE, NOFILE};
	int nul[3];
	for (int i = 0; i < 3; i++) {
		nul[i] = fcntl(open("/dev/null", O_RDWR), F_DUPFD, 100 + i);
		if (nul[i] < 0)
			init_fail("open /dev/null");
	}
	if (chdir(sandbox) != 0 || chroot(".") != 0)
		init_fail("chroot to the sandbox");
	for (int i = 0; i < 3; i++)
		if (dup2(nul[i], i) != i)
			init_fail("dup2 /dev/null");
	if (syscall(SYS_close_range, 3u, ~0u, 0u) != 0)
		init_fail("close_range");
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
		init_fail("setrlimit RLIMIT_NOFILE");
	umask(022);
	store_wake(&mb->ready, 1);
	worker_loop(0, 0);
}

/* ---- controller side ---- */

static void kill_workers(void);

/* Called by fatal(). */
static void cleanup(void)
{
	kill_workers();
	if (base[0] != '\0') {
		umount2(base, MNT_DETACH);
		rmdir(base);
		base[0] = '\0';
	}
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* State letter and voluntary context switches of a process, from /proc/PID/status; 0 if unreadable. */
static char proc_state(pid_t pid, unsigned long *vcs)
{
	char path[64], line[256], st = 0;
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return 0;
	*vcs = 0;
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, "State:", 6) == 0)
			sscanf(line + 6, " %c", &st);
		else if (strncmp(line, "voluntary_ctxt_switches:", 24) == 0)
			*vcs = strtoul(line + 24, NULL, 10);
	}
	fclose(f);
	return st;
}

/* Asleep in the kernel and staying asleep: two looks 20 ms apart with no wakeup in between. */
static int asleep(pid_t pid)
{
	unsigned long v1, v2;
	char s1 = proc_state(pid, &v1);
	if (s1 != 'S' && s1 != 'D')
		return 0;
	struct timespec d = {0, 20 * 1000000};
	nanosleep(&d, NULL);
	char s2 = proc_state(pid, &v2);
	return (s2 == 'S' || s2 == 'D') && v1 == v2;
}

enum wait_end { W_DONE, W_BLOCKS, W_EXITED, W_DIED };

/*
 * Waits for the worker in `slot` to finish request `seq`. A worker still asleep in its call after `budget` ms is
 * blocked (W_BLOCKS); one that is running keeps being waited for (a loaded machine), up to a hard limit.
 */
static enum wait_end await_call(int slot, uint32_t seq, int64_t budget, int *status)
{
	struct slot *s = &mb->slots[slot];
	int64_t deadline = now_ms() + budget, hard = deadline + 30000;
	for (;;) {
		if (load(&s->done) == seq)
			return W_DONE;
		pid_t w = waitpid(pids[slot], status, WNOHANG);
		if (w == pids[slot]) {
			pids[slot] = 0;
			return WIFEXITED(*status) && WEXITSTATUS(*status) == 0 ? W_EXITED : W_DIED;
		}
		int64_t t = now_ms();
		if (t >= deadline) {
			if (load(&s->taken) == seq && asleep(pids[slot]) && load(&s->done) != seq)
				return W_BLOCKS;
			if (t >= hard)
				fatal("EPM302", "process slot %d neither finished nor slept for %" PRId64 " ms", slot,
				      hard - deadline + budget);
			deadline = t + 20;
		}
		int64_t left = deadline - t;
		struct timespec ts = {0, (left < 5 ? left : 5) * 1000000};
		uint32_t d = load(&s->done);
		if (d != seq)
			futex(&s->done, FUTEX_WAIT, d, &ts);
	}
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes "xHEX" into mb->wbuf (NUL-terminated); returns the length or -1. */
static long unhex(const char *s, size_t max)
{
	if (s[0] != 'x')
		return -1;
	s++;
	size_t n = strlen(s);
	if (n % 2 != 0 || n / 2 > max)
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		int h = hexval(s[2 * i]), l = hexval(s[2 * i + 1]);
		if (h < 0 || l < 0)
			return -1;
		mb->wbuf[i] = (unsigned char)(h * 16 + l);
	}
	mb->wbuf[n / 2] = '\0';
	return (long)(n / 2);
}

static int parse_i64(const char *s, int64_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	if (s[0] == '-')
		return -1;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

static void reply_ret(void)
{
	static const char digits[] = "0123456789abcdef";
	printf("RET %" PRId64 " %d", mb->ret, mb->err);
	if (mb->has_fds)
		printf(" fds=%d,%d", mb->fds[0], mb->fds[1]);
	if (mb->call == C_READ && mb->ret >= 0) {
		fputs(" data=", stdout);
		for (uint32_t i = 0; i < mb->rlen; i++) {
			putchar(digits[mb->rbuf[i] >> 4]);
			putchar(digits[mb->rbuf[i] & 15]);
		}
	}
	if (mb->has_u64)
		printf(" u64=%" PRIu64, mb->u64);
	if (mb->has_ev) {
		fputs(" ev=", stdout);
		for (int i = 0; i < mb->nev; i++)
			printf("%s%" PRIu32 ":%" PRIu64, i == 0 ? "" : ",", mb->ev[i].events, (uint64_t)mb->ev[i].data.u64);
	}
	if (mb->call == C_FORK && mb->pid > 0)
		printf(" pid=%" PRId64, mb->pid);
	putchar('\n');
	fflush(stdout);
}

__attribute__((noreturn)) static void protocol_error(const char *what)
{
	fatal("EPM302", "bad request: %s", what);
}

/* Handles one CALL line (already split into words). */
static void handle_call(char **w, int nw)
{
	int64_t slot64, budget;
	if (nw < 4 || parse_i64(w[1], &slot64) != 0 || parse_i64(w[2], &budget) != 0)
		protocol_error("CALL needs a slot, a budget and a call");
	if (slot64 < 0 || slot64 >= MAX_SLOTS || pids[slot64] <= 0)
		protocol_error("no such process slot");
	int slot = (int)slot64;
	int call = -1;
	for (int i = 0; i < C_COUNT; i++)
		if (strcmp(CALLS[i].name, w[3]) == 0)
			call = i;
	if (call < 0)
		protocol_error("unknown call");
	const char *kinds = CALLS[call].args;
	if ((size_t)(nw - 4) != strlen(kinds))
		protocol_error("wrong number of arguments");
	mb->call = call;
	memset(mb->a, 0, sizeof mb->a);
	mb->u = 0;
	mb->blen = 0;
	int ai = 0;
	for (int i = 0; kinds[i] != '\0'; i++) {
		const char *arg = w[4 + i];
		long n;
		switch (kinds[i]) {
		case 'i':
			if (parse_i64(arg, &mb->a[ai++]) != 0)
				protocol_error("bad integer");
			break;
		case 'u':
			if (parse_u64(arg, &mb->u) != 0)
				protocol_error("bad u64");
			break;
		case 'b':
		case 'p':
			n = unhex(arg, kinds[i] == 'b' ? MAX_COUNT : MAX_PATH);
			if (n < 0)
				protocol_error("bad hex string");
			mb->blen = (uint32_t)n;
			break;
		}
	}
	if (call == C_FORK) {
		int ns = (int)mb->a[0];
		if (ns <= 0 || ns >= MAX_SLOTS || pids[ns] != 0)
			protocol_error("fork into a slot in use");
	}
	struct slot *s = &mb->slots[slot];
	uint32_t seq = load(&s->req) + 1;
	store_wake(&s->req, seq);
	int status = 0;
	enum wait_end e = await_call(slot, seq, budget, &status);
	switch (e) {
	case W_DONE:
		if (call == C_FORK && mb->pid > 0)
			pids[(int)mb->a[0]] = (pid_t)mb->pid;
		reply_ret();
		break;
	case W_EXITED:
		if (call != C_EXIT)
			fatal("EPM302", "process slot %d exited during %s", slot, CALLS[call].name);
		mb->ret = 0;
		mb->err = 0;
		reply_ret();
		break;
	case W_BLOCKS:
		printf("BLOCKS\n");
		fflush(stdout);
		break;
	case W_DIED:
		if (WIFSIGNALED(status))
			fatal("EPM302", "process slot %d was killed by signal %d during %s", slot, WTERMSIG(status),
			      CALLS[call].name);
		fatal("EPM302", "process slot %d exited with status %d during %s", slot, WEXITSTATUS(status),
		      CALLS[call].name);
	}
}

/* A fresh tmpfs on `base` holding the empty sandbox directory (not a mount root, as in the model). */
static void new_sandbox(void)
{
	if (mount("tmpfs", base, "tmpfs", 0, "mode=0755") != 0)
		fatal("EPM303", "mounting a tmpfs on %s: %s", base, strerror(errno));
	snprintf(sandbox, sizeof sandbox, "%s/sandbox", base);
	if (mkdir(sandbox, 0755) != 0)
		fatal("EPM303", "mkdir %s: %s", sandbox, strerror(errno));
}

/* Starts the first process in slot 0 and waits until it is ready. */
static void spawn_first(void)
{
	memset(mb->slots, 0, sizeof mb->slots);
	mb->ready = 0;
	mb->init_err = 0;
	mb->init_what[0] = '\0';
	pid_t pid = fork();
	if (pid < 0)
		fatal("EPM303", "fork: %s", strerror(errno));
	if (pid == 0)
		worker_main();
	pids[0] = pid;
	for (int64_t end = now_ms() + 10000; load(&mb->ready) == 0;) {
		int status;
		if (waitpid(pid, &status, WNOHANG) == pid) {
			pids[0] = 0;
			break;
		}
		if (now_ms() >= end)
			break;
		struct timespec ts = {0, 5 * 1000000};
		futex(&mb->ready, FUTEX_WAIT, 0, &ts);
	}
	if (load(&mb->ready) == 0 || mb->init_err != 0 || pids[0] == 0)
		fatal("EPM303", "starting the first process: %s: %s", mb->init_what[0] ? mb->init_what : "no answer",
		      strerror(mb->init_err));
}

static void kill_workers(void)
{
	for (int i = 0; i < MAX_SLOTS; i++) {
		if (pids[i] > 0) {
			kill(pids[i], SIGKILL);
			waitpid(pids[i], NULL, 0);
			pids[i] = 0;
		}
	}
}

/* The next script: no process, no mount, no file of the previous one survives. */
static void reset(void)
{
	kill_workers();
	if (umount2(base, MNT_DETACH) != 0)
		fatal("EPM302", "detaching the sandbox %s: %s", base, strerror(errno));
	new_sandbox();
	spawn_first();
}

static void setup(void)
{
	controller = getpid();
	mb = mmap(NULL, sizeof *mb, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mb == MAP_FAILED)
		fatal("EPM302", "mmap of the mailbox: %s", strerror(errno));
	ro_page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ro_page == MAP_FAILED)
		fatal("EPM302", "mmap of the read-only page: %s", strerror(errno));
	private_namespace("the oracle");
	const char *tmp = getenv("TMPDIR");
	if (tmp == NULL || tmp[0] == '\0' || strlen(tmp) > 40)
		tmp = "/tmp";
	char tmpl[64];
	snprintf(tmpl, sizeof tmpl, "%s/epoll-lab-oracle.XXXXXX", tmp);
	if (mkdtemp(tmpl) == NULL)
		fatal("EPM303", "mkdtemp %s: %s", tmpl, strerror(errno));
	snprintf(base, sizeof base, "%s", tmpl);
	new_sandbox(); /* on failure, fatal's cleanup removes `base` again */
	spawn_first();
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	setup();
	printf("READY %d\n", (int)controller);
	fflush(stdout);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	char **words = NULL;
	size_t wcap = 0;
	while ((n = getline(&line, &cap, stdin)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		int nw = 0;
		for (char *save = NULL, *t = strtok_r(line, " ", &save); t != NULL; t = strtok_r(NULL, " ", &save)) {
			if ((size_t)nw == wcap) {
				wcap = wcap == 0 ? 16 : wcap * 2;
				words = realloc(words, wcap * sizeof *words);
				if (words == NULL)
					fatal("EPM302", "out of memory");
			}
			words[nw++] = t;
		}
		if (nw == 0)
			continue;
		if (strcmp(words[0], "QUIT") == 0)
			break;
		if (strcmp(words[0], "CALL") == 0) {
			handle_call(words, nw);
		} else if (strcmp(words[0], "RESET") == 0) {
			reset();
			printf("READY %d\n", (int)controller);
			fflush(stdout);
		}
		else
			protocol_error("unknown request");
	}
	cleanup();
	printf("BYE\n");
	fflush(stdout);
	free(line);
	free(words);
	return 0;
}
