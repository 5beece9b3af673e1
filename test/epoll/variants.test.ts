// Property: in a sequential run the lifetime variants are invisible; only the errno-order, eventfd count and loop-check
// knobs change results.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Kernel } from '../../src/api/Kernel.ts';
import { renderScript, opsArbitrary } from '../../src/conformance/arbitrary.ts';
import { CASE_STUDY_PRESETS, PRESETS } from '../../src/kernel/variant.ts';
import type { CallRecord } from '../../src/script/result.ts';

const SHAPE = { modelOnly: true, mounts: true, blocking: true, maxLines: 40 } as const;
const PRESET_NAMES = CASE_STUDY_PRESETS;

function runUnder(variant: string, src: string): readonly CallRecord[] {
  const k = new Kernel({ variant });
  const r = k.run(src);
  assert.ok(r.ok, r.ok ? '' : `${src}\n${JSON.stringify(r.errors)}`);
  assert.deepEqual(k.violations, [], `${variant}\n${src}`);
  return r.records;
}

/** A line whose result may depend on the epoll_wait errno order: a failed wait that is EBADF in one, EINVAL in the other. */
function errnoOrderOnly(a: CallRecord, b: CallRecord): boolean {
  const wait = /\bepoll_(wait|pwait2)\(/.test(a.call);
  const pair = new Set([a.errno, b.errno]);
  return wait && a.ret === -1 && b.ret === -1 && pair.has('EBADF') && pair.has('EINVAL');
}

/** An EPOLL_CTL_ADD the two loop checks judge differently (the old walk accepts or says EINVAL where the new says ELOOP). */
function loopCheckOnly(a: CallRecord, b: CallRecord): boolean {
  return /\bepoll_ctl\(/.test(a.call) && a.errno !== b.errno && (a.errno === 'ELOOP' || b.errno === 'ELOOP');
}

/** A write to an eventfd of more than 8 bytes: EINVAL under eventfd_write_count=exactly_8, 8 under at_least_8. */
function eventfdCountOnly(a: CallRecord, b: CallRecord): boolean {
  const r = [a, b].map((x) => (x.ret === 8 ? 'ok' : x.errno));
  return /\bwrite\(/.test(a.call) && r.includes('ok') && r.includes('EINVAL');
}

test('variants: a single-threaded script gives the same results under every case-study preset, but for the errno order of failed waits, the eventfd write count and the loop check', () => {
  fc.assert(
    fc.property(opsArbitrary(SHAPE), (ops) => {
      const src = renderScript(ops, SHAPE);
      const base = runUnder('v7.1', src);
      for (const name of PRESET_NAMES) {
        let other = runUnder(name, src);
        const sameOrder = PRESETS[name]?.knobs.epoll_wait_errno === PRESETS['v7.1']?.knobs.epoll_wait_errno;
        const sameCount = PRESETS[name]?.knobs.eventfd_write_count === PRESETS['v7.1']?.knobs.eventfd_write_count;
        const sameLoop = PRESETS[name]?.knobs.loop_check === PRESETS['v7.1']?.knobs.loop_check;
        // The first count or loop-check difference changes the state, so everything after it may differ: compare up
        // to it.
        const cut = other.findIndex(
          (rec, i) =>
            (!sameCount && eventfdCountOnly(rec, base[i] as CallRecord)) ||
            (!sameLoop && loopCheckOnly(rec, base[i] as CallRecord)),
        );
        if (cut >= 0) other = other.slice(0, cut);
        else assert.equal(other.length, base.length, `${name}\n${src}`);
        other.forEach((rec, i) => {
          const b = base[i] as CallRecord;
          if (!sameOrder && errnoOrderOnly(rec, b)) return;
          assert.deepEqual(rec, b, `${name} differs from v7.1 on line ${rec.line}: ${rec.call}\n${src}`);
        });
      }
    }),
    { numRuns: Number(process.env['FC_RUNS'] ?? 150) },
  );
});

test('D3: the epoll_wait errno order changes a single-threaded result', () => {
  const src = 'epoll_wait(999, 0, 0)\n';
  const got = PRESET_NAMES.map((n) => `${n}=${runUnder(n, src)[0]?.errno ?? ''}`);
  assert.deepEqual(got, [
    'v6.8=EINVAL',
    'v6.9=EINVAL',
    'v6.13=EINVAL',
    'v7.1=EBADF',
    'brauner-nouser=EINVAL',
    'dmabuf-active=EINVAL',
  ]);
});
