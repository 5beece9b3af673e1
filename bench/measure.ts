// Bench: timing helpers — medians over repetitions, repetitions long enough to time, peak memory of the process.

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 === 1 ? (s[(n - 1) / 2] as number) : ((s[n / 2 - 1] as number) + (s[n / 2] as number)) / 2;
}

/**
 * One repetition: how many times `fn` ran, the wall-clock milliseconds it took and the CPU milliseconds (user +
 * system) this process spent. The bench quotes CPU time: on a shared machine the wall clock also counts the time
 * other processes held the cores, while a single-threaded loop's CPU time is what it would take on an idle one.
 */
export interface Rep {
  readonly runs: number;
  readonly ms: number;
  readonly cpuMs: number;
}

/**
 * Runs `fn` in `reps` repetitions of at least `minMs` CPU milliseconds each, after a warm-up of at least `warmMs`
 * (the generator-heavy kernel code needs many calls before V8's optimising compiler has seen it all: an explorer's
 * rate still triples after its first hundred executions), and returns them. Callers count their own units
 * (executions, steps) per run of `fn`.
 */
export function repeat(fn: () => void, reps: number, minMs: number, warmMs = minMs): Rep[] {
  const [out] = repeatRounds([fn], reps, minMs, warmMs);
  return out as Rep[];
}

/**
 * `repeat` over several loops at once, in rounds: each loop is warmed up, then every round runs one repetition of each
 * loop in turn. A machine whose speed drifts (this one's moved by 2x within a minute) then slows every loop alike, so
 * ratios between them hold where loops measured one after the other did not.
 */
export function repeatRounds(fns: readonly (() => void)[], reps: number, minMs: number, warmMs = minMs): Rep[][] {
  for (const fn of fns) once(fn, warmMs);
  const out: Rep[][] = fns.map(() => []);
  for (let r = 0; r < reps; r++) fns.forEach((fn, i) => out[i]?.push(once(fn, minMs)));
  return out;
}

/** One repetition: `fn` until this process has spent `least` CPU milliseconds. */
function once(fn: () => void, least: number): Rep {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let runs = 0;
  let cpuMs = 0;
  // The clock is read after batches of runs, not after each: process.cpuUsage costs 1-2 µs here, a few percent of a
  // sequential syscall loop's iteration. Batches double while one takes under 1 ms.
  let batch = 1;
  do {
    for (let i = 0; i < batch; i++) fn();
    runs += batch;
    const c = process.cpuUsage(c0);
    const now = (c.user + c.system) / 1000;
    if (now - cpuMs < 1) batch *= 2;
    cpuMs = now;
  } while (cpuMs < least);
  return { runs, ms: performance.now() - t0, cpuMs };
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}
