// Models no kernel file: names kernel functions so reports and traces can show model stacks.
import { current } from './current.ts';
import type { Gen } from './step.ts';

/**
 * Wraps a kernel function so that, while it runs, its name is on the current task's model stack.
 * `export const ep_insert = kfn('ep_insert', function* (...) { ... })`.
 */
export function kfn<A extends unknown[], R>(name: string, body: (...args: A) => Gen<R>): (...args: A) => Gen<R> {
  const wrapped = function* (...args: A): Gen<R> {
    const stack = current().stack;
    stack.push(name);
    try {
      return yield* body(...args);
    } finally {
      stack.pop();
    }
  };
  Object.defineProperty(wrapped, 'name', { value: name });
  return wrapped;
}
