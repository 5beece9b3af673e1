// How a call appears in random scripts (src/conformance/arbitrary.ts): rules rendering one line from raw numbers.

/** What a generated script may contain. */
export interface ScriptShape {
  /** Allow model-only calls (dma-buf, fences, sync_file): such scripts cannot run on a real kernel. */
  readonly modelOnly?: boolean;
  /** Allow calls that may block forever (blocking reads, epoll_wait(-1)); each ends its script with BLOCKS. */
  readonly blocking?: boolean;
  /** Allow mount/umount/open/mkfifo (needs root and a private mount namespace on a real kernel). */
  readonly mounts?: boolean;
  /** Most lines in one script. */
  readonly maxLines?: number;
  /**
   * Give each created file its own names (`p3, q3 = pipe()`, `ep5 = epoll_create1(0)`) so that earlier files stay
   * reachable by name: more registrations, deeper nesting. Default: decided per script by its first op.
   */
  readonly distinct?: boolean;
}

/** One random step: which rule renders it, and raw numbers the rule maps onto arguments. */
export interface Op {
  readonly rule: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: bigint;
}

/** What the lines rendered so far leave for the next one. */
export interface RenderState {
  readonly shape: ScriptShape;
  forks: number;
  fence: boolean;
  /** fd names bound so far, in binding order. */
  readonly names: string[];
}

/** Renders one line (several with `\n`), or null to render nothing for this op. */
export type Rule = (o: Op, st: RenderState) => string | null;

/** One way a call appears in random scripts. */
export interface RandomRule {
  /** Weight: how many slots of the generator's table the rule takes. */
  readonly w: number;
  readonly r: Rule;
  /** The shape flag the rule needs. */
  readonly only?: 'modelOnly' | 'blocking' | 'mounts';
  /** The rule creates files: the first quarter of a script is drawn from these only. */
  readonly creates?: boolean;
}

/** An fd argument: mostly a bound name or a small number, sometimes a closed or impossible one. */
export function fdOf(n: number, st: RenderState): string {
  if (n % 23 === 0) return '-1';
  if (n % 17 === 0) return '999';
  if (n % 3 !== 0 && st.names.length > 0) return st.names[n % st.names.length] as string;
  return String(n % 12);
}

/** An epfd argument: mostly a bound epoll name (`ep`, `ep2`), else any fd argument. */
export function epOf(n: number, st: RenderState): string {
  const eps = st.names.filter((x) => x.startsWith('ep'));
  if (n % 5 !== 0 && eps.length > 0) return eps[n % eps.length] as string;
  return fdOf(n, st);
}

/** An epoll_ctl target: mostly a bound name that is not an epoll, sometimes an epoll (nesting), else any fd. */
export function targetOf(n: number, st: RenderState): string {
  const files = st.names.filter((x) => !x.startsWith('ep'));
  if (n % 5 === 0) return epOf(n >> 3, st);
  if (n % 7 !== 0 && files.length > 0) return files[(n >> 2) % files.length] as string;
  return fdOf(n, st);
}

/** Paths with dots, slashes and the root: how the walk treats them is checked against Linux like the rest. */
export const ODD_PATHS = ['/d0', 'd0/', 'd1/../d0', 'd0/.', '.', '/', '..', 'd0/f0/', 'd0/p0/..', 'd1/d0/../f1'];
