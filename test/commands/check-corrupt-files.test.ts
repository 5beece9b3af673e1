// Checkpoint, shard and merge files are validated (schema: EPM156; contradictions: EPM157): each corruption users
// reported in issue 20 is refused with its code, exit 2, never an exception (exit 70) nor a wrong verdict.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli } from '../_helpers/cli.ts';
import { frontierError } from '../../src/explore/parallel/schema.ts';

const I1 = 'litmus/I1-dmabuf-sync.litmus';
const dir = mkdtempSync(join(tmpdir(), 'epoll-lab-corrupt-'));

type Json = Record<string, unknown> & { done: Record<string, unknown>[]; pending: unknown[] };

/** A real checkpoint of I1 on v6.8 cut after 900 runs, and a two-shard split with its result files. */
const base = await (async () => {
  const cp = join(dir, 'base.cp.json');
  const r = await cli(
    'check',
    I1,
    '--variant',
    'v6.8',
    '--workers',
    '1',
    '--checkpoint',
    cp,
    '--max-executions',
    '900',
  );
  assert.match(r.out, /limit reached/);
  const shards: string[] = [];
  for (const k of [0, 1]) {
    const out = join(dir, `s${k}.json`);
    const s = await cli('check', I1, '--variant', 'v6.8', '--workers', '1', '--shard', `${k}/2`, '--out', out);
    assert.equal(s.code, 0, s.err);
    shards.push(out);
  }
  return { cp, text: readFileSync(cp, 'utf8'), shards };
})();

let n = 0;
/** Resumes I1 from the base checkpoint after `edit`; the result of the check. */
async function resumeFrom(edit: (c: Json) => void) {
  const c = JSON.parse(base.text) as Json;
  edit(c);
  const file = join(dir, `edited${n++}.json`);
  writeFileSync(file, JSON.stringify(c));
  return cli('check', I1, '--variant', 'v6.8', '--workers', '1', '--checkpoint', file);
}

const firstDone = (c: Json): Record<string, unknown> => c.done[0] as Record<string, unknown>;

void test('a checkpoint whose done entry has a garbage path is EPM156 naming the field', async () => {
  const r = await resumeFrom((c) => {
    c.done = [{ path: 'garbage' }];
  });
  assert.equal(r.code, 2);
  assert.match(r.err, /EPM156 .*not a valid checkpoint: done\.0\.path: /);
});

void test('negative executions in a checkpoint are EPM156', async () => {
  const r = await resumeFrom((c) => {
    (firstDone(c)['stats'] as Record<string, number>)['executions'] = -165;
  });
  assert.equal(r.code, 2);
  assert.match(r.err, /EPM156 .*done\.0\.stats\.executions: /);
  assert.doesNotMatch(r.out, /Executions -165/);
});

void test('a checkpoint with nothing done and nothing pending is EPM157, not an exhaustive run with 0 states', async () => {
  const r = await resumeFrom((c) => {
    c.done = [];
    c.pending = [];
  });
  assert.equal(r.code, 2);
  assert.match(r.err, /EPM157 .*no subtree/);
  assert.doesNotMatch(r.out, /exhaustive/);
});

void test('duplicated checkpoint entries (which would double every count) are EPM157', async () => {
  const r = await resumeFrom((c) => {
    c.done = [...c.done, ...c.done];
  });
  assert.equal(r.code, 2);
  assert.match(r.err, /EPM157 .*repeated/);
});

void test('a checkpoint missing an earlier subtree is EPM157', async () => {
  const r = await resumeFrom((c) => {
    c.done = c.done.slice(1);
    if (c.done.length === 0) c.pending = c.pending.slice(1);
  });
  assert.equal(r.code, 2);
  assert.match(r.err, /EPM157 .*missing/);
});

void test('a fake outcome in a checkpoint is EPM157 (its token does not replay to it), not an epoll-lab bug', async () => {
  const r = await resumeFrom((c) => {
    const outs = firstDone(c)['outcomes'] as { outcome: string }[];
    (outs[0] as { outcome: string }).outcome = 'P0:r0=42; P1:r1=42';
  });
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, /EPM157 outcome 'P0:r0=42; P1:r1=42' does not replay/);
  assert.doesNotMatch(r.err, /bug/);
});

void test('merge --litmus of a tampered shard is EPM156/EPM157 with exit 2, never exit 70', async () => {
  const [s0, s1] = base.shards as [string, string];
  const tamper = (f: (j: { tasks: Record<string, unknown>[] }) => void): string => {
    const j = JSON.parse(readFileSync(s1, 'utf8')) as { tasks: Record<string, unknown>[] };
    f(j);
    const out = join(dir, `t${n++}.json`);
    writeFileSync(out, JSON.stringify(j));
    return out;
  };
  const garbage = tamper((j) => {
    (j.tasks[0] as Record<string, unknown>)['outcomes'] = 'garbage';
  });
  const a = await cli('merge', s0, garbage, '--litmus', I1);
  assert.equal(a.code, 2);
  assert.match(a.err, /EPM156 .*tasks\.0\.outcomes/);
  const fake = tamper((j) => {
    const tasks = j.tasks as unknown as { outcomes: { outcome: string }[] }[];
    const outs = tasks.find((t) => t.outcomes.length > 0)?.outcomes;
    assert.ok(outs !== undefined, 'a shard with outcomes');
    (outs[0] as { outcome: string }).outcome = 'fake';
  });
  const b = await cli('merge', s0, fake, '--litmus', I1);
  assert.equal(b.code, 2, b.err);
  assert.match(b.err, /EPM157/);
  const twice = join(dir, 's0-copy.json');
  copyFileSync(s0, twice);
  const c = await cli('merge', s0, twice);
  assert.equal(c.code, 2);
  assert.match(c.err, /EPM152 .*given twice/);
});

void test('frontierError: distinct, non-nested subtrees; a whole frontier starts at 0.0... and has no gap', () => {
  assert.equal(frontierError([[0, 0], [0, 1], [1]], true, 'f'), null);
  assert.equal(frontierError([[]], true, 'f'), null);
  assert.match(frontierError([[0], [0, 1]], true, 'f')?.message ?? '', /0\.1 is inside 0/);
  assert.match(frontierError([[1]], true, 'f')?.message ?? '', /before 1 are missing/);
  assert.match(frontierError([[0], [2]], true, 'f')?.message ?? '', /subtree 1, before 2, is missing/);
  assert.equal(frontierError([[2]], false, 'f'), null, 'a shard holds any share');
  assert.equal(frontierError([], false, 'f'), null);
});
