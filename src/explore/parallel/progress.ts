// Explorer, parallel: the progress line on stderr (TTY only) — executions, rate, subtrees and an estimated time left.
import cliProgress from 'cli-progress';

/** A snapshot of an exploration in progress. */
export interface ProgressInfo {
  readonly executions: number;
  readonly elapsedMs: number;
  readonly subtreesDone: number;
  readonly subtreesKnown: number;
  /** Estimated fraction done (0..1), from the subtrees' size estimates. */
  readonly fraction: number;
}

/** Receives progress snapshots (the CLI's line, or a test's recorder). */
export interface ProgressSink {
  update(p: ProgressInfo): void;
  stop(): void;
}

/** The line: `[====    ] 41% | 123,456 executions | 20,512 exec/s | subtrees 40/97 | ~6s left`. */
export function progressLine(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{bar} {percentage}% | {executions} executions | {rate} exec/s | subtrees {subtrees} | {eta}',
      hideCursor: true,
      clearOnComplete: true,
      barsize: 20,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const int = (n: number): string => Math.round(n).toLocaleString('en-US');
  return {
    update(p) {
      const f = Math.min(1, Math.max(0, p.fraction));
      const left = f > 0.01 ? `~${Math.round((p.elapsedMs * (1 - f)) / f / 1000)}s left` : 'estimating';
      const payload = {
        executions: int(p.executions),
        rate: int(p.elapsedMs > 0 ? (p.executions * 1000) / p.elapsedMs : 0),
        subtrees: `${p.subtreesDone}/${p.subtreesKnown}`,
        eta: left,
      };
      if (!started) {
        bar.start(1000, Math.round(f * 1000), payload);
        started = true;
      } else bar.update(Math.round(f * 1000), payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
