// `epoll-lab check FILE...`: explores litmus tests on variants and prints herd7-style blocks (or JSON lines).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkVariant, readLitmusFile, resolveVariants, resultOk, type CheckResult } from '../litmus/check.ts';
import { formatCheck, formatCheckJson } from '../litmus/format.ts';
import { parseLitmus } from '../litmus/parse.ts';
import type { LitmusTest } from '../litmus/ast.ts';
import { EpmError, type ScriptError } from '../script/errors.ts';
import { errorLine, exploreOptions, type ExploreFlags } from './litmus-opts.ts';
import { lines, output, type CommandOutput } from './output.ts';
import { litmusReport } from '../report/litmus.ts';
import { writeHtmlReport } from '../report/write.ts';

export interface CheckFlags extends ExploreFlags {
  readonly variant?: string;
  readonly json?: boolean;
  /** Also write the HTML report (src/report/) of every test and variant to this file. */
  readonly html?: string;
}

/**
 * Parses every file first (any input error: exit 2, nothing runs), then checks each on its variants. Exit 1 when an
 * expectation fails or the model errs.
 */
/** Files as given; a directory stands for the `*.litmus` files under it (recursively, sorted). */
export function expandFiles(paths: readonly string[]): string[] {
  return paths.flatMap((p) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return [p];
    }
    if (!st.isDirectory()) return [p];
    return readdirSync(p, { recursive: true, encoding: 'utf8' })
      .filter((n) => n.endsWith('.litmus'))
      .sort()
      .map((n) => join(p, n));
  });
}

export function checkFiles(paths: readonly string[], flags: CheckFlags = {}): CommandOutput {
  const files = expandFiles(paths);
  if (files.length === 0) return output('', `epoll-lab check: no .litmus files in ${paths.join(', ')}\n`, 2);
  const opts = exploreOptions(flags);
  if (typeof opts === 'string') return output('', `epoll-lab check: ${opts}\n`, 2);
  const tests: LitmusTest[] = [];
  const errors: ScriptError[] = [];
  for (const f of files) {
    const src = readLitmusFile(f);
    if (typeof src !== 'string') {
      errors.push(src);
      continue;
    }
    const p = parseLitmus(src, { file: f });
    if (p.ok) tests.push(p.test);
    else errors.push(...p.errors);
  }
  if (errors.length > 0) return output('', lines(errors.map(errorLine)), 2);
  const results: CheckResult[] = [];
  const out: string[] = [];
  const err: string[] = [];
  try {
    for (const t of tests) {
      for (const v of resolveVariants(t, flags.variant)) {
        const r = checkVariant(t, v, opts);
        if ('code' in r) return output(lines(out), lines([...err, errorLine(r)]), 2);
        results.push(r);
        out.push(flags.json === true ? formatCheckJson(r) : `${formatCheck(r)}\n`);
        for (const e of r.expectations)
          if (e.status === 'fail')
            err.push(`${r.file}:${e.line}: expectation failed on ${r.variant}: expect ${e.text} (${e.message})`);
        if (r.modelError !== null) err.push(`${r.file}: model error on ${r.variant}: ${r.modelError.message}`);
      }
    }
  } catch (e) {
    if (EpmError.is(e)) return output(lines(out), lines([...err, `${e.code} ${e.message}`]), 2);
    throw e;
  }
  if (flags.html !== undefined) {
    const entries = tests.map((test) => ({ test, results: results.filter((r) => r.file === test.file) }));
    const w = writeHtmlReport(flags.html, litmusReport('epoll-lab check', entries));
    if (!w.ok) return output(lines(out), lines([...err, `epoll-lab check: ${w.message}`]), 2);
  }
  if (flags.json !== true && results.length > 1) out.push(summary(results));
  return output(lines(out), lines(err), results.every(resultOk) ? 0 : 1);
}

/** `Summary: 3 tests, 12 runs (11 exhaustive), 20 expectations: 19 pass, 1 fail, 0 unknown`. */
function summary(rs: readonly CheckResult[]): string {
  const tests = new Set(rs.map((r) => r.file)).size;
  const es = rs.flatMap((r) => r.expectations);
  const n = (s: string): number => es.filter((e) => e.status === s).length;
  const exhaustive = rs.filter((r) => r.complete).length;
  const errs = rs.filter((r) => r.modelError !== null).length;
  return (
    `Summary: ${tests} test${tests === 1 ? '' : 's'}, ${rs.length} runs (${exhaustive} exhaustive), ` +
    `${es.length} expectations: ${n('pass')} pass, ${n('fail')} fail, ${n('unknown')} unknown` +
    (errs > 0 ? `, ${errs} model errors` : '')
  );
}
