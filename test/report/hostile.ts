// Test helper: a struct file race whose thread names, outcomes and texts are hostile markup.
import { boot } from '../../src/init/boot.ts';
import { fput, get_file } from '../../src/kernel/file.ts';
import type { Gen } from '../../src/kernel/step.ts';
import { syscall } from '../../src/kernel/syscall.ts';
import { variant } from '../../src/kernel/variant.ts';
import type { File } from '../../src/kernel/vfs.ts';
import { start } from '../../src/sched/runtime.ts';
import { explore, scenarioHash, type Scenario } from '../../src/explore/index.ts';
import { buildReport } from '../../src/report/build.ts';
import type { ReportInput } from '../../src/report/input.ts';

/** Strings that would inject markup or script if any reached the page unescaped. */
export const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(2)>',
  "'><svg onload=alert(3)>",
  '</style><script>alert(4)</script>',
  '</title></textarea><iframe src=javascript:alert(5)>',
  '<!-- ]]> --><a href="javascript:alert(6)">x</a>',
] as const;

function* closer(f: File): Gen<number> {
  yield* fput(f);
  return 0;
}

function* getter(f: File): Gen<number> {
  yield* get_file(f);
  yield* fput(f);
  return 0;
}

/** fileRace with hostile thread names (comm) and a hostile outcome text. */
export function hostileScenario(spec: string): Scenario {
  return {
    name: HOSTILE[0],
    variant: variant(spec),
    hash: scenarioHash(`hostile ${HOSTILE.join('')}`),
    outcome: (_m, ts) => ts.map((t, i) => `${t.comm}=${HOSTILE[(i + 3) % HOSTILE.length]}`).join(' '),
    setup() {
      const { machine, init } = boot(this.variant);
      const f = init.files?.fd_array[0] as File;
      const p0 = machine.spawn(HOSTILE[1], 'user', null);
      start(p0, syscall(closer(f)));
      const p1 = machine.spawn(HOSTILE[2], 'user', null);
      start(p1, syscall(getter(f)));
      return { machine, threads: [p0, p1] };
    },
  };
}

/** A report whose every user-supplied text is hostile. */
export function hostileReport(): ReportInput {
  const runs = ['v6.8', 'v6.13'].map((v) => {
    const scenario = hostileScenario(v);
    return {
      scenario,
      result: explore(scenario),
      bad: () => true,
      condition: { text: HOSTILE[3], verdict: HOSTILE[4], expected: HOSTILE[5], ok: false, detail: HOSTILE[0] },
    };
  });
  return buildReport(HOSTILE[0], [{ name: HOSTILE[1], description: HOSTILE[2], source: HOSTILE.join('\n'), runs }], {
    subtitle: HOSTILE[3],
  });
}
