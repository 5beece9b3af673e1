// The `host` preset follows the running kernel's release, down to the stable backports of the ep_remove pin.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostKnobs, PRESETS } from '../../src/kernel/variant.ts';

test('variant host: 6.18.44 (this machine) is the v7.1 knob set; the ep_remove pin came to 6.18 in 6.18.33', () => {
  assert.deepEqual(hostKnobs('6.18.44-fc-v1272').knobs, PRESETS['v7.1']?.knobs);
  assert.equal(hostKnobs('6.18.32').knobs.ep_remove_pin, false);
  assert.equal(hostKnobs('6.18.33').knobs.ep_remove_pin, true);
});

test('variant host: the other stable trees with a6dc643c6931, and releases without it', () => {
  for (const [rel, pin] of [
    ['7.0.9', false],
    ['7.0.10', true],
    ['6.12.95', true],
    ['6.12.94', false],
    ['6.6.144', true],
    ['6.1.178', true],
    ['6.15.2', false],
    ['7.1.0', true],
    ['6.8.0', false],
  ] as const)
    assert.equal(hostKnobs(rel).knobs.ep_remove_pin, pin, rel);
  // Only the pin follows the backport: 6.12 keeps its own counter and errno order.
  assert.deepEqual(hostKnobs('6.12.95').knobs, { ...PRESETS['v6.9']?.knobs, ep_remove_pin: true });
});
