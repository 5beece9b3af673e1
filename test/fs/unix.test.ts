import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { sys_pipe2 } from '../../src/fs/pipe.ts';
import { type UnixSock, unix_skb_truesize } from '../../src/fs/sock.ts';
import { Socket, sys_shutdown, sys_socketpair } from '../../src/fs/unix.ts';
import { ERRNO } from '../../src/kernel/errno.ts';
import { get_close_on_exec, sys_close } from '../../src/kernel/fdtable.ts';
import { sys_lseek, sys_read, sys_write } from '../../src/kernel/read_write.ts';
import {
  EPOLLERR,
  EPOLLHUP,
  EPOLLIN,
  EPOLLOUT,
  EPOLLPRI,
  EPOLLRDBAND,
  EPOLLRDHUP,
  EPOLLRDNORM,
  EPOLLWRBAND,
  EPOLLWRNORM,
  SEEK_CUR,
  SHUT_RD,
  SHUT_RDWR,
  SHUT_WR,
  SOCK_CLOEXEC,
  SOCK_NONBLOCK,
} from '../../src/kernel/uapi.ts';
import type { Booted } from '../../src/init/boot.ts';
import { bootKernel, call, sys } from '../_helpers/run.ts';
import { dec, enc, fileOf, pollFd, thread, watchFd } from './_helpers.ts';

const IN = EPOLLIN | EPOLLRDNORM;
const OUT = EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND;
const DATA_KEY = EPOLLIN | EPOLLPRI | EPOLLRDNORM | EPOLLRDBAND;

function pair(b: Booted, flags = 0): [number, number] {
  const r = sys(b, sys_socketpair(flags));
  if (typeof r === 'number') throw new Error(`socketpair: ${r}`);
  return r;
}

function skOf(b: Booted, fd: number): UnixSock {
  const s = sys(b, fileOf(fd)).private_data;
  assert.ok(s instanceof Socket && s.sk !== null);
  return s.sk;
}

const write = (b: Booted, fd: number, d: string | number): number =>
  sys(b, sys_write(fd, typeof d === 'string' ? enc(d) : new Uint8Array(d)));

test('I6: fresh socketpair end reports OUT|WRNORM|WRBAND', () => {
  const b = bootKernel();
  const [a, c] = pair(b);
  assert.deepEqual([a, c], [3, 4]);
  assert.equal(pollFd(b, a), OUT);
  assert.equal(pollFd(b, c), OUT);
});

test('I6: peer SHUT_WR -> IN|OUT|RDHUP; our reads return 0 once drained; the shutter writes EPIPE', () => {
  const b = bootKernel();
  const [a, c] = pair(b);
  assert.equal(write(b, a, 'xy'), 2);
  assert.equal(sys(b, sys_shutdown(a, SHUT_WR)), 0);
  assert.equal(pollFd(b, a), OUT);
  assert.equal(pollFd(b, c), IN | OUT | EPOLLRDHUP);
  assert.equal(write(b, a, 'z'), -ERRNO.EPIPE);
  assert.equal(dec(sys(b, sys_read(c, 10))), 'xy');
  assert.deepEqual(sys(b, sys_read(c, 10)), new Uint8Array(0));
  assert.equal(sys(b, sys_shutdown(c, SHUT_WR)), 0);
  assert.equal(pollFd(b, a), IN | OUT | EPOLLRDHUP | EPOLLHUP, 'both directions shut: HUP');
  assert.equal(pollFd(b, c), IN | OUT | EPOLLRDHUP | EPOLLHUP);
});

test('SHUT_RD: our end reports IN|OUT|RDHUP, the peer can no longer write to us (EPIPE), we still can', () => {
  const b = bootKernel();
  const [a, c] = pair(b);
  assert.equal(sys(b, sys_shutdown(a, SHUT_RD)), 0);
  assert.equal(pollFd(b, a), IN | OUT | EPOLLRDHUP);
  assert.equal(pollFd(b, c), OUT);
  assert.equal(write(b, c, 'a'), -ERRNO.EPIPE);
  assert.equal(write(b, a, 'a'), 1);
  assert.equal(dec(sys(b, sys_read(c, 10))), 'a');
  assert.equal(sys(b, sys_shutdown(c, SHUT_RDWR)), 0);
  assert.equal(pollFd(b, c) & EPOLLHUP, EPOLLHUP);
});

test('I6: peer closed -> IN|OUT|HUP|RDHUP; data first, then EOF; writes are EPIPE', () => {
  const b = bootKernel();
  const [a, c] = pair(b);
  assert.equal(write(b, a, 'abc'), 3);
  assert.equal(sys(b, sys_close(a)), 0);
  assert.equal(pollFd(b, c), IN | OUT | EPOLLHUP | EPOLLRDHUP);
  assert.equal(dec(sys(b, sys_read(c, 10))), 'abc');
  assert.deepEqual(sys(b, sys_read(c, 10)), new Uint8Array(0));
  assert.equal(write(b, c, 'a'), -ERRNO.EPIPE);
});

