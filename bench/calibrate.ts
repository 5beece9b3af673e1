// Bench: the machine's speed on the explorer's kind of work, so that figures from different machines can be compared.
// The explorer's absolute rates moved by 3-4x between the machines of two sessions with no change to the code; a
// figure measured next to them lets a later reader tell a slower machine from a slower model.
import { repeat, median } from './measure.ts';

interface Box {
  o: object;
  f: string;
}

function* leaf(b: Box): Generator<Box, number, void> {
  yield b;
  return 1;
}
function* mid(b: Box): Generator<Box, number, void> {
  let n = yield* leaf(b);
  n += yield* leaf(b);
  return n;
}
function* top(b: Box, k: number): Generator<Box, number, void> {
  let n = 0;
  for (let i = 0; i < k; i++) n += yield* mid({ o: b.o, f: b.f });
  return n;
}

/**
 * Nanoseconds per resumption of a generator three `yield*` levels deep that allocates a small object every other
 * step: the shape of a kernel step (the model's average depth is about 3.5 named functions). Median of 7 repetitions
 * of at least 200 CPU ms each.
 */
export function resumeNs(): number {
  const K = 10_000;
  const b: Box = { o: {}, f: 'x' };
  let sink = 0;
  const reps = repeat(
    () => {
      const g = top(b, K);
      for (let r = g.next(); r.done !== true; r = g.next()) sink++;
    },
    7,
    200,
    500,
  );
  if (sink < 0) console.log(sink);
  return median(reps.map((r) => (r.cpuMs * 1e6) / (r.runs * 2 * K)));
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify({ resumeNs: resumeNs() }));
