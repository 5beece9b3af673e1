// Script calls on the sandbox file tree: mount, umount, umount2, open and mkfifo (paths relative to the sandbox).
import { sys_mkfifo, sys_mount, sys_open, sys_umount } from '../../kernel/namei.ts';
import { flagsArg, pathArg } from '../args.ts';
import { defineCall, fdDone, finish, retDone, type CallDef } from './types.ts';
import { createsFiles } from './checklist.ts';
import { int, path } from './oracle.ts';
import { ODD_PATHS } from './random.ts';

const UMOUNT_FLAGS = ['MNT_EXPIRE', 'MNT_FORCE', 'UMOUNT_NOFOLLOW', '0x10', 'MNT_EXPIRE|MNT_DETACH', 'MNT_DETACH'];
const OPEN_ODD_FLAGS = [
  'O_RDONLY',
  'O_CREAT|O_RDWR|O_NONBLOCK',
  'O_RDONLY|O_DIRECTORY',
  'O_CREAT|O_DIRECTORY',
  'O_PATH',
];
const OPEN_FORMS = [
  (d: string) => `f = open("${d}", O_RDONLY|O_DIRECTORY)`,
  (d: string) => `f = open("${d}", O_RDWR)`,
  (d: string, f: string) => `f = open("${d}/${f}", O_CREAT|O_EXCL|O_RDWR|O_NONBLOCK)`,
  (d: string, f: string) => `f = open("${d}/${f}", O_RDWR|O_APPEND|O_TRUNC)`,
  (d: string, f: string) => `f = open("${d}/${f}", O_WRONLY|O_NONBLOCK)`,
  (d: string, f: string) => `f = open("${d}/${f}", O_RDWR|O_NONBLOCK)`,
  (d: string, f: string) => `f = open("${d}/${f}", O_RDONLY|O_CREAT|O_CLOEXEC)`,
];

/** One path argument. */
const onePath = (v: readonly unknown[]) => [path(v[0])];
/** A path and an integer. */
const pathInt = (v: readonly unknown[]) => [path(v[0]), int(v[1])];

/** mount("dir"): creates the directory if needed and mounts a fresh tmpfs on it. */
export const mountCall = defineCall({
  name: 'mount',
  paramNames: ['dir'],
  params: [pathArg],
  binds: [],
  oracle: { args: 'p', wire: onePath },
  random: [
    { w: 2, only: 'mounts', r: (o) => `mount("d${o.a % 2}")` },
    { w: 1, only: 'mounts', r: (o) => `mount("${ODD_PATHS[o.a % ODD_PATHS.length]}")` },
  ],
  run: (ctx, dir) => finish(ctx.syscall(sys_mount(dir)), retDone),
});

export const umountCall = defineCall({
  name: 'umount',
  paramNames: ['dir'],
  params: [pathArg],
  binds: [],
  oracle: { args: 'p', wire: onePath },
  random: [
    {
      w: 2,
      only: 'mounts',
      r: (o) => (o.b % 3 === 0 ? `umount2("d${o.a % 2}", MNT_DETACH)` : `umount("d${o.a % 2}")`),
    },
  ],
  run: (ctx, dir) => finish(ctx.syscall(sys_umount(dir, 0)), retDone),
});

export const umount2Call = defineCall({
  name: 'umount2',
  paramNames: ['dir', 'flags'],
  params: [pathArg, flagsArg],
  binds: [],
  oracle: { args: 'pi', wire: pathInt },
  random: [
    {
      w: 1,
      only: 'mounts',
      r: (o) => `umount2("${['d0', 'd1', ...ODD_PATHS][o.a % 12]}", ${UMOUNT_FLAGS[o.b % UMOUNT_FLAGS.length]})`,
    },
  ],
  run: (ctx, dir, flags) => finish(ctx.syscall(sys_umount(dir, flags)), retDone),
});

export const openCall = defineCall({
  name: 'open',
  paramNames: ['path', 'flags'],
  params: [pathArg, flagsArg],
  binds: ['fd'],
  // A FIFO opened for reading or writing alone waits for a peer.
  oracle: { args: 'pi', wire: pathInt, mayBlock: true },
  random: [
    { w: 2, only: 'mounts', creates: true, r: (o) => `f = open("d${o.a % 2}/f${o.b % 2}", O_CREAT|O_RDWR|O_NONBLOCK)` },
    { w: 1, only: 'mounts', r: (o) => `f = open("d${o.a % 2}/p${o.b % 2}", O_RDONLY|O_NONBLOCK)` },
    // A FIFO opened for reading alone waits for a writer (ENOENT without the mounts shape).
    { w: 1, only: 'blocking', r: (o) => `f = open("d${o.a % 2}/p${o.b % 2}", ${['O_RDONLY', 'O_WRONLY'][o.c % 2]})` },
    {
      w: 1,
      only: 'mounts',
      r: (o) => `f = open("${ODD_PATHS[o.a % ODD_PATHS.length]}", ${OPEN_ODD_FLAGS[o.b % OPEN_ODD_FLAGS.length]})`,
    },
    {
      w: 2,
      only: 'mounts',
      creates: true,
      r: (o) =>
        (OPEN_FORMS[o.c % OPEN_FORMS.length] as (d: string, f: string) => string)(
          `d${o.a % 2}`,
          ['f0', 'p0', 'p1'][o.b % 3] as string,
        ),
    },
  ],
  groups: createsFiles,
  run: (ctx, path, flags) => finish(ctx.syscall(sys_open(path, flags)), fdDone),
});

export const mkfifoCall = defineCall({
  name: 'mkfifo',
  paramNames: ['path'],
  params: [pathArg],
  binds: [],
  oracle: { args: 'p', wire: onePath },
  random: [
    { w: 1, only: 'mounts', r: (o) => `mkfifo("d${o.a % 2}/p${o.b % 2}")` },
    { w: 1, only: 'mounts', r: (o) => `mkfifo("${ODD_PATHS[o.a % ODD_PATHS.length]}")` },
  ],
  run: (ctx, path) => finish(ctx.syscall(sys_mkfifo(path)), retDone),
});

export const NAMESPACE_CALLS: readonly CallDef[] = [mountCall, umountCall, umount2Call, openCall, mkfifoCall];
