// Playground: the examples menu, read from the corpus at build time (seed I1-I10, known bugs, traps, scripts).
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS_DIR, seedEntries } from '../litmus/corpus.ts';
import { parseLitmus } from '../litmus/parse.ts';
import type { LitmusTest } from '../litmus/ast.ts';
import { GROUPS, type Example } from './example.ts';

export type { Example } from './example.ts';

const SCRIPTS_DIR = fileURLToPath(new URL('../../examples/scripts/', import.meta.url));

/** Top-level corpus tests besides the seed: the `I`/`J` lifetime-race variants, then the classic traps. */
function groupOf(file: string): string {
  return /^[IJ][0-9]/.test(file) ? GROUPS.races : GROUPS.traps;
}

/** The corpus's subdirectories and their groups (an unknown subdirectory is a group of its own name). */
const SUBDIRS: Readonly<Record<string, string>> = {
  bugs: GROUPS.bugs,
  findings: GROUPS.findings,
  samples: GROUPS.samples,
};

function variantsOf(t: LitmusTest): string {
  const names: string[] = [];
  for (const e of t.expectations)
    if (e.variants !== 'all') for (const v of e.variants) if (!names.includes(v.name)) names.push(v.name);
  return names.length > 0 ? names.join(',') : 'v7.1';
}

/** A corpus test; `group` null: by its file name (groupOf). */
function litmusExample(dir: string, name: string, group: string | null): Example {
  const path = join(dir, name);
  const source = readFileSync(path, 'utf8');
  const p = parseLitmus(source, { file: path });
  if (!p.ok) throw new Error(`epoll-lab bug: corpus test ${path} does not parse: ${p.errors[0]?.message ?? ''}`);
  const rel = `litmus/${dir === CORPUS_DIR ? '' : `${basename(dir)}/`}${name}`;
  return {
    group: group ?? groupOf(name),
    name: p.test.name,
    file: rel,
    doc: p.test.doc.length > 0 ? p.test.doc.join(' ') : firstComment(source),
    kind: 'litmus',
    source,
    variants: variantsOf(p.test),
  };
}

/** The first comment line of a file, without `#` (the doc of a script, or of a test without a `doc` line). */
function firstComment(source: string): string {
  const first = source.split('\n').find((l) => l.startsWith('#'));
  return first === undefined ? '' : first.replace(/^#\s*/, '');
}

/** Every corpus test and example script, grouped, in menu order. */
export function collectExamples(dir: string = CORPUS_DIR): Example[] {
  const seed = seedEntries(dir).map((e) => basename(e.path));
  const rest = readdirSync(dir)
    .filter((n) => n.endsWith('.litmus') && !seed.includes(n))
    .sort();
  const out = seed.map((n) => litmusExample(dir, n, GROUPS.seed));
  for (const n of rest) out.push(litmusExample(dir, n, null));
  const subdirs = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory());
  for (const sub of subdirs.map((d) => d.name).sort()) {
    const files = readdirSync(join(dir, sub)).filter((x) => x.endsWith('.litmus'));
    for (const n of files.sort()) out.push(litmusExample(join(dir, sub), n, SUBDIRS[sub] ?? sub));
  }
  for (const n of readdirSync(SCRIPTS_DIR)
    .filter((x) => x.endsWith('.script'))
    .sort()) {
    const source = readFileSync(join(SCRIPTS_DIR, n), 'utf8');
    const name = n.replace(/\.script$/, '');
    out.push({
      group: GROUPS.scripts,
      name,
      file: `examples/scripts/${n}`,
      doc: firstComment(source),
      kind: 'script',
      source,
      variants: 'v7.1',
    });
  }
  return out.sort((a, b) => groupRank(a) - groupRank(b));
}

/** Menu order: the named groups in GROUPS order, other subdirectories after them. */
function groupRank(e: Example): number {
  const i = (Object.values(GROUPS) as string[]).indexOf(e.group);
  return i < 0 ? Object.keys(GROUPS).length : i;
}
