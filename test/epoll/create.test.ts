// Checklist group A: epoll_create/epoll_create1 and the epoll file itself. Expected outputs are the real kernel's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ep_show_fdinfo } from '../../src/epoll/fdinfo.ts';
import { EPIOCGPARAMS, EPIOCSPARAMS, type EpollParams } from '../../src/epoll/ioctl.ts';
import { sys_epoll_create1, sys_epoll_ctl, sys_epoll_wait } from '../../src/epoll/syscalls.ts';
import { sys_pipe2 } from '../../src/fs/pipe.ts';
import { ERRNO } from '../../src/kernel/errno.ts';
import { exec_files } from '../../src/kernel/exec.ts';
import { sys_fcntl } from '../../src/kernel/fcntl.ts';
import { sys_fork } from '../../src/kernel/fork.ts';
import { sys_ioctl } from '../../src/kernel/ioctl.ts';
import { sys_lseek, sys_write } from '../../src/kernel/read_write.ts';
import {
  EPOLL_CLOEXEC,
  EPOLLET,
  EPOLLIN,
  F_GETFD,
  EPOLLONESHOT,
  EPOLLOUT,
  EPOLL_CTL_ADD,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from '../../src/kernel/uapi.ts';
import { Kernel } from '../../src/api/Kernel.ts';
import { bootKernel, sys } from '../_helpers/run.ts';
import { scriptCase } from '../_helpers/script-case.ts';

scriptCase(
  'A1: epoll_create(size) is EINVAL for size <= 0 and ignores any positive size',
  `
  epoll_create(0)
  epoll_create(-1)
  epoll_create(-2147483648)
  a = epoll_create(1)
  b = epoll_create(2147483647)
  `,
  `
    1: epoll_create(0) = -1 EINVAL
    2: epoll_create(-1) = -1 EINVAL
    3: epoll_create(-2147483648) = -1 EINVAL
    4: a = epoll_create(1) = 3
    5: b = epoll_create(2147483647) = 4
  `,
);

scriptCase(
  'A2: epoll_create1 takes only EPOLL_CLOEXEC: O_NONBLOCK or any other bit is EINVAL',
  `
  epoll_create1(O_NONBLOCK)
  epoll_create1(1)
  epoll_create1(O_CLOEXEC|O_NONBLOCK)
  epoll_create1(0x80000000)
  a = epoll_create1(0)
  b = epoll_create1(EPOLL_CLOEXEC)
  `,
  `
    1: epoll_create1(O_NONBLOCK) = -1 EINVAL
    2: epoll_create1(1) = -1 EINVAL
    3: epoll_create1(O_CLOEXEC|O_NONBLOCK) = -1 EINVAL
    4: epoll_create1(0x80000000) = -1 EINVAL
    5: a = epoll_create1(0) = 3
    6: b = epoll_create1(EPOLL_CLOEXEC) = 4
  `,
);

scriptCase(
  'A3: EPOLL_CLOEXEC sets FD_CLOEXEC on the new fd; epoll_create and epoll_create1(0) do not',
  `
  a = epoll_create1(EPOLL_CLOEXEC)
  fcntl(a, F_GETFD)
  b = epoll_create1(0)
  fcntl(b, F_GETFD)
  c = epoll_create(5)
  fcntl(c, F_GETFD)
  fcntl(a, F_GETFL)
  `,
  `
    1: a = epoll_create1(EPOLL_CLOEXEC) = 3
    2: fcntl(a, F_GETFD) = 1
    3: b = epoll_create1(0) = 4
    4: fcntl(b, F_GETFD) = 0
    5: c = epoll_create(5) = 5
    6: fcntl(c, F_GETFD) = 0
    7: fcntl(a, F_GETFL) = 2
  `,
);

test('A4: epoll_create1 and epoll_create are EMFILE when the fd table is full (RLIMIT_NOFILE 1024)', () => {
  // Linux 6.18 (native/checks/a4a5.c): dup(0) up to fd 1023, then both calls fail with EMFILE; after one
  // close, epoll_create1 gets that fd.
  const k = new Kernel();
  let last = 0;
  for (;;) {
    const r = k.dup(0);
    if (r.ret === -1) {
      assert.equal(r.errno, 'EMFILE');
      break;
    }
    last = r.ret ?? 0;
  }
  assert.equal(last, 1023);
  assert.deepEqual(k.epollCreate1(0), { ret: -1, errno: 'EMFILE' });
  assert.deepEqual(k.epollCreate(1), { ret: -1, errno: 'EMFILE' });
  assert.deepEqual(k.close(500), { ret: 0, errno: null });
  assert.deepEqual(k.epollCreate1(0), { ret: 500, errno: null });
});

scriptCase(
  'A5: read and write on an epoll fd are EINVAL',
  `
  ep = epoll_create1(0)
  read(ep, 8)
  read(ep, 0)
  write(ep, "x")
  write(ep, "")
  `,
  `
    1: ep = epoll_create1(0) = 3
    2: read(ep, 8) = -1 EINVAL
    3: read(ep, 0) = -1 EINVAL
    4: write(ep, "x") = -1 EINVAL
    5: write(ep, "") = -1 EINVAL
  `,
);

test('A5: lseek on an epoll fd is a no-op returning 0 (noop_llseek; kernel: lseek(ep, 5, SEEK_SET) = 0)', () => {
  // Checked on Linux 6.18: lseek(ep, 0, SEEK_SET), lseek(ep, 5, SEEK_SET), lseek(ep, 7, SEEK_CUR),
  // lseek(ep, -3, SEEK_END) all return 0 (native/checks/a4a5.c).
  const b = bootKernel();
  const ep = sys(b, sys_epoll_create1(0));
  assert.equal(sys(b, sys_lseek(ep, 0, SEEK_SET)), 0);
  assert.equal(sys(b, sys_lseek(ep, 5, SEEK_SET)), 0);
  assert.equal(sys(b, sys_lseek(ep, 7, SEEK_CUR)), 0);
  assert.equal(sys(b, sys_lseek(ep, -3, SEEK_END)), 0);
});

scriptCase(
  'A6: an epoll fd polls IN|RDNORM only while a queued item is really ready, never OUT',
  `
  r, w = pipe()
  ep = epoll_create1(0)
  poll(ep, POLLIN|POLLOUT)
  epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 7)
  poll(ep, POLLIN|POLLOUT)
  write(w, "x")
  poll(ep, POLLIN|POLLOUT|POLLPRI)
  poll(ep, POLLOUT)
  read(r, 1)
  poll(ep, POLLIN|POLLOUT)
  epoll_wait(ep, 1, 0)
  epoll_ctl(ep, EPOLL_CTL_ADD, w, EPOLLOUT, 8)
  poll(ep, POLLIN)
  epoll_wait(ep, 4, 0)
  `,
  `
    1: r, w = pipe() = 0 [3, 4]
    2: ep = epoll_create1(0) = 5
    3: poll(ep, POLLIN|POLLOUT) = 0 []
    4: epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 7) = 0
    5: poll(ep, POLLIN|POLLOUT) = 0 []
    6: write(w, "x") = 1
    7: poll(ep, POLLIN|POLLOUT|POLLPRI) = 1 [EPOLLIN:5]
    8: poll(ep, POLLOUT) = 0 []
    9: read(r, 1) = 1 "x"
    10: poll(ep, POLLIN|POLLOUT) = 0 []
    11: epoll_wait(ep, 1, 0) = 0 []
    12: epoll_ctl(ep, EPOLL_CTL_ADD, w, EPOLLOUT, 8) = 0
    13: poll(ep, POLLIN) = 1 [EPOLLIN:5]
    14: epoll_wait(ep, 4, 0) = 1 [EPOLLOUT:8]
  `,
);

test('A7: fdinfo lists each registration with its fd, the stored mask (ERR|HUP added) and data in hex, and pos', () => {
  // Linux 6.18 (native/checks/a7_fdinfo.c), without the trailing ` ino:2d73c sdev:f` the model does not have:
  //   tfd:        4 events: 4000001c data: ffffffffffffffff  pos:0
  //   tfd:        3 events: 80000019 data:              abc  pos:0
  // The kernel's line order is the rbtree's (file addresses), so the lines are compared as a set.
  const b = bootKernel();
  const p = sys(b, sys_pipe2(0));
  assert.ok(Array.isArray(p));
  const [r, w] = p as [number, number];
  const ep = sys(b, sys_epoll_create1(0));
  assert.equal(sys(b, sys_epoll_ctl(ep, EPOLL_CTL_ADD, r, { events: EPOLLIN | EPOLLET, data: 0xabcn })), 0);
  const ev = { events: EPOLLOUT | EPOLLONESHOT, data: 18446744073709551615n };
  assert.equal(sys(b, sys_epoll_ctl(ep, EPOLL_CTL_ADD, w, ev)), 0);
  const file = b.init.files?.fd_array[ep];
  assert.ok(file);
  assert.deepEqual(sys(b, ep_show_fdinfo(file))?.sort(), [
    'tfd:        3 events: 80000019 data:              abc  pos:0',
    'tfd:        4 events: 4000001c data: ffffffffffffffff  pos:0',
  ]);
  const pipeFile = b.init.files?.fd_array[r];
  assert.ok(pipeFile);
  assert.equal(sys(b, ep_show_fdinfo(pipeFile)), null);
});

test('A8: EPIOCSPARAMS/EPIOCGPARAMS store and return the busy-poll parameters, with validation', () => {
  // Linux 6.18 (native/checks/a8_ioctl.c): fresh GPARAMS all 0; SPARAMS {100, 8, 1} then GPARAMS returns it;
  // pad != 0, prefer_busy_poll 2, usecs 0x80000000 are EINVAL; budget 65 as root is 0; a NULL pointer is EFAULT
  // for both; an unknown command on an epoll is EINVAL; EPIOCGPARAMS on a pipe is ENOTTY.
  const b = bootKernel();
  const ep = sys(b, sys_epoll_create1(0));
  const p = sys(b, sys_pipe2(0));
  assert.ok(Array.isArray(p));
  const params = (usecs: number, budget: number, prefer: number, pad = 0): EpollParams => ({
    busy_poll_usecs: usecs,
    busy_poll_budget: budget,
    prefer_busy_poll: prefer,
    __pad: pad,
  });
  const got = params(9, 9, 9, 9);
  assert.equal(sys(b, sys_ioctl(ep, EPIOCGPARAMS, got)), 0);
  assert.deepEqual(got, params(0, 0, 0));
  assert.equal(sys(b, sys_ioctl(ep, EPIOCSPARAMS, params(100, 8, 1))), 0);
  assert.equal(sys(b, sys_ioctl(ep, EPIOCGPARAMS, got)), 0);
  assert.deepEqual(got, params(100, 8, 1));
  assert.equal(sys(b, sys_ioctl(ep, EPIOCSPARAMS, params(5, 8, 0, 1))), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_ioctl(ep, EPIOCSPARAMS, params(5, 8, 2))), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_ioctl(ep, EPIOCSPARAMS, params(0x80000000, 8, 0))), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_ioctl(ep, EPIOCSPARAMS, params(5, 65, 0))), 0);
  assert.equal(sys(b, sys_ioctl(ep, EPIOCSPARAMS, null)), -ERRNO.EFAULT);
  assert.equal(sys(b, sys_ioctl(ep, EPIOCGPARAMS, null)), -ERRNO.EFAULT);
  assert.equal(sys(b, sys_ioctl(ep, 0x8a07, null)), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_ioctl((p as [number, number])[0], EPIOCGPARAMS, got)), -ERRNO.ENOTTY);
  assert.equal(sys(b, sys_ioctl(999, EPIOCGPARAMS, got)), -ERRNO.EBADF);
});

