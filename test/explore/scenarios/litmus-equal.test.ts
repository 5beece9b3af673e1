// The hand-written scenarios of src/explore/scenarios/ and the litmus tests that repeat them give the same outcomes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { explore } from '../../../src/explore/index.ts';
import { BUILTIN } from '../../../src/explore/parallel/index.ts';
import { variant } from '../../../src/kernel/variant.ts';
import { checkVariant } from '../../../src/litmus/check.ts';
import { CORPUS_DIR } from '../../../src/litmus/corpus.ts';
import { isBug } from '../../../src/litmus/kinds.ts';
import { parseLitmus } from '../../../src/litmus/parse.ts';

/** Each thread's returned values in order (`halted` and `unfinished` alike), then the bug kinds (no observations). */
function projectScenario(o: string, values: number): string {
  const [base = '', kinds = ''] = o.split(' | ');
  const vals = base
    .split(' ')
    .filter((p) => !p.startsWith('release='))
    .flatMap((p) => (p.split('=')[1] ?? '').split(','))
    .map((v) => (v === 'halted' ? 'unfinished' : (v.split(':')[0] ?? '')))
    .slice(0, values);
  return `${vals.join(' ')} | ${kinds
    .split(',')
    .filter((k) => k !== '' && isBug(k))
    .join(',')}`;
}
function projectLitmus(o: string, values: number): string {
  const [base = '', kinds = ''] = o.split(' | ');
  const vals = base
    .split('; ')
    .slice(0, values)
    .map((p) => (p.split('=')[1] ?? '').split(' ')[0] ?? '');
  return `${vals.join(' ')} | ${kinds
    .split(',')
    .filter((k) => k !== '' && isBug(k))
    .join(',')}`;
}

/**
 * The scenario I2 exactly (the fence attached before the watch, IN|OUT): the corpus's I2 tests attach it after.
 * The EPOLLEXCLUSIVE scenario writes an eventfd, epollexclusive-one-wake a pipe: its waiters' results are compared.
 */
const I2_FENCE_FIRST = `litmus I2-fence-first
init
  d = dmabuf_export()
  f = dmabuf_fence(d, "write")
  ep = epoll_create1(0)
  epoll_ctl(ep, EPOLL_CTL_ADD, d, EPOLLIN|EPOLLOUT, 7)
thread T1
  r0 = epoll_wait(ep, 8, 0)
thread T2
  r1 = close(d)
thread IRQ irq
  s = fence_signal(f)
`;

/** Scenario, litmus file (or text), variant, how many of the litmus values to compare. */
const PAIRS: readonly (readonly [string, string, string, number])[] = [
  ['i1', 'I1-dmabuf-sync', 'v6.8', 2],
  ['i1', 'I1-dmabuf-sync', 'v6.9', 2],
  ['i1', 'I1-dmabuf-sync', 'dmabuf-active', 2],
  ['i2', I2_FENCE_FIRST, 'v6.8', 2],
  ['i2', I2_FENCE_FIRST, 'v6.9', 2],
  ['i3', 'I3-dying-pipe', 'v6.8', 2],
  ['i3', 'I3-dying-pipe', 'v6.9', 2],
  ['i4', 'I4-close-umount-ebusy', 'v6.9', 3],
  ['i4', 'I4-close-umount-ebusy', 'v6.8', 3],
  ['i9', 'I9-bad-epoll', 'v6.13', 2],
  ['i9', 'I9-bad-epoll', 'v7.1', 2],
  ['excl', 'epollexclusive-one-wake', 'v6.8', 2],
  ['excl', 'epollexclusive-one-wake', 'v7.1', 2],
];

for (const [name, file, v, values] of PAIRS) {
  const label = file.startsWith('litmus ') ? (file.split('\n')[0] ?? '') : file;
  test(`scenario ${name} and ${label} on ${v}: the same thread results and bug kinds`, (t) => {
    const sc = (BUILTIN[name] as (v?: string) => Parameters<typeof explore>[0])(v);
    const a = explore(sc, { mode: 'dpor' });
    const p = parseLitmus(file.startsWith('litmus ') ? file : readFileSync(join(CORPUS_DIR, `${file}.litmus`), 'utf8'));
    assert.ok(p.ok);
    const b = checkVariant(p.test, variant(v));
    assert.ok('outcomes' in b);
    const sa = [...new Set([...a.outcomes.keys()].map((o) => projectScenario(o, values)))].sort();
    const sb = [...new Set(b.outcomes.map((o) => projectLitmus(o.outcome, values)))].sort();
    t.diagnostic(`scenario ${a.stats.executions} executions, litmus ${b.executions}`);
    assert.deepEqual(sb, sa);
  });
}
