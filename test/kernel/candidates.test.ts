// The candidate fixes for I5 model what their knobs say: with `ep_poll_task_work=before_sleep` the poller runs the
// pin's final __fput itself before sleeping again; with `epi_unpin=delayed_fput` a kworker runs it; either way no
// execution ends with the poller asleep and the closed file allocated. Unfixed v7.2 has such an execution.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CANDIDATE_FIXES } from '../../src/kernel/candidates.ts';
import { KNOBS, PRESETS, VERSION_PRESETS } from '../../src/kernel/variant.ts';
import { checkVariant } from '../../src/litmus/check.ts';
import { parseLitmus } from '../../src/litmus/parse.ts';
import { variant } from '../../src/kernel/variant.ts';

const FILE = 'litmus/findings/I5-pipe-never-released.litmus';
const parsed = parseLitmus(readFileSync(FILE, 'utf8'), { file: FILE });

/** The release(r) values of the final states in which P0 is still asleep in epoll_wait. */
function releasersWhileAsleep(preset: string): string[] {
  assert.ok(parsed.ok);
  const r = checkVariant(parsed.test, variant(preset));
  assert.ok(!('code' in r), 'code' in r ? r.message : '');
  const out = new Set<string>();
  for (const o of r.outcomes) {
    if (o.state.values.get('P0:r0')?.status !== 'blocked') continue;
    const rel = o.state.values.get('release(r)');
    out.add(rel?.status === 'released' ? rel.by : 'none');
  }
  return [...out].sort();
}

test('I5 candidates: unfixed v7.2 can end with the poller asleep and the closed pipe end allocated', () => {
  assert.ok(releasersWhileAsleep('v7.2').includes('none'));
});

test('I5 candidate (a) fix-task-work: the poller releases the file itself before it sleeps again', () => {
  assert.deepEqual(releasersWhileAsleep('fix-task-work'), ['P0', 'P1']);
});

test('I5 candidate (b) fix-delayed-fput: the pin’s final put is released by a kworker, never left pending', () => {
  assert.deepEqual(releasersWhileAsleep('fix-delayed-fput'), ['P1', 'kworker']);
});

test('I5 candidates: each is a preset on the newest release differing only in its own knobs, each knob documented', () => {
  const newest = PRESETS[VERSION_PRESETS.at(-1) as string]?.knobs;
  for (const c of CANDIDATE_FIXES) {
    const knobs = PRESETS[c.name]?.knobs;
    assert.ok(knobs !== undefined && newest !== undefined, c.name);
    const changed = Object.keys(knobs).filter(
      (k) => knobs[k as keyof typeof knobs] !== newest[k as keyof typeof newest],
    );
    assert.deepEqual(changed.sort(), Object.keys(c.knobs).sort(), c.name);
    for (const k of changed) assert.ok(KNOBS[k as keyof typeof KNOBS].doc.length > 0);
  }
});