test('A3: an EPOLL_CLOEXEC epoll fd is closed by exec, a plain one survives with its registrations', () => {
  // Linux 6.18 (native/checks/a3_exec.c): in the exec'd child fd 3 (CLOEXEC) is EBADF for fcntl and
  // epoll_wait, fd 4 has F_GETFD 0 and still reports its ready pipe; the parent's copies are unaffected.
  const b = bootKernel();
  const a = sys(b, sys_epoll_create1(EPOLL_CLOEXEC));
  const c = sys(b, sys_epoll_create1(0));
  const p = sys(b, sys_pipe2(0));
  assert.ok(Array.isArray(p));
  const [r, w] = p as [number, number];
  assert.equal(sys(b, sys_epoll_ctl(c, EPOLL_CTL_ADD, r, { events: EPOLLIN, data: 1n })), 0);
  assert.equal(sys(b, sys_write(w, new Uint8Array([120]))), 1);
  const child = sys(b, sys_fork('child'));
  assert.equal(sys(b, exec_files(), child), undefined);
  assert.equal(sys(b, sys_fcntl(a, F_GETFD, 0), child), -ERRNO.EBADF);
  assert.equal(sys(b, sys_epoll_wait(a, [], 1, 0), child), -ERRNO.EBADF);
  assert.equal(sys(b, sys_fcntl(c, F_GETFD, 0), child), 0);
  assert.equal(sys(b, sys_epoll_wait(c, [], 1, 0), child), 1);
  assert.equal(sys(b, sys_epoll_wait(a, [], 1, 0)), 0);
  assert.equal(sys(b, sys_epoll_wait(c, [], 1, 0)), 1);
});
