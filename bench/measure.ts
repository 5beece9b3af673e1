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
  const one = (least: number): Rep => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let runs = 0;
    let cpuMs = 0;
    do {
      fn();
      runs++;
      const c = process.cpuUsage(c0);
      cpuMs = (c.user + c.system) / 1000;
    } while (cpuMs < least);
    return { runs, ms: performance.now() - t0, cpuMs };
  };
  one(warmMs);
  const out: Rep[] = [];
  for (let r = 0; r < reps; r++) out.push(one(minMs));
  return out;
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}
