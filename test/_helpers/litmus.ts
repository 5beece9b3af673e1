// Test helper: the corpus's litmus tests as explorer scenarios and as worker references (the kernel tests the explorer runs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioRef } from '../../src/explore/parallel/ref.ts';
import type { Scenario } from '../../src/explore/scenario.ts';
import { CORPUS_DIR } from '../../src/litmus/corpus.ts';
import { litmusRef, litmusScenario } from '../../src/litmus/ref.ts';

/** The text of `litmus/NAME.litmus`. */
export function corpusSource(name: string): string {
  return readFileSync(join(CORPUS_DIR, `${name}.litmus`), 'utf8');
}

/** `litmus/NAME.litmus` compiled on variant `v`. */
export function corpusScenario(name: string, v: string): Scenario {
  const r = litmusScenario(corpusSource(name), `${name}.litmus`, v);
  if (!r.ok) throw new Error(`${name}: ${r.message}`);
  return r.scenario;
}

/** The worker reference of `litmus/NAME.litmus` on variant `v` (default: the default variant). */
export function corpusRef(name: string, v?: string): ScenarioRef {
  return litmusRef(corpusSource(name), `${name}.litmus`, v);
}
