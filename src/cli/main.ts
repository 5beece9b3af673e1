#!/usr/bin/env node
// Entry point of the epoll-lab CLI (bin/epoll-lab.js loads the built or the TypeScript form of this file).
import { runCli } from './program.ts';

/** Colour only on a terminal, never when NO_COLOR is set (https://no-color.org); picocolors' own guess also colours pipes under CI. */
function wantsColor(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && process.env['NO_COLOR'] === undefined;
}

process.exitCode = await runCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  color: wantsColor(process.stdout),
  errColor: wantsColor(process.stderr),
});
