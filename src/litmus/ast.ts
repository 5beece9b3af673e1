// Litmus tests: the checked form of a `.litmus` file — init lines, threads, the final condition, expectations.
import type { CacheName } from '../kernel/machine.ts';
import type { ViolationKind } from '../kernel/violation.ts';
import type { Variant } from '../kernel/variant.ts';
import type { Script, ScriptLine } from '../script/compile.ts';
import type { Pos } from '../script/errors.ts';

/** One thread of a litmus test: its lines run one after another, each a whole call. */
export interface ThreadDef {
  readonly name: string;
  /** `task`: a CLONE_FILES user thread of `proc`; `irq`: a hard-irq context thread. */
  readonly context: 'task' | 'irq';
  /** The process (bound in init, `main` by default) whose fd table a task thread shares. */
  readonly proc: string;
  readonly lines: readonly ScriptLine[];
  /** The thread's result names in first-binding order (what the state shows). */
  readonly results: readonly string[];
  readonly pos: Pos;
}

/** `P0:r0`, `P0:r0.events`. */
export interface Ref {
  readonly thread: string;
  readonly name: string;
  readonly field: 'ret' | 'events' | 'data' | null;
  readonly pos: Pos;
}

export type CmpOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** The right-hand side of a comparison. */
export type Value =
  | { readonly k: 'int'; readonly v: bigint }
  | { readonly k: 'errno'; readonly name: string; readonly v: number }
  | { readonly k: 'fd'; readonly name: string }
  | { readonly k: 'status'; readonly s: 'blocked' | 'unfinished' }
  | { readonly k: 'events'; readonly list: readonly EventWant[] }
  | { readonly k: 'string'; readonly s: string }
  | { readonly k: 'mask'; readonly v: number };

export type Prop =
  | { readonly k: 'and' | 'or'; readonly a: Prop; readonly b: Prop }
  | { readonly k: 'not'; readonly p: Prop }
  | { readonly k: 'const'; readonly v: boolean }
  | { readonly k: 'violation'; readonly kind: ViolationKind | 'any' }
  | { readonly k: 'cmp'; readonly ref: Ref; readonly op: CmpOp; readonly value: Value }
  | { readonly k: 'has'; readonly ref: Ref; readonly mask: number }
  /** `release(d) == P1`: which thread freed the file init bound to `d` (`none`: still allocated). */
  | { readonly k: 'release'; readonly name: string; readonly op: '==' | '!='; readonly who: string };

export type Quantifier = 'exists' | '~exists' | 'forall';

export interface Condition {
  readonly quantifier: Quantifier;
  readonly prop: Prop;
  /** The condition as written, whitespace-normalised. */
  readonly text: string;
}

/** What an expectation claims about one variant's exploration. */
export type ExpectWhat =
  | { readonly k: 'ok' | 'no' | 'exists' | 'never' | 'always' | 'sometimes' | 'clean' }
  | { readonly k: 'kind' | 'never-kind'; readonly kind: ViolationKind };

export interface Expectation {
  /** The variants it applies to, or `all` (every variant the test is checked under). */
  readonly variants: readonly Variant[] | 'all';
  readonly what: ExpectWhat;
  /** The line as written after `expect`, e.g. `v6.9: never use-after-free`. */
  readonly text: string;
  readonly line: number;
}

/** A checked litmus test. */
export interface LitmusTest {
  readonly name: string;
  readonly file: string;
  readonly doc: readonly string[];
  /** The source text; its hash identifies the test in replay tokens. */
  readonly source: string;
  readonly init: Script;
  readonly threads: readonly ThreadDef[];
  readonly condition: Condition | null;
  readonly expectations: readonly Expectation[];
  /** `mustfree` caches: objects of these still allocated when every thread finished are a `leak`. */
  readonly mustFree: readonly CacheName[];
  /** `observe release(NAME)`: init fd names whose file's releasing thread the state shows. */
  readonly observe: readonly string[];
  /**
   * `bad LABEL`: the states an `exists` condition describes are bad outcomes (LABEL names them, e.g. `spurious
   * EBUSY`). Without it an `exists` condition is a question; `~exists`/`forall` declare their bad states themselves.
   */
  readonly bad?: string;
}

/** One wanted event of an `[EPOLLIN:7, EPOLLOUT:w]` list: its mask, and its data (a u64, an init fd name, or any). */
export interface EventWant {
  readonly mask: number;
  readonly data: bigint | null;
  /** The data is the number of this init fd name (`ev.data.fd = w`). */
  readonly dataFd?: string;
}
