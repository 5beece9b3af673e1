import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, type Scenario } from '../../src/explore/index.ts';
import { corpusScenario } from '../_helpers/litmus.ts';

/** litmus/I3-dying-pipe.litmus (epoll_wait polls a readable pipe being closed), observations on or off. */
function i3(v: string, observe: boolean): Scenario {
  const sc = corpusScenario('I3-dying-pipe', v);
  return {
    ...sc,
    setup() {
      const r = sc.setup();
      r.machine.observe_dying = observe;
      return r;
    },
  };
}

function kinds(sc: Scenario): Set<string> {
  return new Set(explore(sc).violations.map((v) => v.kind));
}

test('ep_item_poll observations: P0 reports the event of a pipe whose close already dropped the last reference', () => {
  const k = kinds(i3('v6.8', true));
  assert.ok(k.has('event-from-dying-file'), [...k].join(','));
  assert.ok(!k.has('event-dropped-dying-file'));
});

test('ep_item_poll observations: P1 (inc-not-zero pin) skips it instead, and never polls a dying file', () => {
  const k = kinds(i3('v6.9', true));
  assert.ok(k.has('event-dropped-dying-file'), [...k].join(','));
  assert.ok(!k.has('event-from-dying-file'));
});

test('ep_item_poll observations are off by default (no extra step, no report)', () => {
  for (const v of ['v6.8', 'v6.9']) assert.equal(kinds(i3(v, false)).size, 0);
});
