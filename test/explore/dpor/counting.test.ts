import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CountSegment } from '../../../src/explore/dpor/counting.ts';

// A segment is safe when every arrangement of its events that keeps each thread's in program order, started from the
// count the first one found, keeps every event at or above its `from` (DESIGN.md, "Counting steps"). CountSegment
// decides it from per-thread prefix sums; these tests decide it by trying every arrangement.

interface Ev {
  readonly t: number;
  readonly delta: number;
  readonly from: number;
}

/** Every arrangement of the threads' events (program order kept) keeps every event at or above its `from`. */
function safeByBruteForce(start: number, evs: readonly Ev[]): boolean {
  const threads = [...new Set(evs.map((e) => e.t))];
  const seqs = threads.map((t) => evs.filter((e) => e.t === t));
  const walk = (pos: number[], count: number): boolean =>
    seqs.every((seq, i) => {
      const e = seq[pos[i] as number];
      if (e === undefined) return true;
      if (count < e.from) return false;
      const next = pos.slice();
      next[i] = (pos[i] as number) + 1;
      return walk(next, count + e.delta);
    });
  return walk(
    seqs.map(() => 0),
    start,
  );
}

const evArb: fc.Arbitrary<Ev> = fc.record({
  t: fc.integer({ min: 0, max: 2 }),
  delta: fc.constantFrom(-1, 1),
  from: fc.integer({ min: 0, max: 3 }),
});
const segmentArb = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.array(evArb, { minLength: 1, maxLength: 7 }));

void test('a counting segment is safe exactly when every arrangement of its events keeps each at or above its from', () => {
  fc.assert(
    fc.property(segmentArb, ([start, evs]) => {
      const seg = new CountSegment();
      seg.open(start);
      evs.forEach((e, i) => {
        assert.equal(seg.add(e.t, e.delta, e.from), safeByBruteForce(start, evs.slice(0, i + 1)), `after event ${i}`);
      });
    }),
    { numRuns: 2000, seed: 20261207 },
  );
});

void test('safeWith answers what add would, and adds nothing (a sleeping step counted in below a split)', () => {
  fc.assert(
    fc.property(segmentArb, evArb, evArb, ([start, evs], extra, next) => {
      const seg = new CountSegment();
      seg.open(start);
      for (const e of evs) seg.add(e.t, e.delta, e.from);
      const asked = seg.safeWith(extra.t, extra.delta, extra.from);
      assert.equal(asked, seg.safe && safeByBruteForce(start, [...evs, extra]));
      // Nothing was added: the same question gets the same answer, and the segment's own verdict is unchanged.
      assert.equal(seg.safeWith(extra.t, extra.delta, extra.from), asked);
      assert.equal(seg.safe, safeByBruteForce(start, evs));
      assert.equal(seg.add(next.t, next.delta, next.from), safeByBruteForce(start, [...evs, next]));
    }),
    { numRuns: 2000, seed: 20261208 },
  );
});
