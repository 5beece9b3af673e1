// Bench: one explorer scenario measured in a process of its own (so its peak memory is its own); prints JSON.
import { explore, type ExploreOptions, type ExploreResult, type Scenario } from '../src/explore/index.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR } from '../src/litmus/corpus.ts';
import { litmusScenario } from '../src/litmus/ref.ts';
import { litmus } from './litmus.ts';
import { median, peakRssMiB, repeat } from './measure.ts';

/** The fixed scenario set of `npm run bench`, by id. Every detector is on (lockdep, leaks, KASAN, refcounts). */
export const SCENARIOS: Readonly<Record<string, { readonly label: string; readonly make: () => Scenario }>> = {
  'litmus-20': { label: 'litmus 2 threads x 10 steps', make: () => litmus(10) },
  'litmus-24': { label: 'litmus 2 threads x 12 steps', make: () => litmus(12) },
  i1: { label: 'I1 dma-buf v6.8', make: () => corpus('I1-dmabuf-sync', 'v6.8') },
  excl: { label: 'EXCL 3-thread epoll v7.1', make: () => corpus('epollexclusive-one-wake', 'v7.1') },
  i9: { label: 'I9 Bad Epoll v6.13', make: () => corpus('I9-bad-epoll', 'v6.13') },
};

/** A corpus litmus test (litmus/NAME.litmus) as a scenario. */
function corpus(name: string, v: string): Scenario {
  const file = join(CORPUS_DIR, `${name}.litmus`);
  const r = litmusScenario(readFileSync(file, 'utf8'), file, v);
  if (!r.ok) throw new Error(r.message);
  return r.scenario;
}

/** What the bench prints for a scenario. */
export interface ExplorerFigures {
  readonly id: string;
  readonly label: string;
  readonly kind: ExploreResult['kind'];
  readonly executions: number;
  readonly redundant: number;
  readonly blocked: number;
  readonly steps: number;
  readonly outcomes: number;
  readonly naiveEstimate: number;
  /** Kernel steps of one execution: the setup's (boot and setup syscalls, sequential driver) and the run's mean. */
  readonly setupSteps: number;
  readonly runSteps: number;
  /** Medians over the repetitions, per CPU second (and the wall-clock rate, for reference). */
  readonly execPerSec: number;
  readonly wallExecPerSec: number;
  readonly stepsPerSec: number;
  readonly msPerExploration: number;
  /** The first violation of a `stopOn: true` exploration: median CPU time to it, executions run until it. */
  readonly first: { readonly kind: string; readonly ms: number; readonly executions: number } | null;
  readonly peakRssMiB: number;
}

export function measureScenario(id: string, reps: number, minMs: number, warmMs: number): ExplorerFigures {
  const spec = SCENARIOS[id];
  if (spec === undefined) throw new Error(`unknown bench scenario '${id}'`);
  const sc = spec.make();
  const setupSteps = sc.setup().machine.steps;
  const opts: ExploreOptions = { mode: 'dpor' };
  let last: ExploreResult | null = null;
  const full = repeat(
    () => {
      last = explore(sc, opts);
    },
    reps,
    minMs,
    warmMs,
  );
  const r = last as unknown as ExploreResult;
  if (r.kind === 'model-error') throw new Error(`${id}: model error: ${r.message}`);
  const s = r.stats;
  const perRun = s.executions + s.redundant + s.blocked;
  let first: ExplorerFigures['first'] = null;
  let firstRes: ExploreResult | null = null;
  const stop = repeat(
    () => {
      firstRes = explore(sc, { ...opts, stopOn: true });
    },
    reps,
    minMs / 4,
  );
  const fr = firstRes as unknown as ExploreResult;
  if (fr.kind === 'bound-reached' && fr.limit === 'violation')
    first = {
      kind: fr.violations[0]?.kind ?? '?',
      ms: median(stop.map((x) => x.cpuMs / x.runs)),
      executions: fr.stats.executions,
    };
  return {
    id,
    label: spec.label,
    kind: r.kind,
    executions: s.executions,
    redundant: s.redundant,
    blocked: s.blocked,
    steps: s.steps,
    outcomes: r.outcomes.size,
    naiveEstimate: s.naiveEstimate,
    setupSteps,
    runSteps: s.steps / Math.max(1, perRun),
    execPerSec: median(full.map((x) => (x.runs * perRun * 1000) / x.cpuMs)),
    wallExecPerSec: median(full.map((x) => (x.runs * perRun * 1000) / x.ms)),
    stepsPerSec: median(full.map((x) => (x.runs * s.steps * 1000) / x.cpuMs)),
    msPerExploration: median(full.map((x) => x.cpuMs / x.runs)),
    first,
    peakRssMiB: peakRssMiB(),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [id = '', reps = '5', minMs = '300', warmMs = '1500'] = process.argv.slice(2);
  process.stdout.write(`${JSON.stringify(measureScenario(id, Number(reps), Number(minMs), Number(warmMs)))}\n`);
}
