// `epoll-lab judge` on a small corpus (the full one is in the findings document's commands): the unfixed release
// keeps every form of I5's deferred release, the candidate that runs task_work before sleeping removes them all and
// gains no bug, Brauner's SB_NOUSER pin fixes only the FIFO on tmpfs (pipefs and sockfs are SB_NOUSER).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeCommand } from '../../src/commands/judge.ts';
import { judge } from '../../src/judge/judge.ts';

const CORPUS = ['litmus/findings', 'litmus/I1-dmabuf-sync.litmus', 'litmus/bugs/E3-bad-epoll.litmus'];

test('judge: deferred release per form, I1 and Bad Epoll kept fixed, on the unfixed release and two candidates', () => {
  const r = judge({ corpus: CORPUS, candidates: ['fix-task-work', 'fix-nouser'] });
  assert.ok(r.ok, r.ok ? '' : r.message);
  const [base, taskWork, nouser] = r.judgement.verdicts;
  assert.deepEqual(
    base?.deferred.map((c) => c.reached),
    [true, true, true],
  );
  assert.ok(base?.deferred.every((c) => c.token?.startsWith('el1:v7.2:')));
  assert.equal(taskWork?.removesI5, true);
  assert.equal(taskWork?.safe, true);
  assert.deepEqual(taskWork?.diff?.gained, []);
  assert.deepEqual(
    nouser?.deferred.map((c) => [c.file.replace(/.*\//, ''), c.reached]),
    [
      ['I5-mount-stays-busy.litmus', false],
      ['I5-pipe-never-released.litmus', true],
      ['I5-socket-never-released.litmus', true],
    ],
  );
  assert.equal(nouser?.removesI5, false);
  for (const v of r.judgement.verdicts) assert.ok(v.uaf.every((c) => c.bugs.length === 0) && v.complete);
});

test('judge: the table names every candidate with a verdict; --json is one object; an unknown candidate is EPM206', () => {
  const out = judgeCommand({ corpus: CORPUS, candidates: 'fix-delayed-fput' });
  assert.equal(out.code, 0);
  assert.match(out.stdout, /^v7\.2 +NO\/NO\/NO .* unfixed$/m);
  assert.match(out.stdout, /^fix-delayed-fput +yes\/yes\/yes .* FIXES I5$/m);
  const json = JSON.parse(judgeCommand({ corpus: CORPUS, candidates: 'fix-delayed-fput', json: true }).stdout) as {
    candidates: { name: string; removesI5: boolean }[];
  };
  assert.deepEqual(
    json.candidates.map((c) => [c.name, c.removesI5]),
    [
      ['v7.2', false],
      ['fix-delayed-fput', true],
    ],
  );
  const bad = judgeCommand({ corpus: CORPUS, candidates: 'fix-nothing' });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /EPM206 unknown candidate 'fix-nothing'/);
});
