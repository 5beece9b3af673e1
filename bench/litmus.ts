// Bench: the 2-thread litmus-like scenario — generic shared counters read, written and incremented in turn.
import type { Machine } from '../src/kernel/machine.ts';
import { Machine as KernelMachine } from '../src/kernel/machine.ts';
import { KObject } from '../src/kernel/object.ts';
import { rd, rmw, wr, type Gen } from '../src/kernel/step.ts';
import type { Task } from '../src/kernel/task.ts';
import { variant } from '../src/kernel/variant.ts';
import { start } from '../src/sched/runtime.ts';
import type { Scenario } from '../src/explore/index.ts';

class Counter extends KObject {
  v = 0;
}

/** A litmus thread: `steps` accesses (read, write, rmw in turn) over three shared counters, from counter `id`. */
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

/** 2 threads x `steps` steps each (the whole program has 2 x `steps` steps). */
export function litmus(steps: number): Scenario {
  const v = variant('v7.1');
  return {
    name: `litmus 2x${steps}`,
    variant: v,
    outcome: results,
    setup() {
      const m = new KernelMachine(v);
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
