import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkLitmus, parseLitmus, readLitmusFile } from '../../src/litmus/index.ts';
import { renderCell } from '../../src/report/cell.ts';
import { cellSeverity } from '../../src/report/index.ts';
import { litmusReport } from '../../src/report/litmus.ts';
import { callEnds, namedResults } from '../../src/report/returns.ts';

const I4 = 'litmus/I4-close-umount-ebusy.litmus';

function i4Report(source?: string): ReturnType<typeof litmusReport> {
  const src = source ?? (readLitmusFile(I4) as string);
  const p = parseLitmus(src, { file: I4 });
  assert.ok(p.ok);
  const c = checkLitmus(p.test, { variants: 'v6.8,v6.9' });
  assert.ok(c.ok);
  return litmusReport('I4', [{ test: p.test, results: c.results }]);
}

test('I4 report: the EBUSY timeline has a mnt_count plot and a return marker where umount returns -EBUSY', () => {
  const input = i4Report();
  const v69 = input.tests[0]?.cells.find((c) => c.variant === 'v6.9');
  assert.ok(v69);
  const ebusy = v69.outcomes.find((o) => o.outcome.includes('P1:u=-EBUSY'));
  assert.ok(ebusy && ebusy.trace !== null, 'the EBUSY outcome (not on v6.8) is replayed');
  const tr = v69.traces[ebusy.trace];
  assert.ok(tr);
  // The returns of the calls the condition names (P1:c, P1:u), each at the last step of its call in P1.
  assert.deepEqual(
    tr.returns?.map((r) => [r.name, r.call, r.value]),
    [
      ['P1:c', 'close', '0'],
      ['P1:u', 'umount', '-EBUSY'],
    ],
  );
  const p1 = tr.steps.filter((s) => s.kind !== 'clock' && s.thread === 'P1');
  const u = tr.returns?.find((r) => r.name === 'P1:u');
  assert.equal(u?.pos, p1.at(-1)?.pos, 'umount is P1 last call: it returns at P1 last step');
  const c = tr.returns?.find((r) => r.name === 'P1:c');
  const firstUmount = p1.find((s) => s.stack?.[0] === 'umount');
  assert.ok(c && firstUmount && c.pos < firstUmount.pos, 'close returns (after its task_work) before umount starts');
  assert.equal(p1.find((s) => s.pos === c.pos)?.stack?.[0], 'task_work_run', 'close returns after its task_work');

  const html = renderCell(v69, 0, 1, 'I4');
  assert.match(html, /<g class="ret" data-name="P1:u" data-value="-EBUSY">/);
  assert.match(html, /↩ umount → -EBUSY/);
  assert.match(html, /<g class="rc rc-mnt_count" data-file="mnt#\d+\(tmpfs\)" data-field="mnt_count">/);
  assert.match(html, /<g class="rc rc-f_count" data-file="file#\d+\(fifo\)"/, 'the tmpfs FIFO is a fifo, not a pipe');
  assert.doesNotMatch(html, /\(pipe\)/);
  // umount's busy check reads mnt_count: the read is a point of the plot.
  assert.ok(tr.steps.some((s) => s.mntCount !== undefined && s.kind === 'read' && s.thread === 'P1'));
});

test('a condition is a question: exists states are neutral unless the test declares them bad with a bad line', () => {
  const declared = i4Report().tests[0]?.cells.find((c) => c.variant === 'v6.9');
  assert.ok(declared);
  assert.ok(declared.outcomes.some((o) => o.bad && o.matches === true));
  assert.equal(cellSeverity(declared), 'bad');
  assert.match(renderCell(declared, 0, 1, 'I4'), /<span class="badge bad">bad: spurious EBUSY<\/span>/);

  const src = (readLitmusFile(I4) as string).replace(/^bad .*\n/m, '');
  const asked = i4Report(src).tests[0]?.cells.find((c) => c.variant === 'v6.9');
  assert.ok(asked);
  assert.ok(asked.outcomes.some((o) => o.matches === true) && asked.outcomes.every((o) => !o.bad));
  assert.equal(cellSeverity(asked), 'clean');
  const html = renderCell(asked, 0, 1, 'I4');
  assert.match(html, /<span class="badge match">matches the condition<\/span>/);
  assert.doesNotMatch(html, /class="badge bad"/);
});

test('namedResults: the results a condition reads, without recursion on a 6,000-term disjunction', () => {
  const flat = Array.from({ length: 6000 }, (_, i) => `P0:r == ${i}`).join(' \\/ ');
  const p = parseLitmus(`litmus t\nthread P0\n  r = close(0)\n  s = close(1)\nexists ((${flat}) /\\ P0:s == 0)\n`);
  assert.ok(p.ok, p.ok ? '' : p.errors[0]?.message);
  assert.ok(p.test.condition);
  assert.deepEqual([...namedResults(p.test.condition.prop)].sort(), ['P0:r', 'P0:s']);
});

test('callEnds: a call ends after its return to user mode; the next call starts outside task_work_run', () => {
  const st = (pos: number, ...stack: string[]) =>
    ({ pos, thread: 'P1', fn: stack.at(-1) ?? '?', kind: 'read', object: 'o', field: 'f', stack }) as const;
  const steps = [
    st(0, 'close', 'file_close_fd'),
    st(1, 'close'),
    st(5, 'task_work_run'),
    st(6, 'task_work_run', '__fput'),
    st(9, 'close'),
    st(10, 'task_work_run'),
    st(11, 'umount'),
    st(12, 'umount', 'do_umount'),
  ];
  assert.deepEqual(callEnds(steps), [6, 10, 12]);
});
