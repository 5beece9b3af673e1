// The CLI's SIGINT/SIGTERM handling for long commands: the first signal asks the command to stop and print what it
// has (an abort signal), a second one exits at once; either way the terminal gets its cursor and autowrap back.
import { RESTORE_TERMINAL } from '../explore/parallel/progress.ts';

/** Exit code of a command ended by a signal (128 + SIGINT's number, as shells report it). */
export const EXIT_ON_SIGNAL = 130;

/** Where the handler writes and how it exits (the process's by default; tests substitute their own). */
export interface InterruptIo {
  readonly err: (s: string) => void;
  readonly isTTY: boolean;
  readonly exit: (code: number) => never;
}

const processIo = (): InterruptIo => ({
  err: (s) => process.stderr.write(s),
  isTTY: process.stderr.isTTY === true,
  exit: (code) => process.exit(code),
});

/**
 * Runs `body` with SIGINT and SIGTERM turned into an abort signal. The first signal aborts it (the command stops
 * between two slices of work and returns its partial result); a second one restores the terminal and exits 130
 * immediately. The handlers are removed when `body` ends.
 */
export async function withInterrupts<T>(
  body: (signal: AbortSignal) => Promise<T>,
  io: InterruptIo = processIo(),
): Promise<T> {
  const ac = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    if (!ac.signal.aborted) {
      io.err(`\nepoll-lab: ${sig}: stopping, the results so far follow (again to quit at once)\n`);
      ac.abort();
      return;
    }
    if (io.isTTY) io.err(RESTORE_TERMINAL);
    io.exit(EXIT_ON_SIGNAL);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await body(ac.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (ac.signal.aborted && io.isTTY) io.err(RESTORE_TERMINAL);
  }
}
