// `check` on the calling thread, synchronously (the library's and the tests' entry; the CLI runs check.ts's async one).
import { checkVariant, resolveVariants } from '../litmus/check.ts';
import { EpmError } from '../script/errors.ts';
import { writeCheckReport } from './check-html.ts';
import { prepare, Printer, type CheckFlags } from './check.ts';
import { errorLine } from './litmus-opts.ts';
import type { CommandOutput } from './output.ts';

/** Checks each file on its variants, sequentially on the calling thread. Exit 1 when an expectation fails or the model errs. */
export function checkFiles(paths: readonly string[], flags: CheckFlags = {}): CommandOutput {
  const p = prepare(paths, flags);
  if ('code' in p) return p;
  const pr = new Printer(flags, writeCheckReport);
  try {
    for (const { test } of p.tests) {
      for (const v of resolveVariants(test, flags.variant)) {
        const r = checkVariant(test, v, p.opts);
        if ('code' in r) return pr.fail(errorLine(r));
        pr.add(r);
      }
    }
  } catch (e) {
    if (EpmError.is(e)) return pr.fail(`${e.code} ${e.message}`);
    throw e;
  }
  return pr.finish(p.tests.map((t) => t.test));
}
