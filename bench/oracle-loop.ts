// Bench: the sequential loops run on the real kernel through the oracle's helper (one CALL line per syscall); prints JSON.
import { Helper } from '../src/oracle/helper.ts';
import { callRequest, type WireArg } from '../src/oracle/protocol.ts';
import { EFD_NONBLOCK, EPOLL_CTL_ADD, EPOLLIN } from '../src/kernel/uapi.ts';
import { median } from './measure.ts';

/** Figures of one loop: ns per iteration (wall clock, one per repetition) and the median; also Node's CPU ns. */
export interface HelperLoop {
  readonly ns: number[];
  readonly median: number;
  /** CPU ns of this (Node) process per iteration: the TS side of the protocol only, not the helper's processes. */
  readonly cpuMedian: number;
}

export type HelperResult =
  | {
      readonly ok: true;
      readonly epollWait: { readonly registered: number; readonly loop: HelperLoop }[];
      readonly cycle: HelperLoop;
    }
  | { readonly ok: false; readonly message: string };

/** The budget of a CALL that cannot block (ms). */
const BUDGET = 5000;
/** Requests in flight while registering (the helper answers them in order). */
const BATCH = 500;

const i = (n: number | bigint): WireArg => ({ int: n });

class Bench {
  constructor(private readonly h: Helper) {}

  /** One call: its return value; anything but a RET line is a bench failure. */
  async call(slot: number, name: string, args: readonly WireArg[]): Promise<number> {
    const r = await this.h.request(callRequest(slot, BUDGET, name, args));
    if (r.kind !== 'ret') throw new Error(`bench: helper ${name}: ${r.kind === 'fatal' ? r.message : r.kind}`);
    if (r.ret < 0) throw new Error(`bench: helper ${name} failed with errno ${r.errno}`);
    return r.ret;
  }

  /** `count` eventfds (initial value `init`) in `slot`, each watched EPOLLIN by `ep`; pipelined in batches. */
  async watched(slot: number, ep: number, count: number, init: number): Promise<void> {
    for (let done = 0; done < count;) {
      const n = Math.min(BATCH, count - done);
      const fds = await Promise.all(
        Array.from({ length: n }, () => this.call(slot, 'eventfd', [i(init), i(EFD_NONBLOCK)])),
      );
      await Promise.all(
        fds.map((fd) => this.call(slot, 'epoll_ctl', [i(ep), i(EPOLL_CTL_ADD), i(fd), i(1), i(EPOLLIN), i(fd)])),
      );
      done += n;
    }
  }
}

/** Runs `fn` (one iteration) in `reps` repetitions of at least `minMs` wall ms each, after a warm-up of one. */
async function loop(fn: () => Promise<void>, reps: number, minMs: number): Promise<HelperLoop> {
  const one = async (): Promise<{ wall: number; cpu: number }> => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let runs = 0;
    let ms = 0;
    do {
      await fn();
      runs++;
      ms = performance.now() - t0;
    } while (ms < minMs);
    const c = process.cpuUsage(c0);
    return { wall: (ms * 1e6) / runs, cpu: ((c.user + c.system) * 1e3) / runs };
  };
  await one();
  const rs: { wall: number; cpu: number }[] = [];
  for (let r = 0; r < reps; r++) rs.push(await one());
  const ns = rs.map((r) => r.wall);
  return { ns, median: median(ns), cpuMedian: median(rs.map((r) => r.cpu)) };
}

/**
 * The loops of bench/sequential.ts through the helper: epoll_wait(ep, 64, 0) with 10 ready eventfds of `n` watched
 * (the idle rest opened by forked processes of 1,000 fds each, as the model and native/bench_epoll.c do), and
 * write + epoll_wait + read on one eventfd. A helper that cannot start is a value, not an exception.
 */
export async function runHelperLoops(sizes: readonly number[], reps: number, minMs: number): Promise<HelperResult> {
  const opened = await Helper.open();
  if (!opened.ok) return { ok: false, message: `${opened.error.code} ${opened.error.message}` };
  const h = opened.helper;
  const b = new Bench(h);
  try {
    const epollWait: { registered: number; loop: HelperLoop }[] = [];
    for (const n of sizes) {
      const reset = await h.reset();
      if (reset !== null) return { ok: false, message: `${reset.code} ${reset.message}` };
      h.fresh = false;
      const ep = await b.call(0, 'epoll_create1', [i(0)]);
      await b.watched(0, ep, 10, 1);
      for (let made = 10, slot = 1; made < n; slot++) {
        await b.call(0, 'fork', [i(slot)]);
        const k = Math.min(1000, n - made);
        await b.watched(slot, ep, k, 0);
        made += k;
      }
      const req = callRequest(0, BUDGET, 'epoll_wait', [i(ep), i(64), i(0), i(0)]);
      const f = await loop(
        async () => {
          const r = await h.request(req);
          if (r.kind !== 'ret' || r.ret !== 10) throw new Error('bench: helper epoll_wait did not return 10');
        },
        reps,
        minMs,
      );
      epollWait.push({ registered: n, loop: f });
    }
    const reset = await h.reset();
    if (reset !== null) return { ok: false, message: `${reset.code} ${reset.message}` };
    h.fresh = false;
    const ep = await b.call(0, 'epoll_create1', [i(0)]);
    const efd = await b.call(0, 'eventfd', [i(0), i(EFD_NONBLOCK)]);
    await b.call(0, 'epoll_ctl', [i(ep), i(EPOLL_CTL_ADD), i(efd), i(1), i(EPOLLIN), i(efd)]);
    const write = callRequest(0, BUDGET, 'write', [i(efd), { bytes: new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0]) }]);
    const wait = callRequest(0, BUDGET, 'epoll_wait', [i(ep), i(8), i(0), i(0)]);
    const read = callRequest(0, BUDGET, 'read', [i(efd), i(8)]);
    const cycle = await loop(
      async () => {
        const w = await h.request(write);
        const e = await h.request(wait);
        const r = await h.request(read);
        if (w.kind !== 'ret' || w.ret !== 8 || e.kind !== 'ret' || e.ret !== 1 || r.kind !== 'ret' || r.ret !== 8)
          throw new Error('bench: helper write + epoll_wait + read cycle failed');
      },
      reps,
      minMs,
    );
    return { ok: true, epollWait, cycle };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  } finally {
    await h.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [reps = '7', minMs = '150', ...ns] = process.argv.slice(2);
  const sizes = (ns.length > 0 ? ns : ['1000', '10000', '100000']).map(Number);
  const r = await runHelperLoops(sizes, Number(reps), Number(minMs));
  process.stdout.write(`${JSON.stringify(r)}\n`);
}
