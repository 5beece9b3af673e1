// Playground: one entry of the examples menu (a value the build embeds in the page; no file access here).

/** One entry of the menu; the page embeds the list (web/app/examples.ts). */
export interface Example {
  readonly group: string;
  readonly name: string;
  /** The path under the package, e.g. `litmus/I1-dmabuf-sync.litmus`. */
  readonly file: string;
  readonly doc: string;
  readonly kind: 'litmus' | 'script';
  readonly source: string;
  /** The variants the test's expectations name (a `--variant` list), or `v7.1`. */
  readonly variants: string;
}

export const GROUPS = {
  seed: 'Seed case study (I1–I10)',
  bugs: 'Known bugs (litmus/bugs: E1–E7)',
  findings: 'Findings (I5: the deferred release)',
  races: 'More lifetime races',
  traps: 'Classic epoll traps',
  samples: 'Samples',
  scripts: 'Syscall scripts',
} as const;
