// The version table: a release string names the knobs of the commits it contains, mainline and stable backports.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HISTORY, knobsForRelease } from '../../src/kernel/history.ts';
import { hostKnobs, parseVariant, PRESETS, VERSION_PRESETS } from '../../src/kernel/variant.ts';

function knobs(rel: string) {
  const r = knobsForRelease(rel);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.knobs;
}

test('host: 6.18.44 has a6dc643c6931 (6.18.33), 07712db80857 (6.18.24) and f2e467a48287 (6.17)', () => {
  const h = hostKnobs('6.18.44-fc-v1272').knobs;
  assert.equal(h.ep_remove_pin, true);
  assert.equal(h.ep_free, 'kfree_rcu');
  assert.equal(h.loop_check, 'upward_depth');
  assert.equal(h.ep_put, 'after_unlock');
  assert.equal(h.eavail_check, 'lockless');
  assert.equal(h.counter, 'file_ref');
});

test('stable backports change a release on their branch only, from their point on', () => {
  assert.equal(knobs('6.18.32').ep_remove_pin, false);
  assert.equal(knobs('6.18.33').ep_remove_pin, true);
  assert.equal(knobs('6.12.38').ep_put, 'under_mtx');
  assert.equal(knobs('6.12.39').ep_put, 'after_unlock');
  assert.equal(knobs('6.12.39').counter, 'atomic_long');
  assert.equal(knobs('6.13.5').ep_put, 'under_mtx'); // no 6.13 backport
  assert.equal(knobs('6.6.33').item_poll_pin, 'inc_not_zero');
  assert.equal(knobs('6.6.32').item_poll_pin, 'none');
});

test('a mainline release has every change of its release and before, none after', () => {
  for (const c of HISTORY) {
    assert.equal(knobs(c.release)[c.knob], c.value, `${c.commit} in ${c.release}`);
    const [maj, min] = c.release.split('.').map(Number) as [number, number];
    const before = min > 0 ? `${maj}.${min - 1}` : '6.19';
    assert.notEqual(knobs(before)[c.knob], c.value, `${c.commit} not in ${before}`);
  }
});

test('releases before 6.6 (epmutex, deferred close) are refused with a message; any release from 6.6 is a variant', () => {
  const r = knobsForRelease('6.1.100');
  assert.ok(!r.ok);
  assert.match(r.message, /epmutex/);
  const v = parseVariant('v6.12.50,ep_free=kfree');
  assert.ok(
    v.ok && v.variant.ep_remove_pin === false && v.variant.ep_free === 'kfree' && v.variant.ep_put === 'after_unlock',
  );
  assert.ok(!parseVariant('v6.1.100').ok);
});

test('every version preset is its release in the table; the case-study names keep their meaning', () => {
  for (const name of VERSION_PRESETS) assert.deepEqual(PRESETS[name]?.knobs, knobs(name), name);
  assert.equal(PRESETS['v6.8']?.knobs.item_poll_pin, 'none');
  assert.equal(PRESETS['v6.9']?.knobs.item_poll_pin, 'inc_not_zero');
  assert.equal(PRESETS['v6.13']?.knobs.counter, 'file_ref');
  assert.equal(PRESETS['v7.1']?.knobs.ep_remove_pin, true);
  assert.equal(PRESETS['brauner-nouser']?.knobs.item_poll_pin, 'sb_nouser');
  assert.equal(PRESETS['dmabuf-active']?.knobs.dmabuf_poll_ref, 'get_file_active');
});

test('a release newer than the table is refused as a spec; as host it gets the newest release, an older one the earliest', () => {
  const r = knobsForRelease('9.9');
  assert.ok(!r.ok && r.tooNew);
  assert.deepEqual(hostKnobs('9.9.1').knobs, knobs('7.2'));
  assert.deepEqual(hostKnobs('5.15.200').knobs, knobs('6.6'));
  assert.ok(!knobsForRelease('6.5.9').ok);
});
