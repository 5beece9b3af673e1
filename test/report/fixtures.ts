// Test fixtures: reports of the hand-written explorer scenarios (src/explore/scenarios) and of the seed corpus.
import { explore } from '../../src/explore/explore.ts';
import type { Scenario } from '../../src/explore/scenario.ts';
import { i1Dmabuf } from '../../src/explore/scenarios/i1-dmabuf.ts';
import { i3DyingPipe } from '../../src/explore/scenarios/i3-dying-pipe.ts';
import { i4UmountEbusy } from '../../src/explore/scenarios/i4-umount-ebusy.ts';
import { i9BadEpoll } from '../../src/explore/scenarios/i9-bad-epoll.ts';
import { runCaseStudy } from '../../src/commands/start.ts';
import { buildReport, type ReportTestSpec } from '../../src/report/build.ts';
import { litmusFileReport } from '../../src/report/litmus-file.ts';
import type { ReportInput } from '../../src/report/input.ts';

type Factory = (v: string) => Scenario;

const FAMILIES: readonly (readonly [Factory, string, (o: string) => boolean])[] = [
  [i1Dmabuf, 'epoll_wait polls a dma-buf while another thread closes its only fd (CVE-2024-38580)', () => false],
  [i3DyingPipe, 'epoll_wait polls a readable pipe being closed: who runs __fput', () => false],
  [i4UmountEbusy, 'close then umount while epoll polls the FIFO: spurious EBUSY', (o) => o.includes('-EBUSY')],
  [i9BadEpoll, 'close an epoll watching a closing epoll ("Bad Epoll", CVE-2026-46242)', () => false],
];

/** The variants the fixture runs every scenario under. */
export const FIXTURE_VARIANTS = ['v6.8', 'v6.9', 'v6.13', 'v7.1'] as const;

/** Explores every family under every variant (DPOR, exhaustive) and builds the report: a few seconds. */
export function scenarioReport(variants: readonly string[] = FIXTURE_VARIANTS): ReportInput {
  const tests: ReportTestSpec[] = FAMILIES.map(([make, description, bad]) => {
    const runs = variants.map((v) => {
      const scenario = make(v);
      return { scenario, result: explore(scenario), bad };
    });
    return { name: runs[0]?.scenario.name ?? '?', description, runs };
  });
  return buildReport('epoll-lab: explorer scenarios I1, I3, I4, I9', tests, {
    subtitle: `DPOR, exhaustive; variants ${variants.join(', ')}`,
  });
}

/** The report of the seed case study (`npm start`: litmus/seed.list on the variants each test's expectations name). */
export function seedReport(): ReportInput {
  return litmusFileReport('epoll-lab start: seed case study', runCaseStudy().checks);
}
