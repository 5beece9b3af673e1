// The model against this machine's kernel on scripts that pin down substrate details (each found a divergence
// once: these are the regressions). Each script must give the same records on both sides.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkSource } from '../../src/conformance/compare.ts';
import { Helper } from '../../src/oracle/helper.ts';

let helper: Helper;
before(async () => {
  const h = await Helper.open();
  assert.ok(h.ok, h.ok ? '' : `${h.error.code} ${h.error.message}`);
  helper = h.helper;
});
after(async () => {
  await helper.close();
});

const SCRIPTS: readonly (readonly [string, string])[] = [
  [
    'F_GETFL/F_SETFL on every file type: open() adds O_LARGEFILE and drops open-only bits; O_DIRECT only on tmpfs files and pipes',
    'fcntl(0, F_GETFL)\nmount("d")\nf = open("d/f", O_CREAT|O_EXCL|O_RDWR|O_TRUNC|O_CLOEXEC|O_NOCTTY)\nfcntl(f, F_GETFL)\ng = open("d/f", O_WRONLY|O_APPEND|O_NONBLOCK)\nfcntl(g, F_GETFL)\nh = open("d", O_RDONLY|O_DIRECTORY)\nfcntl(h, F_GETFL)\nk = open("d", O_PATH)\nfcntl(k, F_GETFL)\nr, w = pipe2(O_CLOEXEC|O_NONBLOCK|O_DIRECT)\nfcntl(r, F_GETFL)\nfcntl(w, F_GETFL)\ne = eventfd(0, EFD_CLOEXEC|EFD_NONBLOCK)\nfcntl(e, F_GETFL)\nep = epoll_create1(EPOLL_CLOEXEC)\nfcntl(ep, F_GETFL)\ns, t = socketpair()\nfcntl(s, F_GETFL)\ntt = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC|TFD_NONBLOCK)\nfcntl(tt, F_GETFL)\nmkfifo("d/p")\np = open("d/p", O_RDWR|O_CLOEXEC)\nfcntl(p, F_GETFL)\nfcntl(f, F_SETFL, O_NONBLOCK|O_APPEND|O_DIRECT|O_RDONLY|O_TRUNC)\nfcntl(f, F_GETFL)\nfcntl(r, F_SETFL, O_DIRECT)\nfcntl(r, F_GETFL)\nfcntl(w, F_SETFL, 0)\nfcntl(w, F_GETFL)\nfcntl(p, F_SETFL, O_DIRECT|O_NONBLOCK)\nfcntl(p, F_GETFL)\nfcntl(s, F_SETFL, O_DIRECT)\nfcntl(e, F_SETFL, O_DIRECT)\nfcntl(ep, F_SETFL, O_DIRECT)\nfcntl(tt, F_SETFL, O_DIRECT)\nfcntl(h, F_SETFL, O_DIRECT)\nfcntl(0, F_SETFL, O_DIRECT)\nfcntl(0, F_SETFL, O_NOATIME|O_APPEND)\nfcntl(0, F_GETFL)\nfcntl(s, F_SETFL, O_NOATIME|O_NONBLOCK)\nfcntl(s, F_GETFL)\nfcntl(k, F_SETFL, O_NONBLOCK)\nfcntl(f, F_SETFL, 0xffffffff)\nfcntl(f, F_GETFL)\nx = open("d/f", O_RDONLY|O_LARGEFILE)\nfcntl(x, F_GETFL)\n',
  ],
  [
    'socket and pipe buffer limits: partial writes, EAGAIN points, POLLOUT, O_DIRECT packet pipes',
    's, t = socketpair()\nfcntl(s, F_SETFL, O_NONBLOCK)\nwrite(s, 65536)\nwrite(s, 65536)\nwrite(s, 65536)\nwrite(s, 65536)\nwrite(s, 65536)\nwrite(s, 1)\npoll(s, POLLOUT)\nread(t, 100000)\npoll(s, POLLOUT)\nwrite(s, 1000)\nwrite(s, 100)\nwrite(s, 1)\nwrite(s, 1)\nwrite(s, 1)\nread(t, 1)\nwrite(s, 1)\nr, w = pipe2(O_NONBLOCK)\nwrite(w, 65535)\nwrite(w, 2)\nwrite(w, 1)\nread(r, 4095)\nwrite(w, 4096)\nread(r, 1)\nwrite(w, 4096)\npoll(w, POLLOUT)\nread(r, 4096)\npoll(w, POLLOUT)\nr2, w2 = pipe2(O_NONBLOCK|O_DIRECT)\nwrite(w2, 5000)\nread(r2, 100)\nread(r2, 100)\nwrite(w2, "abc")\nwrite(w2, "def")\nread(r2, 2)\nread(r2, 10)\n',
  ],
  [
    'mount/umount flags and odd paths: MNT_FORCE, MNT_EXPIRE with a submount, bad flags, "", "/", "x/../y", trailing slashes',
    'mount("a")\nmount("a")\nmount("a/b")\numount2("a", MNT_FORCE)\numount2("a", MNT_EXPIRE)\numount2("a", MNT_EXPIRE)\numount2("a", UMOUNT_NOFOLLOW)\numount2("a", 0x10)\numount2("a", MNT_DETACH|MNT_EXPIRE)\numount("a/b")\numount("a")\numount("a")\nmount("")\nmount("/")\numount("/")\nmount("x/../y")\nmount("/z")\nf = open("/z/f", O_CREAT|O_RDWR)\numount("z")\nclose(f)\numount("/z")\ng = open("q", O_CREAT|O_RDWR)\nmount("q")\nmount("q/r")\nopen("", O_RDONLY)\nopen(".", O_RDONLY)\nh = open("/", O_RDONLY|O_DIRECTORY)\nread(h, 10)\nwrite(h, "x")\nmkfifo("")\nmkfifo("y")\nmkfifo("y/p")\nmkfifo("nope/p")\nopen("y", O_RDONLY|O_DIRECTORY)\numount("y")\numount2("y", MNT_DETACH)\numount("nonexistent")\nopen("q", O_RDONLY|O_DIRECTORY)\nopen("q/", O_RDONLY)\nmkfifo("p2")\nopen("p2/", O_RDWR)\nopen("p2", O_RDWR|O_DIRECTORY)\nopen("p2", O_RDWR|O_CREAT|O_EXCL)\nk = open("p2", O_RDWR|O_TRUNC)\nopen("q", O_WRONLY|O_CREAT)\n',
  ],
  [
    'path walks: `..` and `.`, a mount stacked on the root is not seen by lookups, trailing slashes, O_CREAT|O_DIRECTORY',
    'mount("/")\nf = open("x", O_CREAT|O_RDWR)\numount("/")\nclose(f)\numount("/")\nmount("/")\ng = open("/y", O_CREAT|O_RDWR)\numount("/")\nclose(g)\numount("/")\nopen("y", O_RDONLY)\nopen("x", O_RDONLY)\nmount("a")\nmount("a")\nh = open("a/f", O_CREAT|O_RDWR)\numount("a")\nclose(h)\numount("a")\numount("a")\numount("a")\nmount("b/c")\nk = open("b/c/../d", O_CREAT|O_RDWR)\nopen("b/d", O_RDONLY)\nopen("b/c/..", O_RDONLY)\nopen("../../b", O_RDONLY)\nopen("b/c/../../b/c", O_RDONLY|O_DIRECTORY)\nmount("b/c/../e")\numount("b/e/..")\numount("b/e/.")\numount("b/e/")\nopen("b/d/", O_RDONLY)\nopen("b/new/", O_CREAT|O_RDWR)\nopen("b/new2", O_CREAT|O_RDWR|O_DIRECTORY)\nmkfifo("b/fifo/")\nmkfifo("b/..")\nmkfifo("b/.")\nopen("b/..", O_CREAT|O_RDWR)\nopen(".", O_RDONLY|O_CREAT)\nmount("b/d")\nmount("b/d/x")\n',
  ],
  [
    'MNT_EXPIRE: mark then unmount; a lookup or a close through the mount clears the mark; busy while a file is open',
    'mount("e")\numount2("e", MNT_EXPIRE)\numount2("e", MNT_EXPIRE)\numount2("e", MNT_EXPIRE)\nmount("e")\numount2("e", MNT_EXPIRE)\nf = open("e/f", O_CREAT|O_RDWR)\numount2("e", MNT_EXPIRE)\nclose(f)\numount2("e", MNT_EXPIRE)\numount2("e", MNT_EXPIRE)\nmount("e")\numount2("e", MNT_EXPIRE)\nopen("e/nothing", O_RDONLY)\numount2("e", MNT_EXPIRE)\numount2("e", MNT_EXPIRE|MNT_DETACH)\numount2("e", MNT_EXPIRE|MNT_FORCE)\nmount("e")\numount2("e", MNT_EXPIRE)\numount("e")\nmount("e")\numount2("e", MNT_EXPIRE)\nmkfifo("e/p")\numount2("e", MNT_EXPIRE)\n',
  ],
  [
    'trailing slashes on what is not a directory: EEXIST for mkfifo, ENOTDIR for open and umount, EISDIR for O_CREAT',
    'mkfifo("/d0")\nmkfifo("d0/")\nopen("d0/", O_RDONLY|O_NONBLOCK)\nopen("d0/", O_CREAT|O_RDWR)\numount("d0/")\numount2("d0/", MNT_DETACH)\nmount("d0/")\nmount("m")\nf = open("m/f", O_CREAT|O_RDWR)\nmkfifo("m/f/")\nopen("m/f/", O_RDWR)\numount("m/f/")\numount("m/")\nmount("m/f/")\nopen("m/f/.", O_RDONLY)\nopen("m/f/..", O_RDONLY)\nmkfifo("m/f/..")\nmkfifo("m/nope/")\nopen("m/nope/", O_RDONLY)\numount("m/nope/")\n',
  ],
  [
    'regular files: O_TRUNC empties the file, O_APPEND, shared offsets across fork, close_range flags, fd limits',
    'mount("m")\nf = open("m/f", O_CREAT|O_RDWR)\nwrite(f, 100000)\nread(f, 10)\ng = open("m/f", O_RDONLY)\nread(g, 99990)\nread(g, 100)\nread(g, 100)\na = open("m/f", O_WRONLY|O_APPEND)\nwrite(a, "tail")\nread(g, 100)\nt = open("m/f", O_RDWR|O_TRUNC)\nread(g, 100)\nread(t, 10)\nwrite(t, "abc")\nh = open("m/f", O_RDONLY)\nread(h, 10)\nwrite(h, "x")\nw = open("m/f", O_WRONLY)\nread(w, 1)\nc = fork()\nc: read(h, 1)\nread(h, 5)\nc: write(w, "Z")\nk = open("m/f", O_RDONLY)\nread(k, 10)\nclose_range(3, 4294967295, CLOSE_RANGE_CLOEXEC)\nfcntl(3, F_GETFD)\nc: fcntl(3, F_GETFD)\nclose_range(5, 3, 0)\nclose_range(3, 4, CLOSE_RANGE_UNSHARE)\nread(f, 1)\nc: read(f, 1)\nx = dup2(0, 1023)\ny = dup(0)\nfcntl(0, F_DUPFD, 1023)\nfcntl(0, F_DUPFD, 1024)\ndup2(0, 1024)\ndup3(0, 1, O_CLOEXEC)\nfcntl(1, F_GETFD)\ndup3(0, 0, 0)\ndup2(0, 0)\ndup2(999, 0)\nclose_range(3, 4294967295, 0)\ndup2(0, 1022)\ndup2(0, 1023)\nmount("n")\nq = open("n/q", O_CREAT|O_RDWR)\nwrite(q, "keep")\nfcntl(0, F_DUPFD, 0)\nopen("n/q", O_RDWR|O_TRUNC)\nclose(1023)\nr = open("n/q", O_RDONLY)\nread(r, 10)\n',
  ],
  [
    'poll() and epoll on every file type with every event bit, O_PATH and directory fds',
    'mount("m")\nALL = dup(0)\nclose(ALL)\nr, w = pipe()\npoll(r, 0xffff)\npoll(w, 0xffff)\nwrite(w, "x")\npoll(r, 0xffff)\nclose(w)\npoll(r, 0xffff)\nr2, w2 = pipe()\nclose(r2)\npoll(w2, 0xffff)\nwrite(w2, "x")\ns, t = socketpair()\npoll(s, 0xffff)\nshutdown(t, SHUT_WR)\npoll(s, 0xffff)\nshutdown(s, SHUT_RD)\npoll(s, 0xffff)\npoll(t, 0xffff)\nclose(t)\npoll(s, 0xffff)\ne = eventfd(0, EFD_NONBLOCK)\npoll(e, 0xffff)\neventfd_write(e, 18446744073709551614)\npoll(e, 0xffff)\nep = epoll_create1(0)\npoll(ep, 0xffff)\ntf = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK)\npoll(tf, 0xffff)\nf = open("m/f", O_CREAT|O_RDWR)\npoll(f, 0xffff)\nd = open("m", O_RDONLY)\npoll(d, 0xffff)\npa = open("m/f", O_PATH)\npoll(pa, 0xffff)\nmkfifo("m/p")\nfr = open("m/p", O_RDONLY|O_NONBLOCK)\npoll(fr, 0xffff)\nfw = open("m/p", O_WRONLY|O_NONBLOCK)\npoll(fr, 0xffff)\npoll(fw, 0xffff)\nclose(fw)\npoll(fr, 0xffff)\npoll(0, 0xffff)\npoll(999, 0xffff)\npoll(-1, 0xffff)\npoll(s, 0)\nepoll_ctl(ep, EPOLL_CTL_ADD, pa, EPOLLIN, 1)\nepoll_ctl(ep, EPOLL_CTL_ADD, d, EPOLLIN, 1)\nepoll_ctl(ep, EPOLL_CTL_ADD, 0, EPOLLIN, 1)\nepoll_ctl(ep, EPOLL_CTL_ADD, tf, 0xffffffff, 1)\nepoll_ctl(ep, EPOLL_CTL_ADD, fr, 0xffffffff, 2)\nepoll_ctl(ep, EPOLL_CTL_ADD, s, 0x7fffffff, 3)\nepoll_ctl(ep, EPOLL_CTL_ADD, e, EPOLLIN|EPOLLOUT|EPOLLWAKEUP, 4)\nepoll_wait(ep, 10, 0)\nepoll_ctl(ep, EPOLL_CTL_MOD, e, 0, 5)\nepoll_wait(ep, 10, 0)\n',
  ],
  [
    "timerfd expiries against epoll_wait/epoll_pwait2 timeouts (the model's virtual clock, the host's real one)",
    'ep = epoll_create1(0)\nt = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK)\nepoll_ctl(ep, EPOLL_CTL_ADD, t, EPOLLIN|EPOLLET, 9)\ntimerfd_settime(t, 0, 0, 80000000, 0, 0)\nepoll_wait(ep, 1, 0)\npoll(t, POLLIN)\nepoll_wait(ep, 1, 300)\nepoll_wait(ep, 1, 0)\npoll(t, POLLIN)\neventfd_read(t)\neventfd_read(t)\nepoll_wait(ep, 1, 0)\ntimerfd_settime(t, 0, 0, 60000000, 0, 0)\nepoll_pwait2(ep, 1, 1, 0)\nread(t, 8)\nt2 = timerfd_create(CLOCK_MONOTONIC, 0)\ntimerfd_settime(t2, 0, 0, 50000000, 0, 0)\ntimerfd_settime(t2, 0, 0, 0, 0, 0)\nepoll_ctl(ep, EPOLL_CTL_ADD, t2, EPOLLIN, 2)\nepoll_wait(ep, 1, 120)\ntimerfd_settime(t2, 0, 0, 40000000, 0, 0)\neventfd_read(t2)\n',
  ],
  [
    'unix socketpair shutdown, close with unread data (ECONNRESET), EPIPE, zero-length writes',
    's, t = socketpair()\nwrite(s, "abc")\nshutdown(t, SHUT_RD)\nread(t, 10)\nwrite(s, "more")\nread(t, 10)\npoll(t, 0xffff)\npoll(s, 0xffff)\nshutdown(s, SHUT_WR)\nwrite(s, "x")\nread(t, 10)\npoll(t, 0xffff)\nshutdown(s, 3)\nshutdown(s, -1)\nshutdown(0, SHUT_RD)\nshutdown(999, SHUT_RD)\nr, w = pipe()\nshutdown(r, SHUT_RD)\na, b = socketpair()\nwrite(a, "data")\nclose(b)\nread(a, 10)\nwrite(a, "x")\npoll(a, 0xffff)\nc, d = socketpair()\nwrite(c, "unread")\nclose(c)\nread(d, 3)\nread(d, 10)\nread(d, 10)\ne, f = socketpair()\nwrite(f, "q")\nclose(f)\nwrite(e, "z")\nread(e, 5)\nread(e, 5)\ng, h = socketpair()\nfcntl(g, F_SETFL, O_NONBLOCK)\nread(g, 1)\nshutdown(h, SHUT_WR)\nread(g, 1)\nwrite(g, 0)\nwrite(h, "")\neventfd_write(g, 1)\neventfd_read(h)\n',
  ],
  [
    'C7/C9/J: epolls and registrations shared across fork, exit of the last holder, ONESHOT re-armed from a child',
    'ep = epoll_create1(0)\nc = fork()\nc: inner = epoll_create1(0)\nc: r, w = pipe2(O_NONBLOCK)\nc: epoll_ctl(inner, EPOLL_CTL_ADD, r, EPOLLIN, 5)\nc: epoll_ctl(ep, EPOLL_CTL_ADD, inner, EPOLLIN, 6)\nc: write(w, "x")\nepoll_wait(ep, 4, 0)\nc: d = fork()\nc: exit()\nepoll_wait(ep, 4, 0)\nd: epoll_wait(inner, 4, 0)\nd: close(r)\nepoll_wait(ep, 4, 0)\nd: exit()\nepoll_wait(ep, 4, 0)\nepoll_ctl(ep, EPOLL_CTL_DEL, 3, NULL)\nepoll_ctl(ep, EPOLL_CTL_DEL, 4, NULL)\ne = eventfd(0, EFD_NONBLOCK)\nf = fork()\nf: epoll_ctl(ep, EPOLL_CTL_ADD, e, EPOLLIN|EPOLLONESHOT, 7)\neventfd_write(e, 3)\nepoll_wait(ep, 4, 0)\nf: epoll_wait(ep, 4, 0)\nf: epoll_ctl(ep, EPOLL_CTL_MOD, e, EPOLLIN|EPOLLET, 8)\nepoll_wait(ep, 4, 0)\nf: close_range(0, 4294967295, 0)\nepoll_wait(ep, 4, 0)\neventfd_write(e, 1)\nepoll_wait(ep, 4, 0)\nclose(e)\neventfd_write(4, 1)\nepoll_wait(ep, 4, 0)\nf: exit()\nepoll_wait(ep, 4, 0)\n',
  ],
  [
    'found by the soak: O_CREAT of an existing directory is EISDIR; `..` of the root steps onto a mount stacked on it',
    'mount("d0/f0/")\nf = open("d0/f0", O_RDONLY|O_CREAT|O_CLOEXEC)\nmount(".")\nf = open("..", O_RDONLY)\numount2(".", MNT_EXPIRE)\nclose(f)\numount2(".", MNT_EXPIRE)\numount2(".", MNT_EXPIRE)\nmount("/")\ng = open("../x", O_CREAT|O_RDWR)\numount("/")\nclose(g)\numount("/")\nopen("x", O_RDONLY)\nmount("a")\nh = open("a/..", O_RDONLY)\numount("a")\nmount("/")\nk = open("a/../..", O_RDONLY)\numount("/")\nclose(k)\numount("/")\n',
  ],
  [
    'found by the soak: O_CREAT|O_EXCL of an existing name is EEXIST before a directory is EISDIR; dots and slashes',
    'mount("d0/f0/")\nopen("d0/f0", O_CREAT|O_EXCL|O_RDWR|O_NONBLOCK)\nopen("d0/f0", O_CREAT|O_RDONLY)\nopen(".", O_CREAT|O_EXCL|O_RDONLY)\nopen("..", O_CREAT|O_EXCL|O_RDONLY)\nopen("/", O_CREAT|O_EXCL|O_RDONLY)\nopen("/", O_CREAT|O_RDONLY)\nopen("d0/", O_CREAT|O_EXCL|O_RDWR)\nopen("d0/new/", O_CREAT|O_EXCL|O_RDWR)\nx = open("d0/reg", O_CREAT|O_EXCL|O_RDWR)\nopen("d0/reg/", O_CREAT|O_EXCL|O_RDWR)\nopen("d0/reg/", O_CREAT|O_RDWR)\nopen("d0/reg", O_CREAT|O_EXCL|O_RDWR)\nmkfifo("d0/ff")\nopen("d0/ff", O_CREAT|O_EXCL|O_RDWR)\nopen("d0/ff/.", O_RDONLY)\nopen("d0/f0/.", O_CREAT|O_EXCL|O_RDONLY)\n',
  ],
];

for (const [title, src] of SCRIPTS) {
  test(`agreement: ${title}`, async () => {
    const c = await checkSource(src, 'probe.script', helper);
    assert.deepEqual(c.verdict, { kind: 'agree' }, src);
  });
}
