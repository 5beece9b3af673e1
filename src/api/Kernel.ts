// The library API: `new Kernel({ variant })` boots a model kernel; the Kernel is its first process (`main`).
import type { Machine } from '../kernel/machine.ts';
import type { Variant } from '../kernel/variant.ts';
import type { Violation } from '../kernel/violation.ts';
import type { Script } from '../script/compile.ts';
import { resolveVariant, runScript, type RunOutcome } from '../script/runner.ts';
import { Session } from '../script/session.ts';
import { Process } from './Process.ts';

export interface KernelOptions {
  /** A variant spec (`v7.1`, `v6.9,item_poll_pin=sb_nouser`) or a Variant; default v7.1. Unknown specs throw EPM201. */
  readonly variant?: string | Variant;
}

/**
 * A booted model kernel and its first process. Calls run through the same call registry and sequential driver
 * as scripts; `fork()` returns handles to further processes.
 */
export class Kernel extends Process {
  constructor(opts: KernelOptions = {}) {
    const session = new Session(resolveVariant(opts.variant));
    super(session, session.main);
  }

  /** The kernel state, for inspection (files, mounts, tasks, violations). */
  get machine(): Machine {
    return this.session.machine;
  }

  get variant(): Variant {
    return this.session.variant;
  }

  /** Violations the model's detectors reported so far. */
  get violations(): readonly Violation[] {
    return this.session.machine.violations;
  }

  /** The process named `name` (a script's fork name, or a Process's `name`). */
  process(name: string): Process | undefined {
    const p = this.session.processes.get(name);
    return p === undefined ? undefined : new Process(this.session, p);
  }

  /** Runs a script on this kernel, after the calls already made; its `main` is this process. */
  run(input: string | Script, file?: string): RunOutcome {
    return runScript(input, file === undefined ? { session: this.session } : { session: this.session, file });
  }
}
