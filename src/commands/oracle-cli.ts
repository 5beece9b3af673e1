// Commander wiring of `oracle`, `conformance` and `stress` (the commands: oracle.ts, conformance.ts, stress.ts).
import { InvalidArgumentError, type Command } from 'commander';
import type { CommandOutput } from './output.ts';

function integer(v: string): number {
  if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new InvalidArgumentError('expected an integer.');
  return Number(v);
}

function natural(v: string): number {
  const n = integer(v);
  if (n < 0) throw new InvalidArgumentError('expected a non-negative integer.');
  return n;
}

interface StressCli {
  iterations?: number;
  time?: number;
  seed?: number;
  budgetMs?: number;
  delayNs?: number;
  variant?: string;
  json?: boolean;
}

export function registerOracleCommands(program: Command, done: (o: CommandOutput) => void): void {
  program
    .command('oracle')
    .description("run a syscall script on this machine's kernel (the oracle) and print it as `run` does")
    .argument('<script>', 'script file')
    .option('--json', 'print one JSON object per call')
    .action(async (script: string, opts: { json?: boolean }) => {
      const { oracleScriptFile } = await import('./oracle.ts');
      done(await oracleScriptFile(script, { json: opts.json === true }));
    });
  program
    .command('conformance')
    .description('run the example scripts and random scripts on the model and the kernel; report per checklist group')
    .option('--random <n>', 'also run N random scripts (fast-check, seeded)', integer, 0)
    .option('--seed <s>', 'seed of the random scripts', integer, 1)
    .option('--json', 'one JSON object per script, then a summary object (the summary line goes to stderr)')
    .option('--doc <file>', 'write the conformance table (markdown) to FILE')
    .option('--variant <name>', 'model variant to compare (default host: the knobs of the running kernel)')
    .action(async (opts: { random: number; seed: number; json?: boolean; doc?: string; variant?: string }) => {
      const { conformance } = await import('./conformance.ts');
      done(
        await conformance({
          random: opts.random,
          seed: opts.seed,
          json: opts.json === true,
          ...(opts.doc === undefined ? {} : { doc: opts.doc }),
          ...(opts.variant === undefined ? {} : { variant: opts.variant }),
        }),
      );
    });
  program
    .command('stress')
    .description("run litmus tests' threads concurrently on this machine's kernel; every state seen must be allowed")
    .argument('<files...>', '.litmus files or directories of them')
    .option('--iterations <n>', 'iterations per test (default 10000)', natural)
    .option('--time <s>', 'stop a test after S seconds of iterations (default 120)', natural)
    .option('--seed <s>', 'seed of the random start delays (default 1)', natural)
    .option('--budget-ms <ms>', 'a call asleep this long while no thread runs is recorded blocked (default 2)', natural)
    .option('--delay-ns <ns>', 'each thread starts after a random delay in [0, NS] ns (default 8000)', natural)
    .option('--variant <name>', 'the model variant the states must belong to (default host)')
    .option('--json', 'one JSON object per test')
    .action(async (files: string[], o: StressCli) => {
      const { stressFiles } = await import('./stress.ts');
      done(
        await stressFiles(files, {
          ...(o.iterations === undefined ? {} : { iterations: o.iterations }),
          ...(o.time === undefined ? {} : { timeMs: o.time * 1000 }),
          ...(o.seed === undefined ? {} : { seed: o.seed }),
          ...(o.budgetMs === undefined ? {} : { budgetMs: o.budgetMs }),
          ...(o.delayNs === undefined ? {} : { delayNs: o.delayNs }),
          ...(o.variant === undefined ? {} : { variant: o.variant }),
          json: o.json === true,
        }),
      );
    });
}
