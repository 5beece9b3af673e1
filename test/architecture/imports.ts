// Test helper: the import graph of src/ at the folder level, its cycles and its imports against a declared order.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Characters after which a `/` starts a regular expression literal, not a division. */
const REGEX_BEFORE = new Set([
  '',
  '(',
  ',',
  '=',
  ':',
  '[',
  '!',
  '&',
  '|',
  '?',
  '{',
  '}',
  ';',
  '+',
  '-',
  '*',
  '%',
  '<',
  '>',
  '~',
  '^',
]);

/**
 * The source with comments blanked and the contents of string, template and regex literals blanked (quotes kept),
 * same length: keywords found in it are code, and the original text at the same offsets gives a literal's value.
 */
export function maskSource(src: string): string {
  const out = src.split('');
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  const braces: number[] = []; // template nesting: the brace depth at which each `${` returns to its template
  let depth = 0;
  let prev = '';
  let i = 0;
  const n = src.length;
  const template = (): void => {
    // at the character after a backquote or a closing `}` of `${`: up to the closing backquote or the next `${`
    const start = i;
    while (i < n && src[i] !== '`' && !(src[i] === '$' && src[i + 1] === '{')) i += src[i] === '\\' ? 2 : 1;
    blank(start, Math.min(i, n));
    if (src[i] === '$') {
      braces.push(depth);
      depth++;
      i += 2;
      prev = '{';
    } else {
      i++;
      prev = 'x';
    }
  };
  while (i < n) {
    const c = src[i] as string;
    const d = src[i + 1];
    if (c === '/' && d === '/') {
      const e = src.indexOf('\n', i);
      const end = e < 0 ? n : e;
      blank(i, end);
      i = end;
    } else if (c === '/' && d === '*') {
      const e = src.indexOf('*/', i + 2);
      const end = e < 0 ? n : e + 2;
      blank(i, end);
      i = end;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < n && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      blank(i + 1, j);
      i = j + 1;
      prev = 'x';
    } else if (c === '`') {
      i++;
      template();
    } else if (c === '/' && REGEX_BEFORE.has(prev)) {
      let j = i + 1;
      let cls = false;
      while (j < n && src[j] !== '\n' && (cls || src[j] !== '/')) {
        if (src[j] === '[') cls = true;
        else if (src[j] === ']') cls = false;
        j += src[j] === '\\' ? 2 : 1;
      }
      blank(i + 1, j);
      i = j + 1;
      prev = 'x';
    } else {
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (braces.length > 0 && braces[braces.length - 1] === depth) {
          braces.pop();
          i++;
          template();
          continue;
        }
      }
      if (!/\s/.test(c)) prev = /[\w$]/.test(c) ? 'x' : c;
      // `return /re/` and `typeof /re/`: a keyword before a regex
      if (/[\w$]/.test(c)) {
        let j = i;
        while (j < n && /[\w$]/.test(src[j] as string)) j++;
        const word = src.slice(i, j);
        prev = word === 'return' || word === 'typeof' || word === 'case' ? '(' : 'x';
        i = j;
        continue;
      }
      i++;
    }
  }
  return out.join('');
}

/** Every module specifier of `import`/`export ... from`, side-effect imports and `import('...')`, type-only included. */
export function importSpecifiers(src: string): string[] {
  const masked = maskSource(src);
  const specs: string[] = [];
  const re = /\b(?:import|export)\b(?:\s*\(\s*|[\s\w*{},$]*?\bfrom\s*|\s*)(['"])/g;
  for (let m = re.exec(masked); m !== null; m = re.exec(masked)) {
    const open = m.index + m[0].length;
    const close = src.indexOf(m[1] as string, open);
    specs.push(src.slice(open, close));
  }
  return specs;
}

/** Every .ts file under `dir`. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

/** The top folder of `file` under `root` (`kernel` for src/kernel/x.ts), or null for a file directly in `root`. */
function folderOf(root: string, file: string): string | null {
  const parts = relative(root, file).split(sep);
  return parts.length > 1 ? (parts[0] as string) : null;
}

/** Folder-level import graph: from -> to -> one importing file and its specifier (as evidence). */
export type FolderGraph = Map<string, Map<string, string>>;

/** The folders of `root` and every relative import between two of them. */
export function folderGraph(root: string): { readonly folders: string[]; readonly graph: FolderGraph } {
  const folders = readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const graph: FolderGraph = new Map(folders.map((f) => [f, new Map<string, string>()]));
  for (const file of tsFiles(root)) {
    const from = folderOf(root, file);
    if (from === null) continue;
    for (const spec of importSpecifiers(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const to = folderOf(root, resolve(dirname(file), spec));
      if (to === null || to === from || to.startsWith('..')) continue;
      const edges = graph.get(from) as Map<string, string>;
      if (!edges.has(to)) edges.set(to, `${relative(root, file)} imports '${spec}'`);
    }
  }
  return { folders, graph };
}

/** The strongly connected components with more than one folder (Tarjan): each is a cycle of imports. */
export function cycles(graph: FolderGraph): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v) as number, idx.get(w) as number));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

/**
 * The imports the declared layers forbid: a folder may import folders of lower layers only (not its own layer's
 * peers, not a higher layer). Each as `from -> to (evidence)`.
 */
export function layerViolations(graph: FolderGraph, layers: readonly (readonly string[])[]): string[] {
  const rank = new Map<string, number>();
  layers.forEach((l, i) => l.forEach((f) => rank.set(f, i)));
  const out: string[] = [];
  for (const [from, edges] of graph)
    for (const [to, why] of edges) {
      const a = rank.get(from);
      const b = rank.get(to);
      if (a === undefined || b === undefined || b >= a) out.push(`${from} -> ${to} (${why})`);
    }
  return out.sort();
}
