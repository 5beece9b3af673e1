// Models no kernel file: names kernel functions so reports and traces can show model stacks.
import type { Gen, Step } from './step.ts';

/**
 * What a `kfn` call returns: a call record the driver runs as a frame of its own (src/sched/runtime.ts). When the
 * caller delegates to it with `yield*`, its first `next()` hands the record itself up to the driver, which pushes
 * `body` on the task's frame stack and `name` on the task's model stack, and resumes `body` directly: the steps the
 * body yields reach the driver through no caller's generator. When the body returns, the driver resumes the caller
 * with the value, and the record's second `next(value)` ends the caller's `yield*` with it. (`return` and `throw`
 * complete the iterator protocol `yield*` expects; the driver never calls them: an exception abandons the frames.)
 *
 * Why: a step used to pass up through every generator of the call chain (3.5-4 kernel functions deep on average, two
 * resumptions per function with the naming iterator), which was a quarter of the sequential driver's time.
 */
export class KCall<R = unknown> implements Generator<Step, R, void> {
  private entered = false;

  constructor(
    readonly name: string,
    readonly body: Gen<R>,
    /** The call's arguments (a frame observer folds them into the caller's state when the body returns). */
    readonly args: readonly unknown[],
  ) {}

  next(value?: unknown): IteratorResult<Step, R> {
    if (this.entered) return { done: true, value: value as R };
    this.entered = true;
    // The driver recognises the record by its class; it is never a step.
    return { done: false, value: this as unknown as Step };
  }

  return(value: R): IteratorResult<Step, R> {
    this.entered = true;
    return { done: true, value };
  }

  throw(e: unknown): IteratorResult<Step, R> {
    this.entered = true;
    throw e;
  }

  [Symbol.iterator](): this {
    return this;
  }
}

/**
 * Wraps a kernel function so that, while it runs, its name is on the current task's model stack.
 * `export const ep_insert = kfn('ep_insert', function* (...) { ... })`.
 */
export function kfn<A extends unknown[], R>(name: string, body: (...args: A) => Gen<R>): (...args: A) => Gen<R> {
  const wrapped = (...args: A): Gen<R> => new KCall(name, body(...args), args);
  Object.defineProperty(wrapped, 'name', { value: name });
  return wrapped;
}

/**
 * Watches a task's `kfn` frames (the stateful explorer's per-frame histories): `call` when a body is pushed, `ret`
 * when one returns to its caller with `value` (not for the task's bottom generator), `reset` when the task starts a
 * new program. Instrumentation, not kernel state.
 */
export interface FrameObserver {
  call(t: object, c: KCall): void;
  ret(t: object, value: unknown): void;
  reset(t: object): void;
}
