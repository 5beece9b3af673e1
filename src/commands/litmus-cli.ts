// Commander wiring of the litmus commands (check, diff, replay); program.ts registers them with one call.
import type { Command } from 'commander';
import { withInterrupts } from './interrupts.ts';
import type { CheckFlags } from './check.ts';
import type { ExploreFlags } from './litmus-opts.ts';
import type { CommandOutput } from './output.ts';
import type { ReproFlags } from './repro.ts';

function exploreFlags(c: Command): Command {
  return c
    .option('--mode <mode>', 'naive | dpor | stateful | random | pct (default dpor)')
    .option('--bound <k>', 'preemption bound (DFS over schedules with at most K preemptions)')
    .option('--max-executions <n>', 'stop after N executions')
    .option('--timeout <ms>', 'stop after MS milliseconds per test and variant')
    .option('--seed <s>', 'seed of random and pct')
    .option('--max-states <n>', 'stateful mode: store at most N states (then go on without storing more)')
    .option(
      '--symmetry',
      'require the symmetry reduction (on by default where it applies: identical threads under dpor or naive)',
    )
    .option('--no-symmetry', 'explore identical threads in every order (no symmetry reduction)')
    .option(
      '--values',
      'dpor: value branches (experimental) — a lockless epoll_wait check explored per value it returns, not per ' +
        'position (check: by default once DPOR needs more than 1,000 executions)',
    )
    .option('--no-values', 'dpor: never value branches (check: plain DPOR, on worker threads past 5,000 executions)')
    .option(
      '--stop-on <what>',
      'violation or violation=KIND: stop at the first one, print it minimised (run is bounded)',
    );
}

export function registerLitmusCommands(program: Command, done: (o: CommandOutput) => void): void {
  exploreFlags(
    program
      .command('check')
      .description('explore litmus tests on kernel variants: final states, condition, violations, expectations')
      .argument('<files...>', '.litmus files or directories of them')
      .option('--variant <list>', 'comma-separated variants or all (default: the variants the expectations name)'),
  )
    .option('--json', 'one JSON object per test and variant')
    .option('--races', 'also print which races the exploration reversed, by code and field: what its size comes from')
    .option('--html <file>', 'also write a self-contained HTML report: matrix, outcome diffs, timelines, f_count plots')
    .option('--workers <n>', 'worker threads (default: the cores; small explorations run on one)')
    .option('--shard <k/n>', 'explore shard K of N (-/N: K from JOB_COMPLETION_INDEX) and write its result file')
    .option('--out <file>', 'result file of --shard (default <stem>.<variant>.shard-K-of-N.json)')
    .option('--checkpoint <file>', 'resume from FILE when it exists; rewrite it every 5 s and at the end')
    .option('--granularity <g>', 'split threshold of the parallel decomposition (default dpor 2^30, dfs 32)')
    .action(async (files: string[], opts: CheckFlags) => {
      const { checkFilesAsync } = await import('./check.ts');
      done(
        await withInterrupts((signal) =>
          checkFilesAsync(files, opts, { signal, warn: (line) => process.stderr.write(line) }),
        ),
      );
    });
  exploreFlags(
    program
      .command('diff')
      .description('compare the states and violations of a litmus test on two variants')
      .argument('<file>', '.litmus file')
      .requiredOption('--from <variant>', 'first variant')
      .requiredOption('--to <variant>', 'second variant'),
  )
    .option('--json', 'print the difference as one JSON object')
    .action(async (file: string, opts: ExploreFlags & { from: string; to: string; json?: boolean }) =>
      done((await import('./diff.ts')).diffFile(file, opts)),
    );
  program
    .command('replay')
    .description('re-run the execution a replay token names and print it (with --trace, step by step)')
    .argument('<token>', 'replay token (el1:...)')
    .option('--trace', 'print every step: thread, kernel function, object, f_count')
    .option('--file <litmus>', 'the .litmus file of the token (default: search ./litmus/)')
    .action(async (token: string, opts: { trace?: boolean; file?: string }) =>
      done((await import('./replay.ts')).replayToken(token, opts)),
    );
  program
    .command('repro')
    .description('write a standalone C reproducer of a litmus test reaching a target state (docs/repro.md)')
    .argument('<file>', '.litmus file')
    .option('--state <prop>', "the target state, in the condition's syntax: 'P1:wr == 1 /\\ P0:r0 == blocked'")
    .option('--token <token>', 'the target state: the final state of this replay token')
    .option('-o, --out <file>', 'the C file to write (default <test>-repro.c; - for stdout)')
    .option('--variant <v>', 'the model variant the target must be reachable on (default: the newest preset)')
    .action(async (file: string, opts: ReproFlags) => done((await import('./repro.ts')).reproFile(file, opts)));
}