test('closing with unread data gives the peer ERR and one ECONNRESET read after its data', () => {
  const b = bootKernel();
  const [a, c] = pair(b);
  assert.equal(write(b, c, 'abc'), 3, 'a never reads this');
  assert.equal(write(b, a, 'xy'), 2);
  sys(b, sys_close(a));
  assert.equal(pollFd(b, c), IN | OUT | EPOLLHUP | EPOLLRDHUP | EPOLLERR);
  assert.equal(dec(sys(b, sys_read(c, 1))), 'x');
  assert.equal(dec(sys(b, sys_read(c, 10))), 'y');
  assert.equal(pollFd(b, c) & EPOLLERR, EPOLLERR);
  assert.equal(sys(b, sys_read(c, 10)), -ERRNO.ECONNRESET);
  assert.equal(pollFd(b, c), IN | OUT | EPOLLHUP | EPOLLRDHUP, 'sk_err was consumed');
  assert.deepEqual(sys(b, sys_read(c, 10)), new Uint8Array(0));
  assert.equal(write(b, c, 'a'), -ERRNO.EPIPE);
});

test('shutdown: EBADF for a bad fd, ENOTSOCK for a non-socket (before checking how), EINVAL for a bad how', () => {
  const b = bootKernel();
  const [a] = pair(b);
  const p = sys(b, sys_pipe2(0));
  assert.ok(typeof p !== 'number');
  assert.equal(sys(b, sys_shutdown(99, SHUT_WR)), -ERRNO.EBADF);
  assert.equal(sys(b, sys_shutdown(p[0], SHUT_WR)), -ERRNO.ENOTSOCK);
  assert.equal(sys(b, sys_shutdown(p[0], 9)), -ERRNO.ENOTSOCK);
  assert.equal(sys(b, sys_shutdown(a, 3)), -ERRNO.EINVAL);
  assert.equal(sys(b, sys_shutdown(a, -1)), -ERRNO.EINVAL);
});

test('socketpair: SOCK_NONBLOCK|SOCK_CLOEXEC accepted, other flags EINVAL; lseek ESPIPE; empty reads', () => {
  const b = bootKernel();
  assert.equal(sys(b, sys_socketpair(0o2000)), -ERRNO.EINVAL);
  const [a, c] = pair(b, SOCK_NONBLOCK | SOCK_CLOEXEC);
  assert.equal(sys(b, get_close_on_exec(c)), true);
  assert.equal(sys(b, sys_read(a, 10)), -ERRNO.EAGAIN);
  assert.deepEqual(sys(b, sys_read(a, 0)), new Uint8Array(0));
  assert.equal(write(b, a, 0), 0);
  assert.equal(sys(b, sys_lseek(a, 0, SEEK_CUR)), -ERRNO.ESPIPE);
  const file = sys(b, fileOf(a));
  assert.equal(file.f_path.mnt.mnt_sb.s_type, 'sockfs');
});

test('skb truesize matches Linux 6.18 SIOCOUTQ for sample write sizes', () => {
  const seen: Record<number, number> = {
    1: 768,
    193: 1280,
    705: 2304,
    1729: 4352,
    3777: 4864,
    5000: 6400,
    36544: 37120,
  };
  for (const [size, truesize] of Object.entries(seen)) assert.equal(unix_skb_truesize(Number(size)), truesize, size);
});

/** Non-blocking writes of `size` until EAGAIN: bytes written and the byte count at which OUT first disappeared. */
function fill(b: Booted, fd: number, size: number): { total: number; noOut: number } {
  let total = 0;
  let noOut = -1;
  for (;;) {
    const n = write(b, fd, size);
    if (n < 0) {
      assert.equal(n, -ERRNO.EAGAIN);
      return { total, noOut };
    }
    total += n;
    if (noOut < 0 && (pollFd(b, fd) & EPOLLOUT) === 0) noOut = total;
  }
}

test('send buffer: fills exactly as on Linux 6.18 (1-byte, 1000-byte and 64 KiB writes)', () => {
  const b = bootKernel();
  const [a] = pair(b, SOCK_NONBLOCK);
  assert.equal(fill(b, a, 1).total, 278);
  assert.equal(skOf(b, a).sk_wmem_alloc - 1, 213504, 'SIOCOUTQ');
  const [c] = pair(b, SOCK_NONBLOCK);
  assert.deepEqual(fill(b, c, 1000), { total: 93000, noOut: 24000 });
  const [d] = pair(b, SOCK_NONBLOCK);
  assert.deepEqual(fill(b, d, 65536), { total: 233152, noOut: 65536 });
  const [e] = pair(b, SOCK_NONBLOCK);
  assert.equal(write(b, e, 1 << 20), 219264);
  assert.equal(pollFd(b, e) & EPOLLOUT, 0);
});

