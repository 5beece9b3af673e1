// Models no kernel file: names kernel functions so reports and traces can show model stacks.
import { current } from './current.ts';
import type { Gen, Step } from './step.ts';

/**
 * The generator a `kfn` call returns: the body's own generator, with the function's name on the model stack from its
 * first resumption until it returns or throws (a fatal violation unwinding it). A plain object instead of a wrapping
 * generator: every step a deep call chain yields passes through each frame of the chain, and a wrapper generator
 * doubled the frames (the explorer's hottest path).
 */
class Framed<R> implements Generator<Step, R, void> {
  /** The stack the name was pushed on (the running task's), while the body runs; null before and after. */
  private stack: string[] | null = null;
  private started = false;

  constructor(
    private readonly name: string,
    private readonly body: Gen<R>,
  ) {}

  next(): IteratorResult<Step, R> {
    if (!this.started) {
      this.started = true;
      this.stack = current().stack;
      this.stack.push(this.name);
    }
    let r: IteratorResult<Step, R>;
    try {
      r = this.body.next();
    } catch (e) {
      this.exit();
      throw e;
    }
    if (r.done === true) this.exit();
    return r;
  }

  return(value: R): IteratorResult<Step, R> {
    try {
      return this.body.return(value);
    } finally {
      this.exit();
    }
  }

  throw(e: unknown): IteratorResult<Step, R> {
    let r: IteratorResult<Step, R>;
    try {
      r = this.body.throw(e);
    } catch (x) {
      this.exit();
      throw x;
    }
    if (r.done === true) this.exit();
    return r;
  }

  [Symbol.iterator](): this {
    return this;
  }

  private exit(): void {
    this.started = true;
    if (this.stack !== null) this.stack.pop();
    this.stack = null;
  }
}

/**
 * Wraps a kernel function so that, while it runs, its name is on the current task's model stack.
 * `export const ep_insert = kfn('ep_insert', function* (...) { ... })`.
 */
export function kfn<A extends unknown[], R>(name: string, body: (...args: A) => Gen<R>): (...args: A) => Gen<R> {
  const wrapped = (...args: A): Gen<R> => new Framed(name, body(...args));
  Object.defineProperty(wrapped, 'name', { value: name });
  return wrapped;
}
