// Benchmark of the explorer: `node --import tsx test/explore/bench.ts` (not a test; prints executions/s).
import { sys_epoll_create1, sys_epoll_ctl, sys_epoll_wait } from '../../src/epoll/syscalls.ts';
import type { EpollEvent } from '../../src/epoll/wait.ts';
import { sys_dmabuf_export } from '../../src/fs/dmabuf.ts';
import { boot } from '../../src/kernel/boot.ts';
import { sys_close } from '../../src/kernel/fdtable.ts';
import { Machine } from '../../src/kernel/machine.ts';
import { KObject } from '../../src/kernel/object.ts';
import { rd, rmw, wr, type Gen } from '../../src/kernel/step.ts';
import { syscall } from '../../src/kernel/syscall.ts';
import type { Task } from '../../src/kernel/task.ts';
import { EPOLL_CTL_ADD, EPOLLIN, EPOLLOUT } from '../../src/kernel/uapi.ts';
import { variant } from '../../src/kernel/variant.ts';
import { runCall } from '../../src/sched/sequential.ts';
import { start } from '../../src/sched/runtime.ts';
import { explore, formatStats, minimise, type ExploreOptions, type Scenario } from '../../src/explore/index.ts';

class Counter extends KObject {
  v = 0;
}

/** Litmus thread: `steps` accesses (read, write, rmw in turn) over three shared counters. */
function* litmusThread(cs: readonly Counter[], id: number, steps: number): Gen<number> {
  let acc = 0;
  for (let i = 0; i < steps; i++) {
    const c = cs[(i + id) % 3] as Counter;
    if (i % 3 === 0) {
      yield rd(c, 'v');
      acc += c.v;
    } else if (i % 3 === 1) {
      yield wr(c, 'v');
      c.v = id + i;
    } else {
      yield rmw(c, 'v');
      c.v++;
    }
  }
  return acc;
}

function results(_m: Machine, threads: readonly Task[]): string {
  return threads.map((t) => (t.done ? String(t.result) : 'unfinished')).join(' ');
}

/** 2 threads x `steps` steps. */
function litmus(steps: number): Scenario {
  const v = variant('v7.1');
  return {
    name: `litmus 2x${steps}`,
    variant: v,
    outcome: results,
    setup() {
      const m = new Machine(v);
      const cs = [0, 1, 2].map(() => m.alloc('eventfd_ctx', new Counter()));
      const threads = [0, 1].map((i) => {
        const t = m.spawn(`P${i}`, 'user', null);
        start(t, litmusThread(cs, i, steps));
        return t;
      });
      return { machine: m, threads };
    },
  };
}

function* epollWait0(epfd: number): Gen<number> {
  const buf: EpollEvent[] = [];
  return yield* sys_epoll_wait(epfd, buf, 8, 0);
}

/** I1 (lifetime-races.md): a dma-buf in an epoll set; T1 epoll_wait(0) polls it while T2 closes its only fd. */
function dmabufI1(spec: string): Scenario {
  const v = variant(spec);
  return {
    name: `I1 dma-buf ${spec}`,
    variant: v,
    outcome: results,
    setup() {
      const { machine: m, init } = boot(v);
      const d = runCall(m, init, sys_dmabuf_export());
      const e = runCall(m, init, sys_epoll_create1(0));
      if (d.kind !== 'done' || e.kind !== 'done') throw new Error('I1 setup failed');
      const ev = { events: EPOLLIN | EPOLLOUT, data: 1n };
      const r = runCall(m, init, sys_epoll_ctl(e.value, EPOLL_CTL_ADD, d.value, ev));
      if (r.kind !== 'done' || r.value !== 0) throw new Error('I1 epoll_ctl failed');
      const files = init.files;
      if (files === null) throw new Error('no files');
      files.count += 2;
      const t1 = m.spawn('T1', 'user', files);
      start(t1, syscall(epollWait0(e.value)));
      const t2 = m.spawn('T2', 'user', files);
      start(t2, syscall(sys_close(d.value)));
      return { machine: m, threads: [t1, t2] };
    },
  };
}

function run(sc: Scenario, opts: ExploreOptions): void {
  explore(sc, { ...opts, maxExecutions: 2000 }); // JIT warm-up
  const r = explore(sc, opts);
  const tag = `${r.kind}${r.kind === 'bound-reached' ? `/${r.limit}` : ''}`;
  console.log(
    `${sc.name.padEnd(22)} ${r.mode.padEnd(7)} ${String(r.preemptionBound ?? '-').padEnd(2)} ${tag.padEnd(22)} outcomes ${String(r.outcomes.size).padEnd(4)} ${formatStats(r.stats)}`,
  );
}

for (const n of [10, 12]) {
  run(litmus(n), { mode: 'dpor' });
  run(litmus(n), { mode: 'naive', maxExecutions: 400_000 });
}
for (const spec of ['v6.8', 'v6.9', 'v7.1']) {
  run(dmabufI1(spec), { mode: 'dpor' });
  run(dmabufI1(spec), { mode: 'naive', timeoutMs: 3000 });
  run(dmabufI1(spec), { bound: 2, stopOn: 'use-after-free' });
}
const m = minimise(dmabufI1('v6.8'), 'use-after-free');
console.log(
  'I1 v6.8 minimal use-after-free:',
  m.ok ? `${m.preemptions} preemption(s), ${m.steps} steps, ${m.token}` : m.message,
);
