// Explorer: the progress line on stderr (TTY only) — executions, rate, elapsed time and, when there is one, a
// truthful estimate of the time left; and the escape sequences that give the terminal back.
import cliProgress from 'cli-progress';

/** A snapshot of an exploration in progress. */
export interface ProgressInfo {
  readonly executions: number;
  readonly elapsedMs: number;
  /** Subtrees finished and known (parallel exploration); null on the calling thread's sequential explorer. */
  readonly subtreesDone: number | null;
  readonly subtreesKnown: number | null;
  /** Estimated fraction done (0..1) from the subtrees' size estimates; null when there is no estimate. */
  readonly fraction: number | null;
}

/** Receives progress snapshots (the CLI's line, or a test's recorder). */
export interface ProgressSink {
  update(p: ProgressInfo): void;
  stop(): void;
}

/** Shows the cursor and turns autowrap back on: what a progress line (cli-progress) switches off while it runs. */
export const RESTORE_TERMINAL = '\x1b[?25h\x1b[?7h';

/**
 * The estimate of the time left, or null: only once enough of the tree is known to be done (5 % and 4 subtrees),
 * since the subtrees' size estimates are rough before that.
 */
export function timeLeft(p: ProgressInfo): string | null {
  const f = p.fraction;
  if (f === null || f < 0.05 || f >= 1 || (p.subtreesDone ?? 0) < 4) return null;
  const s = Math.round((p.elapsedMs * (1 - f)) / f / 1000);
  return s < 60 ? `~${s}s left` : `~${Math.round(s / 60)} min left`;
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');

function seconds(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** The text of the line: `123,456 executions | 20,512 exec/s | 6s | subtrees 40/97 | ~6s left`. */
export function progressText(p: ProgressInfo): string {
  const parts = [
    `${int(p.executions)} executions`,
    `${int(p.elapsedMs > 0 ? (p.executions * 1000) / p.elapsedMs : 0)} exec/s`,
    seconds(p.elapsedMs),
  ];
  if (p.subtreesDone !== null && p.subtreesKnown !== null) parts.push(`subtrees ${p.subtreesDone}/${p.subtreesKnown}`);
  parts.push(timeLeft(p) ?? 'no estimate yet');
  return parts.join(' | ');
}

/**
 * The line on `stream`, redrawn at most 5 times a second and at least once a second (the caller updates it at least
 * that often). The text is built here (`{line}`): cli-progress's own placeholders (`{eta}`, `{percentage}`) are not
 * used, so they cannot collide with ours.
 */
export function progressLine(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: (_o, _p, payload: { line: string }) => payload.line,
      hideCursor: true,
      clearOnComplete: true,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      const payload = { line: progressText(p) };
      if (!started) {
        bar.start(1, 0, payload);
        started = true;
      } else bar.update(0, payload);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
