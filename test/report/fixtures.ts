// Test fixtures: reports of the kernel tests I1, I3, I4, I9 (litmus/samples/, litmus/) and of the seed corpus.
import { explore } from '../../src/explore/explore.ts';
import type { Scenario } from '../../src/explore/scenario.ts';
import { runCaseStudy } from '../../src/commands/start.ts';
import { buildReport, type ReportTestSpec } from '../../src/report/build.ts';
import { litmusFileReport } from '../../src/report/litmus-file.ts';
import type { ReportInput } from '../../src/report/input.ts';
import { corpusScenario } from '../_helpers/litmus.ts';

type Factory = (v: string) => Scenario;

const litmus =
  (name: string): Factory =>
  (v) =>
    corpusScenario(name, v);

const FAMILIES: readonly (readonly [Factory, string, (o: string) => boolean])[] = [
  [
    litmus('samples/i1-dmabuf-wait-vs-close'),
    'epoll_wait polls a dma-buf while another thread closes its only fd (CVE-2024-38580)',
    () => false,
  ],
  [
    litmus('samples/i3-dying-pipe-release'),
    'epoll_wait polls a readable pipe being closed: who runs __fput',
    () => false,
  ],
  [
    litmus('samples/i4-close-umount-ebusy'),
    'close then umount while epoll polls the FIFO: spurious EBUSY',
    (o) => o.includes('-EBUSY'),
  ],
  [litmus('I9-bad-epoll'), 'close an epoll watching a closing epoll ("Bad Epoll", CVE-2026-46242)', () => false],
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
