// The README's library example runs as written and prints exactly the output the README shows.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The first fenced block of `lang` after `heading`, and the first `text` block after it. */
function example(): { code: string; output: string } {
  const section = README.slice(README.indexOf('## Library API'));
  const code = /```ts\n([\s\S]*?)```/.exec(section);
  assert.ok(code?.[1], 'README has a ts block under "## Library API"');
  const rest = section.slice((code.index ?? 0) + code[0].length);
  const output = /```text\n([\s\S]*?)```/.exec(rest);
  assert.ok(output?.[1], 'README shows the output of the example');
  return { code: code[1], output: output[1] };
}

test('README: the library API example runs and prints what the README says', async () => {
  const { code, output } = example();
  const index = pathToFileURL(new URL('../src/index.ts', import.meta.url).pathname).href;
  assert.match(code, /from 'epoll-lab'/);
  const file = join(mkdtempSync(join(tmpdir(), 'epoll-lab-readme-')), 'example.ts');
  writeFileSync(file, code.replace(/from 'epoll-lab'/g, `from '${index}'`));
  const printed: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => {
    printed.push(format(...args));
  };
  try {
    await import(pathToFileURL(file).href);
  } finally {
    console.log = log;
  }
  assert.equal(`${printed.join('\n')}\n`, output);
});

test('README: the quick start has exactly the two commands npm start and npm test', () => {
  const quick = README.slice(README.indexOf('## Quick start'));
  const block = /```sh\n([\s\S]*?)```/.exec(quick)?.[1] ?? '';
  assert.deepEqual(
    block
      .trim()
      .split('\n')
      .map((l) => l.replace(/#.*/, '').trim()),
    ['npm start', 'npm test'],
  );
});
