import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, type Scenario } from '../../src/explore/index.ts';
import { i3DyingPipe } from '../../src/explore/scenarios/i3-dying-pipe.ts';

/** The scenario with ep_item_poll's dying-file observations switched on. */
function observed(sc: Scenario): Scenario {
  return {
    ...sc,
    setup() {
      const r = sc.setup();
      r.machine.observe_dying = true;
      return r;
    },
  };
}

function kinds(sc: Scenario): Set<string> {
  return new Set(explore(sc).violations.map((v) => v.kind));
}

test('ep_item_poll observations: P0 reports the event of a pipe whose close already dropped the last reference', () => {
  const k = kinds(observed(i3DyingPipe('v6.8')));
  assert.ok(k.has('event-from-dying-file'), [...k].join(','));
  assert.ok(!k.has('event-dropped-dying-file'));
});

test('ep_item_poll observations: P1 (inc-not-zero pin) skips it instead, and never polls a dying file', () => {
  const k = kinds(observed(i3DyingPipe('v6.9')));
  assert.ok(k.has('event-dropped-dying-file'), [...k].join(','));
  assert.ok(!k.has('event-from-dying-file'));
});

test('ep_item_poll observations are off by default (no extra step, no report)', () => {
  for (const v of ['v6.8', 'v6.9']) assert.equal(kinds(i3DyingPipe(v)).size, 0);
});
