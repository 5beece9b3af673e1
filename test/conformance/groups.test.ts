// Which rows a script declares (`# rows:`) and which checklist groups its calls exercise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHECKLIST, GROUPS } from '../../src/conformance/checklist.ts';
import { declaredRows, groupsOf } from '../../src/conformance/groups.ts';
import { runScript } from '../../src/script/runner.ts';

function groups(src: string): string[] {
  const r = runScript(src, { variant: 'host' });
  assert.ok(r.ok);
  return groupsOf(r.script, r.records, declaredRows(src).rows);
}

test('checklist: 102 rows in groups A..J, ids unique', () => {
  assert.equal(CHECKLIST.length, 102);
  assert.deepEqual(Object.keys(GROUPS), ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J']);
  assert.equal(new Set(CHECKLIST.map((r) => r.id)).size, 102);
  assert.ok(CHECKLIST.every((r) => GROUPS[r.id[0] as string] !== undefined));
});

test('rows: `# rows:` lines anywhere, spaces or commas, repeats once, unknown ids apart', () => {
  const r = declaredRows('# C3: a dup keeps it\n# rows: C3 C4\nclose(0)\n  #rows: C4,B7, Z9 C99\n');
  assert.deepEqual(r.rows, ['C3', 'C4', 'B7']);
  assert.deepEqual(r.unknown, ['Z9', 'C99']);
  assert.deepEqual(declaredRows('# C3: no rows line\n').rows, []);
});

test('groups: by calls and results, plus the groups of declared rows', () => {
  assert.deepEqual(groups('x = dup(0)\n'), []);
  assert.deepEqual(groups('# rows: G7\nx = dup(0)\n'), ['G']);
  assert.deepEqual(groups('ep = epoll_create1(0)\n'), ['A']);
  assert.deepEqual(groups('ep = epoll_create1(0)\nepoll_ctl(ep, EPOLL_CTL_DEL, 0, NULL)\n'), ['A', 'B']);
  assert.deepEqual(
    groups(
      'ep = epoll_create1(0)\nr, w = pipe()\nepoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN|EPOLLET, 1)\nwrite(w, "x")\nepoll_wait(ep, 1, 0)\nclose(r)\n',
    ),
    ['A', 'C', 'E', 'F', 'I'],
  );
  assert.deepEqual(
    groups(
      'ep = epoll_create1(0)\nep2 = epoll_create1(0)\nepoll_ctl(ep, EPOLL_CTL_ADD, ep2, EPOLLIN|EPOLLEXCLUSIVE, 1)\n',
    ),
    ['A', 'B', 'G', 'H'],
  );
  assert.deepEqual(groups('ep = epoll_create1(0)\nepoll_wait(ep, 1, 0, NULL)\nc = fork()\n'), ['A', 'D', 'J']);
  assert.deepEqual(groups('poll(0, POLLIN)\n'), ['I']);
});
