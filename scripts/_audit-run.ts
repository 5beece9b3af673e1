import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { withStepAudit, formatMismatch } from '../src/kernel/audit.ts';
import { runScript } from '../src/script/runner.ts';
import { exampleScripts } from '../src/commands/start.ts';
import { checkLitmusFile } from '../src/litmus/index.ts';
const what = process.argv[2] ?? 'examples';
const max = Number(process.argv[3] ?? 200);
const all = new Map<string, string>();
function add(src: string, ms: readonly any[]) { for (const m of ms) { const k = formatMismatch(m); if (!all.has(k)) all.set(k, src); } }
const t0 = Date.now();
if (what === 'examples') {
  for (const p of exampleScripts()) {
    const { mismatches } = withStepAudit(() => runScript(readFileSync(p, 'utf8'), { file: p }));
    add(p, mismatches);
  }
} else {
  const dirs = ['/work/wt/issue-18a/litmus', '/work/wt/issue-18a/litmus/bugs'];
  for (const d of dirs) for (const f of readdirSync(d).filter((x) => x.endsWith('.litmus'))) {
    if (what !== 'litmus' && !f.includes(what)) continue;
    console.error(f);
    const { result, mismatches } = withStepAudit(() => checkLitmusFile(join(d, f), { maxExecutions: max, variants: ['v6.8','v6.9','v6.13','v7.1','brauner-nouser','dmabuf-active'] } as any));
    add(f, mismatches);
  }
}
for (const [k, src] of all) console.log(`${k}    [${src.split('/').pop()}]`);
console.error(`${all.size} mismatches, ${Date.now() - t0} ms`);
