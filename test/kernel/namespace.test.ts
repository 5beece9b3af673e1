import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CORPUS_DIR } from '../../src/litmus/corpus.ts';
import { explore } from '../../src/explore/index.ts';
import type { Machine } from '../../src/kernel/machine.ts';
import { variant } from '../../src/kernel/variant.ts';
import type { Mount } from '../../src/kernel/vfs.ts';
import { compileLitmus } from '../../src/litmus/compile.ts';
import { parseLitmus } from '../../src/litmus/parse.ts';
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

/**
 * Explores a litmus test on v7.1 with `census(machine)` appended to every final state: the mount tree at the end of
 * each interleaving, which return values alone do not show. Returns the final states.
 */
function statesWith(source: string, file: string, census: (m: Machine) => string): string[] {
  const parsed = parseLitmus(source, { file });
  assert.ok(parsed.ok);
  const c = compileLitmus(parsed.test, variant('v7.1'));
  assert.ok(c.ok);
  const sc = c.compiled.scenario;
  const base = sc.outcome;
  assert.ok(base !== undefined);
  const r = explore({ ...sc, outcome: (m, threads) => `${base(m, threads)} ${census(m)}` }, { mode: 'dpor' });
  assert.equal(r.kind, 'exhausted');
  return [...r.outcomes.keys()];
}

/** Superblocks of tmpfs still active, and tmpfs mounts attached in the tree under the root mount. */
function tmpfsCensus(m: Machine): string {
  let attached = 0;
  const visit = (mnt: Mount): void => {
    for (const c of mnt.mnt_mounts) {
      if (c.mnt_sb.s_type === 'tmpfs') attached++;
      visit(c);
    }
  };
  visit(m.rootMount);
  const active = m.superblocks.filter((sb) => sb.s_type === 'tmpfs' && !sb.shutdown).length;
  return `active=${active} attached=${attached}`;
}

test('a mount refused with EINVAL because a lazy umount detached its parent leaves no superblock behind', () => {
  const source = readFileSync(join(CORPUS_DIR, 'mount-vs-detach.litmus'), 'utf8');
  const outcomes = statesWith(source, 'mount-vs-detach.litmus', tmpfsCensus);
  assert.ok(
    outcomes.some((o) => o.includes('P0:s=-EINVAL')),
    outcomes.join('\n'),
  );
  // Every tmpfs superblock still active is mounted somewhere: the refused mount dropped its only reference.
  for (const o of outcomes) {
    const [, active, attached] = /active=(\d+) attached=(\d+)/.exec(o) ?? [];
    assert.equal(active, attached, o);
  }
});

/** Mountpoints with two mounts attached side by side (Linux stacks the later one on the earlier instead). */
function sideBySide(m: Machine): string {
  let n = 0;
  const visit = (mnt: Mount): void => {
    const seen = new Set<unknown>();
    for (const c of mnt.mnt_mounts) {
      if (seen.has(c.mnt_mountpoint)) n++;
      seen.add(c.mnt_mountpoint);
      visit(c);
    }
  };
  visit(m.rootMount);
  return `side-by-side=${n}`;
}

test('two racing mounts on one directory stack, never side by side (lock_mount steps onto a mount attached since the lookup)', () => {
  const source = 'litmus two-mounts\nthread P0\n  a = mount("m")\nthread P1\n  b = mount("m")\n';
  assert.deepEqual(statesWith(source, 'two-mounts.litmus', sideBySide), ['P0:a=0; P1:b=0 side-by-side=0']);
});
