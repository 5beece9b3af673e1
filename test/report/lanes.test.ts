import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, replay, type TraceEntry } from '../../src/explore/index.ts';
import { corpusScenario } from '../_helpers/litmus.ts';
import { reportTrace } from '../../src/report/build.ts';
import { lanesOf } from '../../src/report/lanes.ts';
import { fileCounts } from '../../src/report/refcount.ts';
import { renderTimeline } from '../../src/report/timeline.ts';
import { fileRace } from '../explore/filerace.ts';

function traceOf(sc: ReturnType<typeof fileRace>, token: string): readonly TraceEntry[] {
  const r = replay(sc, token, { trace: true });
  assert.ok(r.ok && r.trace !== null, r.ok ? 'no trace' : r.message);
  return r.trace;
}

test('lanes: one per thread; spans cover each stack level; markers follow the f_count values of the trace', () => {
  const sc = fileRace('v6.8');
  const add0 = explore(sc).violations.find((v) => v.kind === 'refcount-addition-on-0');
  assert.ok(add0);
  const steps = traceOf(sc, add0.token);
  const { lanes, length } = lanesOf(steps);
  assert.deepEqual(
    lanes.map((l) => l.thread),
    [...new Set(steps.filter((s) => s.kind !== 'clock').map((s) => s.thread))],
  );
  assert.equal(length, (steps.at(-1)?.pos ?? -1) + 1);
  for (const l of lanes) {
    const own = steps.filter((s) => s.thread === l.thread);
    assert.equal(
      l.runs.reduce((a, [f, t]) => a + t - f, 0),
      own.length,
      'runs cover exactly the thread steps',
    );
    // Every step lies inside one span per level of its stack, and that span names the stack's function.
    for (const s of own)
      (s.stack ?? []).forEach((fn, d) => {
        const sp = l.spans.filter((x) => x.depth === d && x.from <= s.pos && s.pos < x.to);
        assert.equal(sp.length, 1, `step ${s.pos} depth ${d}`);
        assert.equal(sp[0]?.fn, fn);
      });
  }
  // The resurrection: a get whose count was 0 before, exactly where the trace says so.
  const res = lanes.flatMap((l) => l.markers.filter((m) => m.kind === 'resurrect').map((m) => ({ ...m, t: l.thread })));
  const expected = steps.filter((s) => s.fCountBefore === 0 && (s.fCount ?? 0) > 0);
  assert.deepEqual(
    res.map((m) => [m.pos, m.t]),
    expected.map((s) => [s.pos, s.thread]),
  );
  assert.ok(res.length > 0);
  // Lanes list their own markers: the frees of several threads come back in trace order once sorted.
  const frees = lanes
    .flatMap((l) => l.markers.filter((m) => m.kind === 'free').map((m) => m.pos))
    .sort((a, b) => a - b);
  assert.deepEqual(
    frees,
    steps.filter((s) => s.kind === 'free').map((s) => s.pos),
  );
  const fput = lanes.flatMap((l) => l.markers.filter((m) => m.kind === 'fput'));
  assert.ok(fput.every((m) => steps.find((s) => s.pos === m.pos)?.stack?.includes('__fput')));
});

test('refcount plot data: the f_count history of each struct file, before/after each step, and when it was freed', () => {
  const sc = fileRace('v6.8');
  const tok = explore(sc).violations.find((v) => v.kind === 'use-after-free')?.token ?? '';
  const steps = traceOf(sc, tok);
  const files = fileCounts(steps);
  assert.equal(files.length, 1);
  const f = files[0];
  assert.ok(f);
  const fc = steps.filter((s) => s.fCount !== undefined);
  assert.deepEqual(
    f.points.map((p) => [p.pos, p.before, p.after]),
    fc.map((s) => [s.pos, s.fCountBefore, s.fCount]),
  );
  // Consecutive points chain: each step starts from the count the previous one left.
  for (let i = 1; i < f.points.length; i++) assert.equal(f.points[i]?.before, f.points[i - 1]?.after);
  assert.equal(f.freedAt, steps.find((s) => s.kind === 'free' && s.object === f.file)?.pos ?? null);
});

test('I1: in the resurrection replay, P0 holds ep->mtx when P1 close drops the dma-buf file to 0', () => {
  const sc = corpusScenario('samples/i1-dmabuf-wait-vs-close', 'v6.8');
  const add0 = explore(sc).violations.find((v) => v.kind === 'refcount-addition-on-0');
  assert.ok(add0);
  const steps = traceOf(sc, add0.token);
  const zero = steps.find((s) => s.thread === 'P1' && s.fCount === 0 && s.object.includes('dmabuf'));
  assert.ok(zero, 'P1 drops the dma-buf file to 0');
  const t1 = lanesOf(steps).lanes.find((l) => l.thread === 'P0');
  const mtx = t1?.locks.filter((k) => /^ep#\d+\.mtx$/.test(k.lock));
  assert.ok(mtx?.some((k) => k.from < zero.pos && zero.pos < k.to));
  // Lock holds of one thread never share a row while they overlap.
  for (const a of t1?.locks ?? [])
    for (const b of t1?.locks ?? [])
      if (a !== b && a.row === b.row) assert.ok(a.to <= b.from || b.to <= a.from, `${a.lock} / ${b.lock}`);
});

test('preemption: a span is drawn only where its thread ran; the gap is not part of it', () => {
  const sc = corpusScenario('samples/i1-dmabuf-wait-vs-close', 'v6.8');
  const r = explore(sc);
  for (const v of r.violations) {
    const steps = traceOf(sc, v.token);
    for (const l of lanesOf(steps).lanes) {
      const mine = new Set(steps.filter((s) => s.thread === l.thread).map((s) => s.pos));
      for (const s of l.spans) {
        const covered = s.pieces.flatMap(([a, b]) => Array.from({ length: b - a }, (_, i) => a + i));
        assert.ok(
          covered.every((p) => mine.has(p)),
          `${s.fn}: a piece covers another thread's step`,
        );
        assert.deepEqual(
          covered,
          [...mine].filter((p) => p >= s.from && p < s.to),
          `${s.fn}: the pieces are the thread's steps in the span`,
        );
      }
    }
  }
});

test('labels: no function label is cut; the function of each violating step is named on the timeline', () => {
  const sc = corpusScenario('samples/i1-dmabuf-wait-vs-close', 'v6.8');
  for (const v of explore(sc).violations) {
    const steps = traceOf(sc, v.token);
    const r = replay(sc, v.token);
    assert.ok(r.ok);
    const trace = reportTrace(v.token, { ...r, trace: steps });
    const svg = renderTimeline(trace, 'x');
    assert.ok(!svg.includes('…'), 'no label ends in an ellipsis');
    for (const m of trace.marks) {
      const fn = steps.find((s) => s.pos === m.pos)?.fn;
      if (fn === undefined) continue;
      assert.ok(svg.includes(`${m.kind} in ${fn}`), `the mark names ${fn}`);
      assert.match(svg, new RegExp(`<text( class="under")? x="[\\d.]+" y="[\\d.]+">${fn}</text>`), `${fn} has a label`);
    }
  }
});
