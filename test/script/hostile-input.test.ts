// Hostile input: fast-check over script and litmus text (mutated corpus files, token soup, the shapes users sent).
// Every input must give a result or errors that carry an EPM code: no exception (the CLI's exit 70), no hang.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { holdsIn } from '../../src/litmus/evaluate.ts';
import { compileLitmus } from '../../src/litmus/compile.ts';
import { parseLitmus } from '../../src/litmus/parse.ts';
import type { FinalState } from '../../src/litmus/state.ts';
import { variant } from '../../src/kernel/variant.ts';
import { parseScript } from '../../src/script/compile.ts';
import { runScript } from '../../src/script/runner.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUNS = Number(process.env['EPOLL_LAB_HOSTILE_RUNS'] ?? 10000);
/** A single input may take this long (parse, check, and for a valid script its sequential run) before it is a hang. */
const HANG_MS = 5000;

// name-max.script is left out: its edits make paths of up to 2,047 components, which `mount`'s mkdir -p creates
// one prefix walk at a time, as the oracle's helper does: seconds of honest work, not a hang, but not a fast test.
const SCRIPTS = readdirSync(join(ROOT, 'examples', 'scripts'))
  .filter((f) => f.endsWith('.script') && f !== 'name-max.script')
  .map((f) => readFileSync(join(ROOT, 'examples', 'scripts', f), 'utf8'));
const LITMUS = readdirSync(join(ROOT, 'litmus'))
  .filter((f) => f.endsWith('.litmus'))
  .map((f) => readFileSync(join(ROOT, 'litmus', f), 'utf8'));

/** Pieces a hostile input is made of: syntax, names, and the bytes that broke things before. */
const PIECES = [
  '(',
  ')',
  ',',
  '=',
  ':',
  '|',
  '"',
  '\\',
  '#',
  ' ',
  '\t',
  '\n',
  '\r\n',
  '/\\',
  '\\/',
  '~',
  '[',
  ']',
  '.',
  '-',
  'exists',
  '~exists',
  'forall',
  'litmus T',
  'init',
  'thread P0',
  'thread P1 in c',
  'thread IRQ irq',
  'expect',
  'expect v6.8: exists',
  'expect all: clean',
  'mustfree filp',
  'observe release(d)',
  'doc x',
  'violation(any)',
  'violation(use-after-free)',
  'release(d) == P0',
  'P0:r0',
  'P1:c',
  '.events',
  '.data',
  '.ret',
  'has',
  '==',
  '!=',
  '<',
  '>=',
  '-EBUSY',
  '-EAGAIN',
  'blocked',
  'unfinished',
  'true',
  'false',
  'EPOLLIN|EPOLLOUT',
  'O_NONBLOCK',
  'pipe()',
  'r, w = pipe2(O_NONBLOCK)',
  'close(r)',
  'write(w, "ab")',
  'read(r, 1)',
  'c = fork()',
  'c: exit()',
  'ep = epoll_create1(0)',
  'epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 7)',
  'epoll_wait(ep, 8, 0)',
  'dup(r)',
  'timerfd_create(CLOCK_MONOTONIC, 0)',
  'mount("mnt")',
  'mkfifo("mnt/f")',
  'open("mnt/f", O_RDWR)',
  'd = dmabuf_export()',
  'fence_signal(f)',
  'umount("mnt")',
  '0x',
  '007',
  '3x',
  '-1',
  '18446744073709551616',
  '\x00',
  '\x1b[31m',
  '\x7f',
  '\u0085',
  '\ufeff',
  '\ud83d',
  '\ude00',
  '😀',
  '\u202e',
  'é',
];

const piece = fc.constantFrom(...PIECES);
const soup = fc.array(fc.oneof(piece, piece, fc.string({ maxLength: 6 }), fc.integer().map(String)), {
  maxLength: 40,
});

/** A corpus file with a few edits: a span deleted, duplicated or replaced by pieces. */
function mutated(corpus: readonly string[]): fc.Arbitrary<string> {
  const edit = fc.record({
    at: fc.nat(),
    len: fc.nat({ max: 40 }),
    insert: fc.array(piece, { maxLength: 4 }),
    dup: fc.boolean(),
  });
  return fc.tuple(fc.constantFrom(...corpus), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([src, edits]) => {
    let s = src;
    for (const e of edits) {
      const at = e.at % (s.length + 1);
      const cut = s.slice(at, at + e.len);
      s = s.slice(0, at) + (e.dup ? cut + cut : e.insert.join(' ')) + s.slice(at + e.len);
    }
    return s;
  });
}

const LITMUS_HEAD = 'litmus T\ninit\n  r, w = pipe()\nthread P0\n  a = close(r)\nthread P1\n  b = close(w)\n';

