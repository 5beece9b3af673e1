#!/usr/bin/env node
// Entry point of the epoll-lab CLI (bin/epoll-lab.js loads the built or the TypeScript form of this file).
import { runCli } from './program.ts';

process.exitCode = await runCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  color: process.stdout.isTTY && process.env['NO_COLOR'] === undefined,
});
