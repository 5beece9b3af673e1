import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERRNO } from '../../src/kernel/errno.ts';
import { sys_close, sys_dup } from '../../src/kernel/fdtable.ts';
import { sys_mount, sys_open, sys_umount } from '../../src/kernel/namei.ts';
import { MNT_DETACH, O_CREAT, O_EXCL, O_RDWR } from '../../src/kernel/uapi.ts';
import { bootKernel, sys } from '../_helpers/run.ts';

test('umount is EBUSY while a file on the mount is open, and succeeds after its last close', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_mount('m')), 0);
  const fd = sys(b, sys_open('m/f', O_CREAT | O_RDWR));
  assert.equal(fd, 3);
  const d = sys(b, sys_dup(fd));
  assert.equal(sys(b, sys_umount('m', 0)), -ERRNO.EBUSY);
  assert.equal(sys(b, sys_close(fd)), 0);
  assert.equal(sys(b, sys_umount('m', 0)), -ERRNO.EBUSY, 'the dup still pins the mount');
  assert.equal(sys(b, sys_close(d)), 0);
  assert.equal(sys(b, sys_umount('m', 0)), 0);
  assert.equal(sys(b, sys_open('m/f', O_RDWR)), -ERRNO.ENOENT, 'the file lived on the unmounted tmpfs');
});

test('umount of a mount with a submount is EBUSY; of a plain directory or the sandbox root is EINVAL', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_mount('a/b')), 0);
  assert.equal(sys(b, sys_mount('a/b/c')), 0);
  assert.equal(sys(b, sys_umount('a/b', 0)), -ERRNO.EBUSY);
  assert.equal(sys(b, sys_umount('a', 0)), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_umount('.', 0)), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_umount('nope', 0)), -ERRNO.ENOENT);
  assert.equal(sys(b, sys_umount('a/b/c', 0)), 0);
  assert.equal(sys(b, sys_umount('a/b', 0)), 0);
});

test('MNT_DETACH succeeds with a file open; the superblock shuts down at the last close', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_mount('m')), 0);
  const fd = sys(b, sys_open('m/f', O_CREAT | O_RDWR));
  const sb = b.machine.superblocks.at(-1);
  assert.equal(sys(b, sys_umount('m', MNT_DETACH)), 0);
  assert.equal(sb?.shutdown, false);
  assert.equal(sys(b, sys_close(fd)), 0);
  assert.equal(sb?.shutdown, true);
  assert.equal(sys(b, sys_umount('m', 0)), -ERRNO.EINVAL, 'm is a plain directory again');
});

test('open: O_CREAT|O_EXCL on an existing name is EEXIST; a missing name without O_CREAT is ENOENT', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_mount('m')), 0);
  assert.equal(sys(b, sys_open('m/x', O_RDWR)), -ERRNO.ENOENT);
  assert.equal(sys(b, sys_open('m/x', O_CREAT | O_RDWR)), 3);
  assert.equal(sys(b, sys_open('m/x', O_CREAT | O_EXCL | O_RDWR)), -ERRNO.EEXIST);
  assert.equal(sys(b, sys_umount('bad', 99)), -ERRNO.EINVAL);
});