test('F4: reading wakes the peer writer with OUT|WRNORM|WRBAND, not the reader; data wakes with IN|PRI|RDNORM|RDBAND', () => {
  const b = bootKernel();
  const [a, c] = pair(b, SOCK_NONBLOCK);
  const wa = watchFd(b, a);
  const wc = watchFd(b, c);
  write(b, a, 'hello');
  assert.deepEqual(wc.keys, [DATA_KEY]);
  assert.deepEqual(wa.keys, []);
  sys(b, sys_read(c, 2));
  assert.deepEqual(wa.keys, [], 'a partly read skb is not freed');
  sys(b, sys_read(c, 10));
  assert.deepEqual(wa.keys, [OUT]);
  assert.deepEqual(wc.keys, [DATA_KEY]);
});

test('shutdown and close wake keylessly: shutdown both ends, close the peer', () => {
  const b = bootKernel();
  const [a, c] = pair(b);
  const wa = watchFd(b, a);
  const wc = watchFd(b, c);
  sys(b, sys_shutdown(a, SHUT_WR));
  assert.deepEqual(wa.keys, [0]);
  assert.deepEqual(wc.keys, [0]);
  sys(b, sys_close(a));
  assert.deepEqual(wc.keys, [0, 0]);
});

test('blocking read sleeps until data arrives, or returns 0 when the peer closes', () => {
  const b = bootKernel();
  const [a, c] = pair(b);
  const reader = thread(b, 'reader');
  assert.equal(call(b, sys_read(c, 100), reader).kind, 'blocks');
  write(b, a, 'hi');
  assert.equal(reader.done, true);
  assert.equal(dec(reader.result as Uint8Array), 'hi');
  assert.equal(call(b, sys_read(c, 100), reader).kind, 'blocks');
  sys(b, sys_close(a));
  assert.deepEqual(reader.result, new Uint8Array(0));
});

test('blocking write sleeps on a full send buffer and resumes once the reader makes it writable', () => {
  const b = bootKernel();
  const [a, c] = pair(b);
  const writer = thread(b, 'writer');
  assert.equal(call(b, sys_write(a, new Uint8Array(300000)), writer).kind, 'blocks');
  const sk = skOf(b, a);
  assert.ok(sk.sk_wmem_alloc - 1 >= sk.sk_sndbuf);
  let got = 0;
  while (got < 300000) {
    const r = sys(b, sys_read(c, 65536));
    assert.ok(typeof r !== 'number');
    got += r.length;
  }
  assert.equal(writer.done, true);
  assert.equal(writer.result, 300000);
  assert.equal(got, 300000);
});

test('a blocked writer gets EPIPE or its partial count when the peer closes', () => {
  const b = bootKernel();
  const [a, c] = pair(b);
  const writer = thread(b, 'writer');
  assert.equal(call(b, sys_write(a, new Uint8Array(300000)), writer).kind, 'blocks');
  sys(b, sys_close(c));
  assert.equal(writer.done, true);
  assert.equal(writer.result, 6 * 36544, 'the skbs queued before the sender blocked');
});

test('socks are freed once released and uncharged; an unread skb keeps its closed sender alive', () => {
  const b = bootKernel();
  const [a, c] = pair(b);
  const ska = skOf(b, a);
  const skc = skOf(b, c);
  write(b, a, 'data');
  sys(b, sys_close(a));
  assert.equal(ska.freed, false, 'the peer holds a reference and an skb is charged to it');
  sys(b, sys_close(c));
  assert.equal(ska.freed, true);
  assert.equal(skc.freed, true);
  assert.deepEqual(b.machine.violations, []);
});

test('property: bytes arrive in order; OUT iff 4 x wmem <= sndbuf; IN iff data is queued', () => {
  const op = fc.record({
    from: fc.integer({ min: 0, max: 1 }),
    write: fc.boolean(),
    n: fc.integer({ min: 1, max: 70000 }),
  });
  fc.assert(
    fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
      const b = bootKernel();
      const fds = pair(b, SOCK_NONBLOCK);
      const queues: number[][] = [[], []];
      let next = 0;
      for (const o of ops) {
        const me = fds[o.from] as number;
        const peer = 1 - o.from;
        if (o.write) {
          const data = new Uint8Array(o.n).map(() => next++ & 0xff);
          const n = sys(b, sys_write(me, data));
          if (n < 0) assert.equal(n, -ERRNO.EAGAIN);
          queues[peer]?.push(...data.subarray(0, Math.max(0, n)));
        } else {
          const r = sys(b, sys_read(me, o.n));
          const q = queues[o.from] as number[];
          if (typeof r === 'number') {
            assert.equal(r, -ERRNO.EAGAIN);
            assert.equal(q.length, 0);
          } else assert.deepEqual([...r], q.splice(0, r.length));
        }
        for (const side of [0, 1]) {
          const fd = fds[side] as number;
          const sk = skOf(b, fd);
          const want =
            ((queues[side] as number[]).length > 0 ? IN : 0) | (sk.sk_wmem_alloc * 4 <= sk.sk_sndbuf ? OUT : 0);
          assert.equal(pollFd(b, fd), want);
        }
      }
    }),
    { numRuns: 40 },
  );
});
