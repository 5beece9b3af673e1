// Errors the library API throws: the model halted, or a call was made that cannot be made.
import type { Violation } from '../kernel/violation.ts';

const HALT_BRAND = Symbol.for('epoll-lab/ModelHaltError');

/** A fatal model violation (use-after-free, BUG_ON, deadlock) stopped the kernel during a call. */
export class ModelHaltError extends Error {
  readonly [HALT_BRAND] = true;
  override readonly name = 'ModelHaltError';
  constructor(readonly violation: Violation) {
    super(`EPM202 model halted: ${violation.kind}: ${violation.title}`);
  }
  static is(e: unknown): e is ModelHaltError {
    return typeof e === 'object' && e !== null && HALT_BRAND in e;
  }
}
