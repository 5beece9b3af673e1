// The epoll-lab command line: commander wiring only; every command is a library function returning its output.
import { Command, CommanderError } from 'commander';
import { createColors } from 'picocolors';
import { jsonStderr, lines, output, type CommandOutput } from '../commands/output.ts';
import { escapeControls } from '../script/errors.ts';
import { registerLitmusCommands } from '../commands/litmus-cli.ts';
import { registerOracleCommands } from '../commands/oracle-cli.ts';
import type { MergeFlags } from '../commands/merge.ts';
import { DEFAULT_PORT } from '../commands/serve-port.ts';

/** Where the CLI writes, and whether it may use colour. */
export interface CliIo {
  out(s: string): void;
  err(s: string): void;
  /** Colour on stdout. */
  readonly color: boolean;
  /** Colour on stderr (error codes in red). */
  readonly errColor: boolean;
}

/**
 * Commander's own usage errors (unknown command or option, missing or invalid argument) as EPM170, like every other
 * user error: `epoll-lab: EPM170 unknown option '--frob'`. The usage that follows is commander's.
 */
export function usageError(message: string, write: (s: string) => void): void {
  write(`epoll-lab: EPM170 ${message.replace(/^error: /, '')}`);
}

/** `start`: the main job (the seed case study), its HTML report and the section run on this machine's kernel. */
function registerStart(program: Command, pc: ReturnType<typeof createColors>, done: (o: CommandOutput) => void): void {
  program
    .command('start')
    .description("the main job: the seed case study (litmus/seed.list) on every preset, and Brauner's two questions")
    .option('--examples', 'run every example script instead (examples/scripts/*.script)')
    .option('--html <file>', 'where to write the HTML report of the case study', 'report.html')
    .option('--no-html', 'do not write the HTML report')
    .option('--no-kernel', "skip the section run on this machine's kernel (stress)")
    .action(async (o: { examples?: boolean; html: string | false; kernel: boolean }) => {
      const header = (s: string): string => pc.bold(s);
      const { runExamples, runStart } = await import('../commands/start.ts');
      if (o.examples === true) return done(runExamples({ header }));
      const r =
        o.html === false
          ? runStart({ header })
          : (await import('../commands/start-html.ts')).runStartWithReport(o.html, { header });
      if (!o.kernel) return done(r);
      const { confirmedOnKernel } = await import('../commands/start-kernel.ts');
      return done({ ...r, stdout: `${r.stdout}\n${await confirmedOnKernel({ header })}` });
    });
}

function buildProgram(io: CliIo, done: (o: CommandOutput) => void, json: boolean): Command {
  const pc = createColors(io.color);
  const outputError = json
    ? (m: string, write: (s: string) => void) => usageError(m, (s) => write(`${jsonStderr(s.trimEnd())}\n`))
    : usageError;
  const program = new Command('epoll-lab')
    .description('Executable model of Linux epoll and struct file lifetimes')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s), outputError })
    .showHelpAfterError(!json);
  program
    .command('run')
    .description('run a syscall script on the model and print one result line per call')
    .argument('<script>', 'script file')
    .option('--variant <name>', 'kernel variant: a preset, optionally with knob overrides (see `variants`)')
    .option('--json', 'print one JSON object per call')
    .action(async (script: string, opts: { variant?: string; json?: boolean }) => {
      const { runScriptFile } = await import('../commands/run.ts');
      done(
        runScriptFile(script, {
          ...(opts.variant === undefined ? {} : { variant: opts.variant }),
          json: opts.json === true,
        }),
      );
    });
  program
    .command('variants')
    .description('list the variant presets and knobs, with the commit each models')
    .action(async () => done((await import('../commands/variants.ts')).listVariants()));
  program
    .command('atlas')
    .description('every known epoll bug the model can express, reproduced or clean on every version preset')
    .option('--html <file>', 'also write the HTML report: bugs x releases, with the timeline of every violation')
    .action(async (o: { html?: string }) => {
      const { runAtlasCommand } = await import('../commands/atlas.ts');
      done(runAtlasCommand(o.html === undefined ? {} : { html: o.html }));
    });
  program
    .command('judge')
    .description(
      'the candidate fixes for I5 (deferred release) judged over the corpus and the bug atlas (docs/findings/)',
    )
    .option('--corpus <paths...>', 'litmus files or directories (default litmus/)')
    .option('--candidates <list>', 'comma-separated candidate presets (default every fix-* preset)')
    .option('--json', 'one JSON object')
    .action(async (o: { corpus?: string[]; candidates?: string; json?: boolean }) =>
      done((await import('../commands/judge.ts')).judgeCommand(o)),
    );
  registerStart(program, pc, done);
  program
    .command('merge')
    .description('combine the JSON results of shards 0..N-1 (--shard K/N) into the whole exploration (docs/scaling.md)')
    .argument('<files...>', 'shard result files')
    .option('-o, --out <file>', 'write the merged result here instead of stdout')
    .option('--litmus <file>', "print the merged result as the check block of this .litmus file (check's exit code)")
    .action(async (files: string[], o: MergeFlags) =>
      done((await import('../commands/merge.ts')).mergeFiles(files, o)),
    );
  program
    .command('serve')
    .description('the playground (docs/playground.md): build site/ if needed and serve it on 127.0.0.1')
    .option('--port <port>', `port (0: any free one; default ${DEFAULT_PORT})`)
    .action(async (o: { port?: string }) => {
      const { serveCommand } = await import('../commands/serve.ts');
      done(output('', '', await serveCommand(o, io)));
    });
  registerLitmusCommands(program, done);
  registerOracleCommands(program, done);
  return program;
}

/** Runs the CLI on `argv` (without `node` and the script path); returns the exit code. Never throws for user errors. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code = 0;
  // With --json, errors are JSON objects too (`{code, file, line, column, message}`, one per line on stderr).
  const json = argv.includes('--json');
  const done = (o: CommandOutput): void => {
    io.out(o.stdout);
    // Whatever a command quotes on stderr, no control character of the user's reaches the terminal.
    const stderr = escapeControls(o.stderr);
    if (stderr !== '' && json) io.err(jsonStderr(stderr));
    else if (stderr !== '')
      io.err(
        stderr.replace(
          /^(.*?)(EPM\d{3})/gm,
          (_m, pre: string, c: string) => `${pre}${createColors(io.errColor).red(c)}`,
        ),
      );
    code = o.code;
  };
  const program = buildProgram(io, done, json);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    const message = `internal error (an epoll-lab bug, please report it): ${e instanceof Error ? e.message : String(e)}`;
    if (json) io.err(lines([JSON.stringify({ code: 'internal', file: null, line: null, column: null, message })]));
    else io.err(lines([`epoll-lab: ${message}`]));
    if (process.env['EPOLL_LAB_DEBUG'] !== undefined && e instanceof Error) io.err(`${e.stack ?? ''}\n`);
    return 70;
  }
  return code;
}
