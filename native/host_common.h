/*
 * What the oracle's helper (epoll_helper.c) and the stress harness (stress_runtime.c) share: headers, futex words,
 * the FATAL line, the private mount namespace and the calls whose host form needs more than one syscall.
 * Each program defines cleanup() (called by fatal) before including this file's users.
 */
#ifndef EPOLL_LAB_HOST_COMMON_H
#define EPOLL_LAB_HOST_COMMON_H
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/futex.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SYS_epoll_pwait2
#define SYS_epoll_pwait2 441
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

#define HOST_MAX_PATH 4096

/* The script calls the host runs (the helper's CALLS table names them; the stress harness takes the same ids). */
enum call_id {
	C_PIPE,
	C_PIPE2,
	C_EVENTFD,
	C_SOCKETPAIR,
	C_READ,
	C_WRITE,
	C_EVENTFD_READ,
	C_EVENTFD_WRITE,
	C_CLOSE,
	C_DUP,
	C_DUP2,
	C_DUP3,
	C_FCNTL,
	C_CLOSE_RANGE,
	C_SHUTDOWN,
	C_MOUNT,
	C_UMOUNT,
	C_UMOUNT2,
	C_OPEN,
	C_MKFIFO,
	C_FORK,
	C_EXIT,
	C_TIMERFD_CREATE,
	C_TIMERFD_SETTIME,
	C_EPOLL_CREATE,
	C_EPOLL_CREATE1,
	C_EPOLL_CTL,
	C_EPOLL_WAIT,
	C_EPOLL_PWAIT2,
	C_POLL,
	C_COUNT
};

static long futex(uint32_t *word, int op, uint32_t val, const struct timespec *ts)
{
	return syscall(SYS_futex, word, op, val, ts, NULL, 0);
}

static uint32_t load(uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store_wake(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
	futex(p, FUTEX_WAKE, INT32_MAX, NULL);
}

static void cleanup(void);

/* `FATAL <code> <message>` on stdout (src/oracle/protocol.ts parses it), then cleanup and exit. */
__attribute__((format(printf, 2, 3), noreturn)) static void fatal(const char *code, const char *fmt, ...)
{
	va_list ap;
	printf("FATAL %s ", code);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	cleanup();
	exit(1);
}

/* A mount namespace of our own, with / private: no mount made from here on reaches the host's. */
static void private_namespace(const char *who)
{
	if (unshare(CLONE_NEWNS) != 0)
		fatal("EPM303", "unshare(CLONE_NEWNS): %s (%s needs root)", strerror(errno), who);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		fatal("EPM303", "making / private: %s", strerror(errno));
}

/* mkdir -p for mount("dir"): every missing directory on the path is created, as the model's mkdir_p does. */
static int mkdir_p(const char *path)
{
	char buf[HOST_MAX_PATH];
	size_t n = strlen(path);
	/* getname of the mount's path fails before anything is created: PATH_MAX counts the NUL */
	if (n == 0 || n >= HOST_MAX_PATH) {
		errno = n == 0 ? ENOENT : ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		char c = buf[i];
		buf[i] = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			return -1;
		buf[i] = c;
	}
	return 0;
}

/* mount("dir"): a tmpfs on it, creating the path first. */
static int mount_tmpfs_p(const char *path)
{
	int r = mkdir_p(path);
	return r == 0 ? mount("tmpfs", path, "tmpfs", 0, NULL) : r;
}

/* timerfd_settime(fd, flags, value_sec, value_nsec, interval_sec, interval_nsec): the itimerspec as the script
 * gives it (a[0..5]). */
static int timerfd_settime_args(const int64_t *a)
{
	struct itimerspec its = {
		.it_value = {.tv_sec = (time_t)a[2], .tv_nsec = (long)a[3]},
		.it_interval = {.tv_sec = (time_t)a[4], .tv_nsec = (long)a[5]},
	};
	return timerfd_settime((int)a[0], (int)a[1], &its, NULL);
}
#endif
