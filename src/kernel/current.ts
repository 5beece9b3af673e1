// Models the kernel's `current`: the task whose code is running; the driver sets it before resuming a generator.
import type { Task } from './task.ts';

let cur: Task | null = null;

/** The running task. Only valid inside kernel code resumed by a driver. */
export function current(): Task {
  if (cur === null) throw new Error('epoll-lab bug: kernel code ran outside a driver');
  return cur;
}

/** The running task, or null outside a driver (set-up code building objects before any thread runs). */
export function peekCurrent(): Task | null {
  return cur;
}

export function setCurrent(t: Task | null): void {
  cur = t;
}
