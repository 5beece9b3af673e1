// Test helper: a script run on a fresh model kernel, printed as `epoll-lab run` prints it, compared with the
// output the real kernel gave for the same script (recorded from Linux 6.18 through native/epoll_helper.c).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Kernel } from '../../src/api/Kernel.ts';
import { renderRun } from '../../src/commands/run-output.ts';

/** Strips the first newline and the common indentation of a template literal. */
export function dedent(s: string): string {
  const lines = s
    .replace(/^\n/, '')
    .replace(/\n[ \t]*$/, '\n')
    .split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const cut = indents.length === 0 ? 0 : Math.min(...indents);
  return lines.map((l) => l.slice(cut)).join('\n');
}

/** The text output of `src` on a fresh kernel of `variant`; the run must not halt or report a violation. */
export function runText(src: string, variant = 'v7.1'): string {
  const k = new Kernel({ variant });
  const r = k.run(dedent(src), 'case.script');
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.errors));
  assert.notEqual(r.end.kind, 'halted');
  assert.deepEqual(r.violations, []);
  return renderRun(r, false).stdout;
}

/**
 * A test named `name` (checklist row first): `src` on the model prints exactly `expected`, the real kernel's
 * output for the same script.
 */
export function scriptCase(name: string, src: string, expected: string): void {
  test(name, () => {
    assert.equal(runText(src), dedent(expected));
  });
}
