import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { exploreParallel, type ScenarioRef } from '../../../src/explore/parallel/index.ts';
import { explore } from '../../../src/explore/index.ts';
import { programArb, toyScenario } from '../toy.ts';
import { par, timeless, toyRef } from './helpers.ts';
import { corpusRef } from '../../_helpers/litmus.ts';
import { cli } from '../../_helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-checkpoint-'));
let n = 0;

/** Interrupts after `stopAt` runs (checkpoint written), resumes to the end; returns both results and the uninterrupted one. */
async function interrupted(ref: ScenarioRef, stopAt: number, o: Parameters<typeof par>[1] = {}) {
  const file = join(dir, `cp${n++}.json`);
  const first = await par(ref, { ...o, workers: 1, maxExecutions: stopAt, checkpoint: file });
  assert.ok(existsSync(file), 'no checkpoint written');
  const resumed = await par(ref, { ...o, workers: 1, checkpoint: file });
  const whole = await par(ref, { ...o, workers: 1 });
  return { first, resumed, whole };
}

void test('resume after an interruption (max-executions stop + checkpoint) gives the uninterrupted result (random toy programs)', async () => {
  let cut = 0;
  await fc.assert(
    fc.asyncProperty(
      programArb,
      fc.integer({ min: 1, max: 40 }),
      fc.constantFrom('dpor' as const, 'naive' as const),
      async (p, stopAt, mode) => {
        fc.pre(explore(toyScenario(p), { mode, maxExecutions: 2000 }).kind === 'exhausted');
        const { first, resumed, whole } = await interrupted(toyRef(p), stopAt, { mode, granularity: 16 });
        if (first.result.kind !== 'exhausted') cut++;
        assert.deepEqual(timeless(resumed.file), timeless(whole.file));
      },
    ),
    { numRuns: 30, seed: 6060 },
  );
  assert.ok(cut > 10, `only ${cut} runs were actually interrupted`);
});

void test('resume on litmus I1 (interrupted twice) gives the uninterrupted result', async () => {
  const ref = corpusRef('I1-dmabuf-sync', 'v6.8');
  const file = join(dir, 'i1.json');
  const a = await par(ref, { workers: 1, maxExecutions: 300, checkpoint: file });
  assert.equal(a.result.kind, 'bound-reached');
  const b = await par(ref, { workers: 1, maxExecutions: 600, checkpoint: file });
  assert.equal(b.result.kind, 'bound-reached');
  const c = await par(ref, { workers: 1, checkpoint: file });
  const whole = await par(ref, { workers: 1 });
  assert.equal(c.result.kind, 'exhausted');
  assert.deepEqual(timeless(c.file), timeless(whole.file));
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.endsWith('.tmp')),
    [],
    'temporary checkpoint files left behind',
  );
});

void test('a checkpoint of another exploration is refused (EPM154); a corrupt one is EPM150', async () => {
  const file = join(dir, 'other.json');
  await par(corpusRef('I9-bad-epoll', 'v6.13'), { workers: 1, checkpoint: file });
  const r = await exploreParallel(corpusRef('I9-bad-epoll', 'v7.1'), { workers: 1, checkpoint: file, progress: false });
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.code, 'EPM154');
  writeFileSync(file, '{"format": 1');
  const s = await exploreParallel(corpusRef('I9-bad-epoll', 'v6.13'), {
    workers: 1,
    checkpoint: file,
    progress: false,
  });
  assert.equal(!s.ok && s.code, 'EPM150');
});

void test('a checkpoint that cannot be written is EPM171, from the explorer and from check (exit 2, no stack trace)', async () => {
  const missing = join(dir, 'no-such-dir', 'cp.json');
  const r = await exploreParallel(corpusRef('I1-dmabuf-sync', 'v6.8'), {
    workers: 1,
    progress: false,
    checkpoint: missing,
  });
  assert.ok(!r.ok && r.code === 'EPM171', JSON.stringify(r));
  assert.match(r.message, /cannot write the checkpoint .*no-such-dir.*: ENOENT/);
  const c = await cli('check', 'litmus/I1-dmabuf-sync.litmus', '--variant', 'v6.9', '--checkpoint', missing);
  assert.equal(c.code, 2);
  assert.match(c.err, /^epoll-lab check: EPM171 cannot write the checkpoint .*: ENOENT\n$/);
});

void test('a checkpoint write that fails during the run is reported, and the run still gives the whole result', async () => {
  const sub = mkdtempSync(join(dir, 'gone-'));
  const file = join(sub, 'cp.json');
  const ref = corpusRef('I1-dmabuf-sync', 'v6.8');
  // The first progress update comes after a subtree: the directory goes away before the checkpoint that follows it.
  const sink = { update: () => rmSync(sub, { recursive: true, force: true }), stop: () => {} };
  const opts = { workers: 1, granularity: 64, checkpointEveryMs: 0 };
  const r = await exploreParallel(ref, { ...opts, checkpoint: file, progress: sink });
  const whole = await par(ref, opts);
  assert.ok(r.ok, JSON.stringify(r));
  assert.match(r.checkpointError ?? '', /^ENOENT/);
  assert.equal(r.result.kind, 'exhausted');
  assert.deepEqual([...r.result.outcomes.keys()].sort(), [...whole.result.outcomes.keys()].sort());
  assert.equal(whole.checkpointError, null);
});
