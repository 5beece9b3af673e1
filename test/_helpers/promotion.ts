// Run as a child process with `--trace-gc-nvp` (test/explore/promotion.test.ts): explores the bench's 7-thread row for
// a fixed number of executions, so that V8's trace shows how much each young collection promoted.
import { readFileSync } from 'node:fs';
import { explore } from '../../src/explore/explore.ts';
import { parseVariant } from '../../src/kernel/variant.ts';
import { compileLitmus } from '../../src/litmus/compile.ts';
import { parseLitmus } from '../../src/litmus/parse.ts';

const file = 'bench/litmus/scaling/i1-waiters-5-writer.litmus';
const p = parseLitmus(readFileSync(file, 'utf8'), { file });
const v = parseVariant('v6.9');
if (!p.ok || !v.ok) throw new Error(`${file} does not parse`);
const c = compileLitmus(p.test, v.variant);
if (!c.ok) throw new Error(`${file} does not compile`);
const r = explore(c.compiled.scenario, {
  mode: 'dpor',
  values: true,
  symmetry: true,
  maxExecutions: Number(process.argv[2] ?? 3000),
});
process.stdout.write(`EXECUTIONS ${r.stats.executions}\n`);
