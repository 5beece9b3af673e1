import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { checkFiles } from '../../src/commands/check-sync.ts';
import { KNOWN_KINDS } from '../../src/litmus/kinds.ts';
import { PLAYGROUND_MODES } from '../../web/protocol.ts';
import { cliCommand, decodeShare, encodeShare, MAX_FRAGMENT, type ShareState } from '../../web/app/share.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const nat = (min: number): fc.Arbitrary<number | null> =>
  fc.option(fc.integer({ min, max: 1_000_000_000 }), { nil: null });

const state: fc.Arbitrary<ShareState> = fc.record(
  {
    kind: fc.constantFrom('litmus' as const, 'script' as const),
    source: fc.string({ unit: 'grapheme', maxLength: 400 }),
    variants: fc.constantFrom('v6.8', 'v6.8,v6.9', 'v6.9,item_poll_pin=sb_nouser,v7.1', 'all'),
    options: fc.record(
      {
        mode: fc.constantFrom(...PLAYGROUND_MODES),
        maxExecutions: nat(1),
        timeoutMs: nat(1),
        bound: nat(0),
        stopOn: fc.constantFrom(null, 'any', ...KNOWN_KINDS),
      },
      { noNullPrototype: true },
    ),
    replay: fc.constantFrom(null, 'el1:v6.8:35b75aa3:AAEBAQ'),
  },
  { noNullPrototype: true },
);

test('share: a link restores exactly the test, variants, bounds and replay token it was made from', () => {
  fc.assert(
    fc.property(state, (s) => {
      const d = decodeShare(encodeShare(s));
      assert.ok(d.ok, d.ok ? '' : d.message);
      assert.deepEqual(d.state, s);
    }),
    { numRuns: 300 },
  );
});

test('share: any fragment decodes to a state or a message, never an exception, and fast', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 2000 }), (junk) => {
      const t0 = performance.now();
      for (const f of [junk, `s1:${junk}`]) {
        const d = decodeShare(f);
        if (!d.ok) assert.match(d.message, /^this link cannot be opened: /);
      }
      assert.ok(performance.now() - t0 < 1000);
    }),
    { numRuns: 300 },
  );
  assert.match(decodeShare(`s1:${'A'.repeat(MAX_FRAGMENT)}`).ok ? '' : 'too long: at most', /at most/);
});

test('share: a well-formed link with markup or a bad field is refused with the field named', () => {
  const good: ShareState = {
    kind: 'litmus',
    source: 'litmus x',
    variants: 'v6.8',
    options: { mode: 'dpor', maxExecutions: null, timeoutMs: null, bound: null, stopOn: null },
    replay: null,
  };
  const bad = (s: ShareState): string => {
    const d = decodeShare(encodeShare(s));
    assert.ok(!d.ok);
    return d.message;
  };
  assert.match(bad({ ...good, variants: '<script>alert(1)</script>' }), /variant list is malformed/);
  assert.match(bad({ ...good, options: { ...good.options, mode: 'evil' } }), /unknown mode/);
  assert.match(bad({ ...good, options: { ...good.options, bound: -1 } }), /preemption bound/);
  assert.match(bad({ ...good, options: { ...good.options, stopOn: '<b>' } }), /stop-on/);
  assert.match(bad({ ...good, replay: 'el1:"><img src=x>' }), /replay token is malformed/);
  assert.match(bad({ ...good, source: 'x'.repeat(70_000) }), /too long/);
});

test('share: "Copy as CLI command" runs the same check with the CLI (same states and verdicts)', () => {
  const source = readFileSync(join(ROOT, 'litmus/samples/pipe-dup-close.litmus'), 'utf8');
  const s: ShareState = {
    kind: 'litmus',
    source,
    variants: 'v6.8,v6.9',
    options: { mode: 'dpor', maxExecutions: 5000, timeoutMs: 60_000, bound: null, stopOn: 'any' },
    replay: null,
  };
  const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-cli-line-'));
  try {
    const sh = cliCommand(s).replaceAll('npx epoll-lab', `node ${join(ROOT, 'bin/epoll-lab.js')}`);
    const r = spawnSync('bash', ['-c', sh], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const want = checkFiles([join(dir, 'playground.litmus')], {
      variant: 'v6.8,v6.9',
      mode: 'dpor',
      maxExecutions: '5000',
      timeout: '60000',
      stopOn: 'violation',
    });
    const untimed = (t: string): string => t.replaceAll(`${dir}/`, '').replace(/time \d+ ms/g, 'time N ms');
    assert.equal(untimed(r.stdout), untimed(want.stdout));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
