// Script calls on data: read, write, and the 8-byte u64 forms eventfd_read and eventfd_write.
import { sys_read, sys_write } from '../../kernel/read_write.ts';
import { bytesArg, countArg, fdArg, u64Arg } from '../args.ts';
import { latin1, sysResult } from '../result.ts';
import { defineCall, finish, retDone, type CallDef, type Done } from './types.ts';
import { bytes, int, ints } from './oracle.ts';
import { fdOf } from './random.ts';

const STRINGS = ['"x"', '"hello\\n"', '"\\x00\\xff"', '""'];

/** read(fd, count): on success `data` holds the bytes read (empty at EOF) as a latin-1 string. */
export const readCall = defineCall({
  name: 'read',
  paramNames: ['fd', 'count'],
  params: [fdArg, countArg],
  binds: [],
  oracle: { args: 'ii', wire: ints, mayBlock: true, reply: 'data' },
  random: [{ w: 5, r: (o, st) => `read(${fdOf(o.a, st)}, ${o.b % 10})` }],
  run: (ctx, fd, count) =>
    finish(ctx.syscall(sys_read(fd, count)), (r): Done => {
      if (typeof r === 'number') return retDone(r);
      return { result: sysResult(r.length, { data: latin1(r) }), binds: [] };
    }),
});

/** write(fd, "bytes") or write(fd, count): a count writes that many filler bytes `x`. */
export const writeCall = defineCall({
  name: 'write',
  paramNames: ['fd', 'data'],
  params: [fdArg, bytesArg],
  binds: [],
  oracle: { args: 'ib', wire: (v) => [int(v[0]), bytes(v[1])], mayBlock: true },
  random: [
    {
      w: 5,
      r: (o, st) =>
        o.c % 2 === 0
          ? `write(${fdOf(o.a, st)}, ${STRINGS[o.b % 4]})`
          : `write(${fdOf(o.a, st)}, ${(o.b % 40) * 1700})`,
    },
  ],
  run: (ctx, fd, data) => finish(ctx.syscall(sys_write(fd, data)), retDone),
});

/** The u64 in host (little-endian) byte order, as eventfd and timerfd read and write it. */
export function u64Bytes(v: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, v, true);
  return b;
}

export function u64Value(b: Uint8Array): bigint {
  return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true);
}

/** eventfd_read(fd): read(fd, 8); ret 8 and the u64 value in `data` (a short read returns its count, no value). */
export const eventfdReadCall = defineCall({
  name: 'eventfd_read',
  paramNames: ['fd'],
  params: [fdArg],
  binds: [],
  oracle: { args: 'i', wire: ints, mayBlock: true, reply: 'u64' },
  random: [
    { w: 2, r: (o, st) => `eventfd_read(${fdOf(o.a, st)})` },
    { w: 1, only: 'blocking', r: (o, st) => `eventfd_read(${fdOf(o.a, st)})` },
  ],
  run: (ctx, fd) =>
    finish(ctx.syscall(sys_read(fd, 8)), (r): Done => {
      if (typeof r === 'number') return retDone(r);
      return { result: sysResult(r.length, r.length === 8 ? { data: u64Value(r) } : {}), binds: [] };
    }),
});

/** eventfd_write(fd, value): write(fd, &value, 8) with a u64 value. */
export const eventfdWriteCall = defineCall({
  name: 'eventfd_write',
  paramNames: ['fd', 'value'],
  params: [fdArg, u64Arg],
  binds: [],
  oracle: { args: 'iu', wire: ints, mayBlock: true },
  random: [
    {
      w: 2,
      r: (o, st) => `eventfd_write(${fdOf(o.a, st)}, ${o.b % 3 === 0 ? '18446744073709551614' : String(o.b % 5)})`,
    },
  ],
  run: (ctx, fd, value) => finish(ctx.syscall(sys_write(fd, u64Bytes(value))), retDone),
});

export const RW_CALLS: readonly CallDef[] = [readCall, writeCall, eventfdReadCall, eventfdWriteCall];
