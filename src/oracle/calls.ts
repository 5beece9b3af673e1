// How each script call runs on the helper: the oracle wiring of the registry's CallDefs (src/script/calls/), by name.
import { CALLS } from '../script/calls/index.ts';
import type { OracleWiring } from '../script/calls/oracle.ts';

export type OracleCall = OracleWiring;

/** The helper's calls by script call name (fork included: the runner gives it the child's slot). */
export const ORACLE_CALLS: ReadonlyMap<string, OracleCall> = new Map(
  [...CALLS.values()].flatMap((d) => (d.oracle === undefined ? [] : [[d.name, d.oracle] as const])),
);
