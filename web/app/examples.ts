// Playground: the examples menu — the corpus embedded at build time (src/playground/examples.ts collects it).
import type { Example } from '../../src/playground/example.ts';

export type { Example };

declare const __EPOLL_LAB_EXAMPLES__: readonly Example[];

/** Every corpus test and example script, in menu order. */
export const EXAMPLES: readonly Example[] = __EPOLL_LAB_EXAMPLES__;

/** Fills a select with one optgroup per group; option values are indices into EXAMPLES. */
export function fillExamples(select: HTMLSelectElement): void {
  const groups = new Map<string, HTMLOptGroupElement>();
  EXAMPLES.forEach((e, i) => {
    let g = groups.get(e.group);
    if (g === undefined) {
      g = document.createElement('optgroup');
      g.label = e.group;
      groups.set(e.group, g);
      select.append(g);
    }
    const o = document.createElement('option');
    o.value = String(i);
    o.textContent = e.name;
    o.title = e.doc;
    g.append(o);
  });
}
