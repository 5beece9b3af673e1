import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERRNO } from '../../src/kernel/errno.ts';
import { do_exit } from '../../src/kernel/exit.ts';
import { sys_fcntl } from '../../src/kernel/fcntl.ts';
import { sys_close, sys_dup } from '../../src/kernel/fdtable.ts';
import { CLONE_FILES, kernel_clone, sys_fork } from '../../src/kernel/fork.ts';
import { sys_mount, sys_open, sys_umount } from '../../src/kernel/namei.ts';
import {
  FD_CLOEXEC,
  F_DUPFD,
  F_DUPFD_CLOEXEC,
  F_GETFD,
  F_GETFL,
  F_SETFD,
  F_SETFL,
  O_APPEND,
  O_CREAT,
  O_NONBLOCK,
  O_PATH,
  O_LARGEFILE,
  O_RDWR,
} from '../../src/kernel/uapi.ts';
import { bootKernel, sys } from '../_helpers/run.ts';

test('fork: the child gets a copy of the fd table holding its own references', () => {
  const b = bootKernel();
  const fd = sys(b, sys_dup(0));
  const child = sys(b, sys_fork('child'));
  assert.notEqual(child.files, b.init.files);
  const file = b.init.files?.fd_array[fd];
  assert.ok(file);
  assert.equal(child.files?.fd_array[fd], file);
  assert.equal(file.f_count, 4, 'fds 0 and 3 in both tables');
});

test('fork: close in the parent leaves the child copy open (C7)', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_mount('m')), 0);
  const fd = sys(b, sys_open('m/f', O_CREAT | O_RDWR));
  const child = sys(b, sys_fork('child'));
  assert.equal(sys(b, sys_close(fd)), 0);
  assert.equal(sys(b, sys_umount('m', 0)), -ERRNO.EBUSY);
  assert.equal(sys(b, sys_close(fd), child), 0);
  assert.equal(sys(b, sys_umount('m', 0)), 0);
});

test('kernel_clone with CLONE_FILES shares the table', () => {
  const b = bootKernel();
  const t = sys(b, kernel_clone('thread', CLONE_FILES));
  assert.equal(t.files, b.init.files);
  assert.equal(b.init.files?.count, 2);
});

test('exit: do_exit closes every fd and runs the __fputs before the task is gone', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_mount('m')), 0);
  const child = sys(b, sys_fork('child'));
  const fd = sys(b, sys_open('m/f', O_CREAT | O_RDWR), child);
  const file = child.files?.fd_array[fd];
  assert.ok(file);
  assert.equal(sys(b, sys_umount('m', 0)), -ERRNO.EBUSY);
  sys(b, do_exit(), child);
  assert.equal(child.files, null);
  assert.equal(file.fputs, 1);
  assert.equal(child.task_works_closed, true);
  assert.equal(sys(b, sys_umount('m', 0)), 0);
});

test('fcntl: F_DUPFD picks the lowest free fd >= arg; EINVAL for arg < 0 or >= RLIMIT_NOFILE', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_fcntl(0, F_DUPFD, 10)), 10);
  assert.equal(sys(b, sys_fcntl(0, F_DUPFD, 10)), 11);
  assert.equal(sys(b, sys_fcntl(0, F_DUPFD, 0)), 3);
  assert.equal(sys(b, sys_fcntl(0, F_DUPFD, -1)), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_fcntl(0, F_DUPFD, 1024)), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_fcntl(0, F_DUPFD, 1023)), 1023);
  assert.equal(sys(b, sys_fcntl(0, F_DUPFD, 1023)), -ERRNO.EMFILE);
});

test('fcntl: FD_CLOEXEC through F_DUPFD_CLOEXEC, F_SETFD and F_GETFD', () => {
  const b = bootKernel();
  const fd = sys(b, sys_fcntl(0, F_DUPFD_CLOEXEC, 5));
  assert.equal(fd, 5);
  assert.equal(sys(b, sys_fcntl(fd, F_GETFD, 0)), FD_CLOEXEC);
  assert.equal(sys(b, sys_fcntl(fd, F_SETFD, 0)), 0);
  assert.equal(sys(b, sys_fcntl(fd, F_GETFD, 0)), 0);
  assert.equal(sys(b, sys_fcntl(fd, F_SETFD, FD_CLOEXEC)), 0);
  assert.equal(sys(b, sys_fcntl(fd, F_GETFD, 0)), FD_CLOEXEC);
  const child = sys(b, sys_fork('child'));
  assert.equal(sys(b, sys_fcntl(fd, F_GETFD, 0), child), FD_CLOEXEC, 'fork keeps close-on-exec bits');
});

// Values as Linux 6.18 gives them (test/oracle checks the same calls on the host): open() adds O_LARGEFILE.
test('fcntl: F_SETFL changes only O_NONBLOCK and O_APPEND here; open() sets O_LARGEFILE', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_mount('m')), 0);
  const fd = sys(b, sys_open('m/f', O_CREAT | O_RDWR));
  assert.equal(sys(b, sys_fcntl(fd, F_GETFL, 0)), O_RDWR | O_LARGEFILE);
  assert.equal(sys(b, sys_fcntl(fd, F_SETFL, O_NONBLOCK | O_APPEND | O_CREAT)), 0);
  assert.equal(sys(b, sys_fcntl(fd, F_GETFL, 0)), O_RDWR | O_LARGEFILE | O_NONBLOCK | O_APPEND);
  assert.equal(sys(b, sys_fcntl(fd, F_SETFL, 0)), 0);
  assert.equal(sys(b, sys_fcntl(fd, F_GETFL, 0)), O_RDWR | O_LARGEFILE);
});

test('fcntl: EBADF for a bad fd (before the command is looked at), EINVAL for an unknown command', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_fcntl(77, F_GETFD, 0)), -ERRNO.EBADF);
  assert.equal(sys(b, sys_fcntl(77, 12345, 0)), -ERRNO.EBADF);
  assert.equal(sys(b, sys_fcntl(-1, F_GETFD, 0)), -ERRNO.EBADF);
  assert.equal(sys(b, sys_fcntl(0, 12345, 0)), -ERRNO.EINVAL);
});

test('fcntl: an O_PATH fd allows F_DUPFD, F_GETFD, F_SETFD and F_GETFL only', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_mount('m')), 0);
  assert.ok(sys(b, sys_open('m/f', O_CREAT | O_RDWR)) >= 0);
  const fd = sys(b, sys_open('m/f', O_PATH));
  assert.ok(fd >= 0);
  assert.equal(sys(b, sys_fcntl(fd, F_GETFD, 0)), 0);
  assert.ok(sys(b, sys_fcntl(fd, F_DUPFD, 0)) >= 0);
  assert.equal(sys(b, sys_fcntl(fd, F_SETFL, O_NONBLOCK)), -ERRNO.EBADF);
});
