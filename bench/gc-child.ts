// Bench child: one exploration of a scaling-series litmus file in a fresh process, under the CLI's GC setting
// (src/cli/gc.ts, which leaves an explicit `--incremental-marking` alone); prints {ms, executions} as JSON.
import '../src/cli/gc.ts';
import { readFileSync } from 'node:fs';
import { explore } from '../src/explore/explore.ts';
import { parseVariant } from '../src/kernel/variant.ts';
import { compileLitmus } from '../src/litmus/compile.ts';
import { parseLitmus } from '../src/litmus/parse.ts';

const [file, variant] = process.argv.slice(2) as [string, string];
const p = parseLitmus(readFileSync(file, 'utf8'), { file });
const v = parseVariant(variant);
if (!p.ok || !v.ok) throw new Error(`bench: ${file} does not parse`);
const c = compileLitmus(p.test, v.variant);
if (!c.ok) throw new Error(`bench: ${file} does not compile`);
const r = explore(c.compiled.scenario, { symmetry: true });
console.log(JSON.stringify({ ms: r.stats.ms, executions: r.stats.executions, kind: r.kind }));