/** The shapes from the issue: deep nesting, long flat conditions, big literals and numbers, BOMs, control bytes. */
const SHAPES: readonly string[] = [
  `${LITMUS_HEAD}exists ${'('.repeat(3000)}P0:a == 0${')'.repeat(3000)}`,
  `${LITMUS_HEAD}exists (${Array<string>(6000).fill('P0:a == 0').join(' \\/ ')})`,
  `${LITMUS_HEAD}exists (${Array<string>(6000).fill('P0:a == 0').join(' /\\ ')})`,
  `${LITMUS_HEAD}exists ${'~'.repeat(20000)}(P0:a == 0)`,
  `${LITMUS_HEAD}exists (P0:a == ${'9'.repeat(200000)})`,
  `r, w = pipe()\n${`write(w, "${'x'.repeat(1 << 20)}")\n`.repeat(3)}`,
  `r, w = pipe()\nwrite(w, "${'\\x41'.repeat(100000)}")\n`,
  `close(${'9'.repeat(200000)})\n`,
  `\ufeffr, w = pipe()\nclose(r)\n`,
  `\ufeff${LITMUS_HEAD}`,
  `close(\x1b[2J\x00)\n`,
  `${'a'.repeat(100000)} = pipe()\n`,
  `mkfifo("${'n'.repeat(300)}")\nopen("${'p/'.repeat(3000)}", O_RDONLY)\n`,
];

const EMPTY_STATE: FinalState = { values: new Map(), kinds: new Set() };

/** Runs one input through every in-process stage a CLI command would; returns what went wrong, or null. */
function tryInput(text: string): string | null {
  const t0 = performance.now();
  try {
    const s = parseScript(text, { file: 'f.script' });
    if (!s.ok) {
      const bad = s.errors.find((e) => !/^EPM\d{3}$/.test(e.code));
      if (bad !== undefined) return `script error without a code: ${JSON.stringify(bad)}`;
    } else runScript(s.script);
    const l = parseLitmus(text, { file: 'f.litmus' });
    if (!l.ok) {
      const bad = l.errors.find((e) => !/^EPM\d{3}$/.test(e.code));
      if (bad !== undefined) return `litmus error without a code: ${JSON.stringify(bad)}`;
    } else {
      if (l.test.condition !== null) holdsIn(l.test.condition.prop, EMPTY_STATE, new Map());
      const c = compileLitmus(l.test, variant('v7.1'));
      if (!c.ok && !/^EPM\d{3}$/.test(c.error.code)) return `compile error without a code: ${JSON.stringify(c)}`;
    }
  } catch (e) {
    return `threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
  }
  const ms = performance.now() - t0;
  return ms > HANG_MS ? `took ${ms.toFixed(0)} ms` : null;
}

void test('hostile input: the shapes from issue 20 give EPM errors or results, never an exception or a hang', () => {
  for (const s of SHAPES) assert.equal(tryInput(s), null, s.slice(0, 80));
});

void test(`hostile input: ${RUNS} fuzzed scripts and litmus files (mutated corpus, token soup) never crash or hang`, () => {
  const input = fc.oneof(
    mutated(SCRIPTS),
    mutated(LITMUS),
    soup.map((xs) => xs.join('')),
    soup.map((xs) => xs.join(' ')),
    soup.map((xs) => `${LITMUS_HEAD}exists (${xs.join(' ')})`),
    soup.map((xs) => `${LITMUS_HEAD}${xs.join('\n')}`),
  );
  fc.assert(
    fc.property(input, (text) => {
      const why = tryInput(text);
      assert.equal(why, null);
    }),
    { numRuns: RUNS, seed: Number(process.env['EPOLL_LAB_FUZZ_SEED'] ?? 20) },
  );
});

void test('a condition nested deeper than 256 levels is EPM116; 256 levels and 6,000 flat terms evaluate', () => {
  const deep = parseLitmus(`${LITMUS_HEAD}exists ${'('.repeat(257)}true${')'.repeat(257)}`);
  assert.equal(deep.ok, false);
  if (!deep.ok) assert.match(`${deep.errors[0]?.code} ${deep.errors[0]?.message}`, /EPM116 .*deeper than 256/);
  const ok = parseLitmus(`${LITMUS_HEAD}exists ${'~'.repeat(128)}${'('.repeat(128)}true${')'.repeat(128)}`);
  assert.ok(ok.ok && ok.test.condition !== null && holdsIn(ok.test.condition.prop, EMPTY_STATE, new Map()));
  for (const [op, terms, want] of [
    ['\\/', ['false', 'true'], true],
    ['/\\', ['true', 'false'], false],
  ] as const) {
    const body = [...Array<string>(5999).fill(terms[0]), terms[1]].join(` ${op} `);
    const p = parseLitmus(`${LITMUS_HEAD}exists (${body})`);
    assert.ok(p.ok && p.test.condition !== null);
    assert.equal(holdsIn(p.test.condition.prop, EMPTY_STATE, new Map()), want);
  }
});
