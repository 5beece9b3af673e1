// Script calls on the sandbox file tree: mount, umount, umount2, open and mkfifo (paths relative to the sandbox).
import { sys_mkfifo, sys_mount, sys_open, sys_umount } from '../../kernel/namei.ts';
import { flagsArg, pathArg } from '../args.ts';
import { defineCall, fdDone, finish, retDone, type CallDef } from './types.ts';

/** mount("dir"): creates the directory if needed and mounts a fresh tmpfs on it. */
export const mountCall = defineCall({
  name: 'mount',
  paramNames: ['dir'],
  params: [pathArg],
  binds: [],
  run: (ctx, dir) => finish(ctx.syscall(sys_mount(dir)), retDone),
});

export const umountCall = defineCall({
  name: 'umount',
  paramNames: ['dir'],
  params: [pathArg],
  binds: [],
  run: (ctx, dir) => finish(ctx.syscall(sys_umount(dir, 0)), retDone),
});

export const umount2Call = defineCall({
  name: 'umount2',
  paramNames: ['dir', 'flags'],
  params: [pathArg, flagsArg],
  binds: [],
  run: (ctx, dir, flags) => finish(ctx.syscall(sys_umount(dir, flags)), retDone),
});

export const openCall = defineCall({
  name: 'open',
  paramNames: ['path', 'flags'],
  params: [pathArg, flagsArg],
  binds: ['fd'],
  run: (ctx, path, flags) => finish(ctx.syscall(sys_open(path, flags)), fdDone),
});

export const mkfifoCall = defineCall({
  name: 'mkfifo',
  paramNames: ['path'],
  params: [pathArg],
  binds: [],
  run: (ctx, path) => finish(ctx.syscall(sys_mkfifo(path)), retDone),
});

export const NAMESPACE_CALLS: readonly CallDef[] = [mountCall, umountCall, umount2Call, openCall, mkfifoCall];
