// What script names stand for: statically (their kind, for checks before running) and at run time (their value).
import type { ProcessState } from './session.ts';

/** Kinds of values a result name can be bound to. */
export type NameKind = 'fd' | 'fence' | 'process';

/** A name's value while the script runs. A failed call binds its fd names to -1 and its fence names to null. */
export type Binding =
  | { readonly kind: 'fd'; readonly fd: number }
  | { readonly kind: 'fence'; readonly fence: object | null }
  | { readonly kind: 'process'; readonly proc: ProcessState };

/** Names bound so far, by kind: what compile-time checks see. */
export type StaticScope = ReadonlyMap<string, NameKind>;

/** Names bound so far, with values: what compiled arguments read. */
export type Env = ReadonlyMap<string, Binding>;

/** The first process of every kernel; always bound, never rebindable. */
export const MAIN = 'main';

export function describeKind(k: NameKind): string {
  return k === 'fd' ? 'an fd' : k === 'fence' ? 'a fence' : 'a process';
}
