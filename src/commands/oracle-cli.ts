// Commander wiring of `oracle` and `conformance` (the commands themselves are oracle.ts and conformance.ts).
import { InvalidArgumentError, type Command } from 'commander';
import { conformance } from './conformance.ts';
import { oracleScriptFile } from './oracle.ts';
import type { CommandOutput } from './output.ts';

function integer(v: string): number {
  if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new InvalidArgumentError('expected an integer.');
  return Number(v);
}

export function registerOracleCommands(program: Command, done: (o: CommandOutput) => void): void {
  program
    .command('oracle')
    .description("run a syscall script on this machine's kernel (the oracle) and print it as `run` does")
    .argument('<script>', 'script file')
    .option('--json', 'print one JSON object per call')
    .action(async (script: string, opts: { json?: boolean }) => {
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
}
